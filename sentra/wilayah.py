"""Balikpapan's kecamatan and kelurahan, loaded from the reference file in sentra/data/.

Boundaries change (a split of Balikpapan Utara is under study), so they are
data, not code: edit the JSON file and run `manage.py load_wilayah` again.
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import Kecamatan, Kelurahan

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "balikpapan.json"


def read_reference(path=REFERENCE_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_wilayah(path=REFERENCE_FILE):
    """Create or update every kecamatan and kelurahan by region code.

    Returns the counts (kecamatan, kelurahan) read from the file.
    """
    data = read_reference(path)
    kelurahan_count = 0
    for entry in data["kecamatan"]:
        centre = entry.get("map_centre") or {}
        kecamatan, _ = Kecamatan.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "slug": slugify(entry["name"]),
                "description": entry.get("description", ""),
                "latitude": centre.get("lat"),
                "longitude": centre.get("lng"),
            },
        )
        for code, name in entry["kelurahan"]:
            Kelurahan.objects.update_or_create(
                code=code, defaults={"kecamatan": kecamatan, "name": name, "slug": slugify(name)}
            )
            kelurahan_count += 1
    return len(data["kecamatan"]), kelurahan_count
