"""The catalogue's search: spellings people use, ranking, staying in step, and its index."""

import pytest
from django.db import connection

from balikpapan_umkm.search import fold, words
from produk.models import Product

from .factories import ProductFactory, TenantFactory


def found(client, query, **filters):
    response = client.get("/produk/", {"q": query, **filters})
    assert response.status_code == 200
    return [product.name for product in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Ampelang", "amplang"),
        ("amplang", "amplang"),
        ("KERIPIK Pisang", "kripik pisang"),
        ("kerupuk", "krupuk"),
        ("Djamoe Tjap Djago", "jamu cap jago"),
        ("Café", "cafe"),
        ("Bingka, kentang!", "bingka kentang"),
        ("kepiting", "kepiting"),  # e before p: spoken, kept
    ],
)
def test_spellings_fold_to_one_form(written, folded):
    assert fold(written) == folded


def test_a_query_keeps_five_different_words():
    assert words("Kopi kopi KOPI") == ["kopi"]
    assert words("a b c d e f g") == ["a", "b", "c", "d", "e"]
    assert words("!!! ???") == []


@pytest.mark.parametrize("query", ["ampelang", "Amplang", "AMPLANG kepiting", "amplang  "])
def test_ampelang_and_amplang_find_the_same_products(client, db, query):
    ProductFactory(name="Amplang Kepiting")
    ProductFactory(name="Ampelang Ikan Tenggiri")
    ProductFactory(name="Bingka Kentang")
    expected = {"Amplang Kepiting", "Ampelang Ikan Tenggiri"}
    if "kepiting" in query:
        expected = {"Amplang Kepiting"}
    assert set(found(client, query)) == expected


def test_kopi_and_Kopi_find_the_same_products(client, db):
    ProductFactory(name="Kopi Robusta Samboja")
    ProductFactory(name="Teh Serai", description="Seduh seperti kopi.")
    assert found(client, "kopi") == found(client, "Kopi") == ["Kopi Robusta Samboja", "Teh Serai"]


def test_the_tenant_name_finds_its_products(client, db):
    tenant = TenantFactory(name="Dapur Mama Ani")
    ProductFactory(name="Bolu Gulung", tenant=tenant)
    ProductFactory(name="Bolu Pandan")
    assert found(client, "mama ani") == ["Bolu Gulung"]


def test_results_are_ranked_name_first_then_by_position(client, db):
    ProductFactory(name="Teh Serai", description="Bisa diseduh dengan kopi.", is_flagship=True)
    ProductFactory(name="Bubuk Kopi Liberika")
    ProductFactory(name="Kopi Robusta")
    assert found(client, "kopi") == ["Kopi Robusta", "Bubuk Kopi Liberika", "Teh Serai"]


def test_a_chosen_order_replaces_the_ranking(client, db):
    ProductFactory(name="Kopi Robusta", price=50_000)
    ProductFactory(name="Bubuk Kopi Liberika", price=20_000)
    assert found(client, "kopi", urut="harga") == ["Bubuk Kopi Liberika", "Kopi Robusta"]


def test_a_renamed_tenant_is_found_by_its_new_name(client, db):
    product = ProductFactory(name="Abon Ikan", tenant=TenantFactory(name="UMKM Lama"))
    tenant = product.tenant
    tenant.name = "Rumah Abon Bu Sri"
    tenant.save()
    assert found(client, "bu sri") == ["Abon Ikan"]
    assert found(client, "lama") == []


def test_words_awaiting_review_are_not_searchable_until_approved(client, db, kurator):
    product = ProductFactory(name="Kue Bingka")
    manager_copy = Product.objects.get(pk=product.pk)
    manager_copy.name = "Kue Bingka Kentang Istimewa"
    manager_copy.hold_changes_for_review(by=kurator)
    manager_copy.save()
    assert found(client, "istimewa") == []  # the public still sees "Kue Bingka"

    Product.objects.get(pk=product.pk).approve(by=kurator)
    assert found(client, "istimewa") == ["Kue Bingka Kentang Istimewa"]


def test_search_text_is_stored_folded_from_name_tenant_and_description(db):
    product = ProductFactory(
        name="Ampelang Udang", tenant=TenantFactory(name="Toko Djaja"), description="Renyah!"
    )
    product.refresh_from_db()
    assert product.search_text == "amplang udang toko jaja renyah"


def test_the_search_is_served_by_an_index(db):
    """PostgreSQL: the trigram index; SQLite: one narrow column, the tenant found by key."""
    ProductFactory.create_batch(3)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A table of three rows is cheaper to read whole: ask the planner what it
            # does when that is not an option, as with 30,000 products.
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Product.objects.matching(["amplang"]).values("pk").explain()
        assert "Bitmap Index Scan on product_search_trgm" in plan
    else:
        searched = Product.objects.public().for_listing().matching(["amplang"])
        plan = searched.explain()
        assert "SCAN produk_tenant" not in plan
        where = str(searched.query).split(" WHERE ")[1]
        assert '"produk_product"."search_text" LIKE' in where
        assert '"produk_tenant"."name"' not in where
