"""The reference list of kecamatan and kelurahan ships with the code and loads idempotently."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sentra.models import Kecamatan, Kelurahan
from sentra.wilayah import load_wilayah, read_reference

pytestmark = pytest.mark.django_db


def test_balikpapan_has_six_kecamatan_and_34_kelurahan():
    assert load_wilayah() == (6, 34)
    assert Kecamatan.objects.count() == 6
    assert Kelurahan.objects.count() == 34
    barat = Kecamatan.objects.get(code="64.71.02")
    assert barat.name == "Balikpapan Barat"
    assert barat.slug == "balikpapan-barat"
    assert barat.kelurahan.filter(name="Baru Ilir", code="64.71.02.1001").exists()
    assert barat.latitude is not None


def test_loading_twice_keeps_the_same_rows():
    load_wilayah()
    before = list(Kelurahan.objects.values_list("pk", "code", "name", "kecamatan_id"))
    call_command("load_wilayah", stdout=io.StringIO())
    assert list(Kelurahan.objects.values_list("pk", "code", "name", "kecamatan_id")) == before


def test_loading_an_unchanged_file_writes_nothing():
    load_wilayah()
    with CaptureQueriesContext(connection) as queries:
        load_wilayah()
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    # The loader's own transaction is a savepoint inside the test's.
    assert [sql.split()[0].upper() for sql in writes] == ["SAVEPOINT", "RELEASE"]
    assert len(queries) == 4  # the two tables, read once each


def test_a_changed_file_updates_its_rows_in_place(tmp_path):
    load_wilayah()
    barat = Kecamatan.objects.get(code="64.71.02")
    baru_ilir = Kelurahan.objects.get(code="64.71.02.1001")
    reference = read_reference()
    district = next(entry for entry in reference["kecamatan"] if entry["code"] == "64.71.02")
    district["map_centre"] = {"lat": -1.25, "lng": 116.8125}
    district["kelurahan"] = [
        [code, "Baru Ilir Lama" if code == "64.71.02.1001" else name]
        for code, name in district["kelurahan"]
    ]
    # A boundary change: a kelurahan of another district now belongs to Balikpapan Barat.
    other = next(entry for entry in reference["kecamatan"] if entry["code"] != "64.71.02")
    moved_code, _name = other["kelurahan"][-1]
    district["kelurahan"].append(other["kelurahan"].pop())
    moved_before = Kelurahan.objects.get(code=moved_code)
    edited = tmp_path / "balikpapan.json"
    edited.write_text(json.dumps(reference), encoding="utf-8")

    assert load_wilayah(edited) == (6, 34)

    barat.refresh_from_db()
    assert (barat.latitude, barat.longitude) == (Decimal("-1.25"), Decimal("116.8125"))
    renamed = Kelurahan.objects.get(code="64.71.02.1001")
    assert (renamed.pk, renamed.name, renamed.slug) == (
        baru_ilir.pk,
        "Baru Ilir Lama",
        "baru-ilir-lama",
    )
    moved = Kelurahan.objects.get(code=moved_code)
    assert (moved.pk, moved.kecamatan_id) == (moved_before.pk, barat.pk)
    assert moved_before.kecamatan_id != barat.pk
    assert Kelurahan.objects.count() == 34
