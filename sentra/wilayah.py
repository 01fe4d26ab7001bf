"""Balikpapan's kecamatan and kelurahan, loaded from the reference file in sentra/data/.

Boundaries change (a split of Balikpapan Utara is under study), so they are
data, not code: edit the JSON file and run `manage.py load_wilayah` again.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import models, transaction
from django.utils.text import slugify

from .models import Kecamatan, Kelurahan

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "balikpapan.json"


def read_reference(path=REFERENCE_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_wilayah(path=REFERENCE_FILE):
    """Create or update every kecamatan and kelurahan by region code.

    Rows that already hold what the file says are not written: loading an unchanged
    file reads two tables and writes nothing (every deployment runs it, and so does
    every test that asks for the districts). Rows are saved one by one, so that the
    page cache hears of each change.

    Returns the counts (kecamatan, kelurahan) read from the file.
    """
    data = read_reference(path)
    districts = {row.code: row for row in Kecamatan.objects.all()}
    villages = {row.code: row for row in Kelurahan.objects.all()}
    kelurahan_count = 0
    for entry in data["kecamatan"]:
        centre = entry.get("map_centre") or {}
        kecamatan = _put(
            districts,
            Kecamatan,
            entry["code"],
            name=entry["name"],
            slug=slugify(entry["name"]),
            description=entry.get("description", ""),
            latitude=centre.get("lat"),
            longitude=centre.get("lng"),
        )
        for code, name in entry["kelurahan"]:
            _put(
                villages, Kelurahan, code, kecamatan_id=kecamatan.pk, name=name, slug=slugify(name)
            )
            kelurahan_count += 1
    return len(data["kecamatan"]), kelurahan_count


def _put(existing, model, code, **values):
    """The row of `model` with this region code, holding `values`: created, updated in
    the fields that differ, or left alone."""
    wanted = {name: _as_stored(model, name, value) for name, value in values.items()}
    row = existing.get(code)
    if row is None:
        return model.objects.create(code=code, **wanted)
    differing = [name for name, value in wanted.items() if getattr(row, name) != value]
    if differing:
        for name in differing:
            setattr(row, name, wanted[name])
        row.save(update_fields=differing)
    return row


def _as_stored(model, name, value):
    """`value` as the database gives it back (a coordinate as a Decimal of its column's
    places), so that an unchanged value compares equal to the row's."""
    field = model._meta.get_field(name)
    if value is None or field.is_relation:
        return value
    value = field.to_python(value)
    if isinstance(field, models.DecimalField):
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
    return value
