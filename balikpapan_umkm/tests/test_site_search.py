"""The site search: one box in the header, on the search page and on the 404 page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from produk.curation import Curation
from produk.models import Tenant
from produk.tests.factories import ProductFactory, TenantFactory
from sentra.tests.factories import SentraFactory

pytestmark = pytest.mark.django_db


def found(client, query, prefix=""):
    response = client.get(f"{prefix}/cari/", {"q": query})
    assert response.status_code == 200
    context = response.context
    return {
        "centres": [sentra.name for sentra in context.get("centres", [])],
        "tenants": [tenant.name for tenant in context.get("tenants", [])],
        "products": [product.name for product in context.get("products", [])],
    }


def test_one_query_finds_centres_tenants_and_products(client):
    sentra = SentraFactory(name="Sentra Amplang Manggar")
    tenant = TenantFactory(name="Amplang Bu Ani", sentra=sentra)
    ProductFactory(name="Ampelang Kepiting", tenant=tenant)
    ProductFactory(name="Bingka Kentang")
    assert found(client, "amplang") == {
        "centres": ["Sentra Amplang Manggar"],
        "tenants": ["Amplang Bu Ani"],
        # the tenant's name finds its products too; names first
        "products": ["Ampelang Kepiting"],
    }


def test_spellings_and_case_find_the_same(client):
    TenantFactory(name="Keripik Pisang Mama Ina")
    assert found(client, "kripik")["tenants"] == found(client, "KERIPIK")["tenants"]
    assert found(client, "kripik")["tenants"] == ["Keripik Pisang Mama Ina"]


def test_only_what_the_public_may_see_is_found(client):
    TenantFactory(name="Kopi Draft", curation_status=Curation.DRAFT)
    TenantFactory(name="Kopi Tutup", status=Tenant.Status.CLOSED)
    ProductFactory(name="Kopi Belum Disetujui", curation_status=Curation.DRAFT)
    ProductFactory(name="Kopi Habis", is_available=False)
    ProductFactory(name="Kopi Robusta")
    results = found(client, "kopi")
    assert results["tenants"] == []
    assert results["products"] == ["Kopi Robusta"]


def test_many_products_link_to_the_catalogue_with_the_same_words(client):
    ProductFactory.create_batch(14, name="Sambal Roa")
    page = client.get("/en/cari/", {"q": "sambal roa"}).content.decode()
    assert len(re.findall(r'class="card product-card"', page)) == 12
    assert 'href="/en/produk/?q=sambal%20roa"' in page
    assert "All 14 products in the catalogue" in page


def test_nothing_found_says_what_to_try(client):
    page = client.get("/en/cari/", {"q": "zzzz"}).content.decode()
    assert "Nothing matches" in page
    assert "Try fewer words" in page


@pytest.mark.parametrize(
    "query", ["", "   ", "!!!", "<script>alert(1)</script>", "a" * 100, "' OR 1=1 --"]
)
def test_any_query_answers_200_and_shows_it_as_text(client, query):
    response = client.get("/cari/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_query_over_100_characters_is_refused_with_a_message(client):
    response = client.get("/cari/", {"q": "a" * 101})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert "centres" not in response.context


def test_the_search_runs_four_queries_and_the_footers_date(client):
    """Centres, tenants, products and the product count, whatever matches; and the footer's
    "last updated" date (one query per page with the page cache off, as here)."""
    SentraFactory(name="Sentra Kopi")
    ProductFactory.create_batch(3, name="Kopi Liberika")
    client.get("/cari/", {"q": "kopi"})  # warm: session-independent lookups
    with CaptureQueriesContext(connection) as queries:
        client.get("/cari/", {"q": "kopi"})
    assert len(queries) == 4 + 1, [q["sql"][:80] for q in queries]


def test_every_page_has_the_search_box_in_its_header(client, demo_data):
    for path in ("/", "/produk/", "/en/kuliner/"):
        page = client.get(path).content.decode()
        header = page.split('<header class="site-header">')[1].split("</header>")[0]
        action = "/en/cari/" if path.startswith("/en/") else "/cari/"
        assert f'<form class="site-search" method="get" action="{action}" role="search">' in header
        assert 'name="q"' in header


def test_the_404_page_offers_the_search(client):
    response = client.get("/sentra/tidak-ada/")
    assert response.status_code == 404
    page = response.content.decode()
    main = page.split('<main id="main"')[1]
    assert 'action="/cari/"' in main


def test_the_search_page_sets_no_cookie_and_is_not_indexed(client):
    response = client.get("/cari/", {"q": "kopi"})
    assert not response.cookies
    assert not response.has_header("Vary")
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_english_search_page(client):
    ProductFactory(name="Kopi Robusta")
    response = client.get("/en/cari/", {"q": "kopi"})
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert found(client, "kopi", prefix="/en")["products"] == ["Kopi Robusta"]
