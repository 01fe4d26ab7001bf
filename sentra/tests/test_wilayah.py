"""The reference list of kecamatan and kelurahan ships with the code and loads idempotently."""

import io

import pytest
from django.core.management import call_command

from sentra.models import Kecamatan, Kelurahan
from sentra.wilayah import load_wilayah

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
