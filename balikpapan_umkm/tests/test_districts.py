"""District pages: the list says what each district has; a district's page maps its centres."""

import datetime
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from produk.curation import Curation
from produk.tests.factories import ProductFactory, TenantFactory
from sentra.tests.factories import KecamatanFactory, KelurahanFactory, SentraFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    """Balikpapan Kota with two centres (one on the map), two kelurahan and what the public sees."""
    kota = KecamatanFactory(name="Balikpapan Kota", slug="balikpapan-kota")
    KelurahanFactory(kecamatan=kota, name="Klandasan Ilir")
    KelurahanFactory(kecamatan=kota, name="Prapatan")
    mapped = SentraFactory(
        name="Pujasera Pantai",
        kecamatan=kota,
        opened_on=datetime.date(2024, 1, 1),
        latitude=Decimal("-1.276"),
        longitude=Decimal("116.83"),
    )
    SentraFactory(name="Sentra Rencana", kecamatan=kota)
    stall = TenantFactory(sentra=mapped)
    ProductFactory(tenant=stall, name="Amplang")
    ProductFactory(tenant=stall, name="Bingka")
    ProductFactory(tenant=stall, name="Draft", curation_status=Curation.DRAFT)
    ProductFactory(tenant=stall, name="Sold out", is_available=False)
    hidden = TenantFactory(sentra=mapped, curation_status=Curation.DRAFT)
    ProductFactory(tenant=hidden, name="Of a tenant under review")
    KecamatanFactory(name="Balikpapan Timur", slug="balikpapan-timur")
    return kota


def card_of(page, name):
    soup = BeautifulSoup(page, "html.parser")
    card = next(c for c in soup.select(".district-card") if c.h3.get_text(strip=True) == name)
    return " ".join(card.get_text(" ", strip=True).split())


def test_the_district_list_counts_centres_and_only_the_products_the_public_sees(client, district):
    page = client.get("/en/kecamatan/").content.decode()
    assert "2 centres · 2 products" in card_of(page, "Balikpapan Kota")
    assert "0 centres · 0 products" in card_of(page, "Balikpapan Timur")


def test_the_home_page_s_district_cards_carry_the_same_counts(client, district):
    page = client.get("/en/").content.decode()
    assert "2 centres · 2 products" in card_of(page, "Balikpapan Kota")


def test_a_district_page_gives_its_figures_and_maps_its_centres(client, district):
    response = client.get("/en/kecamatan/balikpapan-kota/")
    soup = BeautifulSoup(response.content, "html.parser")
    figures = [" ".join(li.get_text(" ", strip=True).split()) for li in soup.select(".figures li")]
    assert figures == ["2 UMKM centres", "1 tenant", "2 products", "2 kelurahan"]
    points = json.loads(soup.select_one("#map-points").string)
    assert [point["name"] for point in points] == ["Pujasera Pantai"]  # only a centre with a place
    assert soup.select_one('link[href*="leaflet"]') is not None
    kelurahan = [li.get_text(strip=True) for li in soup.select(".inline-list li")]
    assert kelurahan == ["Klandasan Ilir", "Prapatan"]


def test_a_district_without_a_mapped_centre_loads_no_map(client, district):
    page = client.get("/en/kecamatan/balikpapan-timur/").content.decode()
    assert "map-points" not in page
    assert "leaflet" not in page
