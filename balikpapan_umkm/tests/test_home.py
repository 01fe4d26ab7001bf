"""The home page: the six districts, each centre's status and progress, in both languages."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_six_kecamatan_with_their_centres(client, demo_data):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Barat", "Kota", "Selatan", "Tengah", "Timur", "Utara"):
        assert f"Balikpapan {name}" in page
    assert "Sentra UMKM Balikpapan Barat" in page
    assert '<progress max="100" value="40"' in page
    assert "Sedang dibangun" in page  # Indonesian by default
    assert '<html lang="id">' in page


def test_the_home_page_speaks_english_under_en(client, demo_data):
    response = client.get("/en/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert "Under construction" in page


def test_detail_pages_of_the_demo_data_answer(client, demo_data):
    from produk.models import Product, Tenant
    from sentra.models import Kecamatan, Sentra

    urls = [
        Kecamatan.objects.get(slug="balikpapan-barat").get_absolute_url(),
        Sentra.objects.get(slug="sentra-umkm-balikpapan-barat").get_absolute_url(),
        Tenant.objects.first().get_absolute_url(),
        Product.objects.first().get_absolute_url(),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
