"""English pages explain local food: glosses beside product names, and English descriptions.

The glossary (produk.Gloss) is curators' data; English pages (/en/...) show
the gloss of each of its terms found in a product's name, Indonesian pages
none. Tenants and products may have an English description; without one an
English page shows the Indonesian description and says so.
"""

import json
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from balikpapan_umkm.search import fold
from produk.glossary import STARTER_GLOSSARY, Glossary, add_starter_glossary
from produk.models import Gloss, Product, Tenant

pytestmark = pytest.mark.django_db

AMPLANG = "amplang-ikan-tenggiri-amplang-teritip-bahari"  # has an English description
KEPITING = "kepiting-saus-padang-kepiting-saus-klandasan"  # has none
AMPLANG_TENANT = "amplang-teritip-bahari"  # has an English description
KEPITING_TENANT = "kepiting-saus-klandasan"  # has none
NOTE = '<p class="description-note">Description in Indonesian</p>'


@pytest.fixture
def glossary(db):
    """The starter glossary of every install (a transactional test may have emptied it)."""
    add_starter_glossary(Gloss)


def url(obj, language):
    """The page of `obj` in `language`, whichever language the last request left active."""
    with translation.override(language):
        return obj.get_absolute_url()


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def glosses_on(page):
    """The text of every gloss on a page, tags stripped."""
    return [re.sub(r"<[^>]+>", "", g) for g in re.findall(r'<p class="gloss">(.*?)</p>', page)]


def glossary_reads(queries):
    return sum('"produk_gloss"' in query["sql"] for query in queries.captured_queries)


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


# --- Matching ---------------------------------------------------------------

WORDS = Glossary(
    [
        ("amplang", "amplang", "crunchy fish crackers"),
        ("kepiting", "kepiting", "crab"),
        ("kepiting soka", "kepiting soka", "soft-shell crab"),
        ("tahu", "tahu", "tofu"),
        ("abon", "abon", "floss"),
        ("nasi kuning", "nasi kuning", "yellow rice"),
        ("kripik", "keripik", "crisps"),
    ]
)


def test_a_term_is_found_however_the_name_spells_it():
    assert WORDS.glosses_in("AMPELANG Ikan Tenggiri") == [("amplang", "crunchy fish crackers")]
    assert WORDS.glosses_in("Kripik tempe") == [("keripik", "crisps")]


def test_a_two_word_term_is_found_before_its_first_word_alone():
    assert WORDS.glosses_in("Kepiting soka goreng") == [("kepiting soka", "soft-shell crab")]
    assert WORDS.glosses_in("Kepiting saus padang") == [("kepiting", "crab")]
    assert WORDS.glosses_in("Nasi-kuning telur") == [("nasi kuning", "yellow rice")]


def test_only_whole_words_are_found():
    assert WORDS.glosses_in("Ketahui tahunya, tahuan") == []
    assert WORDS.glosses_in("Kabon amplangan nasi") == []


def test_each_term_is_glossed_once_in_the_order_of_the_name():
    assert WORDS.glosses_in("Abon kepiting dan abon tahu") == [
        ("abon", "floss"),
        ("kepiting", "crab"),
        ("tahu", "tofu"),
    ]


def test_the_starter_glossary_is_short_and_spelt_once():
    assert len({fold(term) for term, *_ in STARTER_GLOSSARY}) == len(STARTER_GLOSSARY)
    assert all(0 < len(gloss) <= 120 for _term, gloss, _note in STARTER_GLOSSARY)


def test_adding_the_starter_glossary_again_keeps_what_curators_changed(glossary):
    Gloss.objects.filter(folded_term="amplang").update(gloss="puffed fish crackers")
    Gloss.objects.filter(folded_term="tahu").delete()
    add_starter_glossary(Gloss)
    assert Gloss.objects.get(folded_term="amplang").gloss == "puffed fish crackers"
    assert Gloss.objects.count() == len(STARTER_GLOSSARY)


def test_every_install_has_the_starter_glossary():
    """Made by a migration, not by the demo: the words are facts, not fiction."""
    terms = set(Gloss.objects.values_list("term", flat=True))
    assert {"amplang", "bingka", "kepiting soka", "abon"} <= terms


# --- The glossary's rules ----------------------------------------------------


def test_a_second_spelling_of_a_term_is_refused(glossary):
    with pytest.raises(ValidationError) as error:
        Gloss(term="Ampelang", gloss="fish crackers").full_clean()
    assert "amplang" in error.value.message_dict["term"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Gloss.objects.create(term="AMPELANG", gloss="fish crackers")


def test_a_term_without_letters_is_refused_by_the_form_and_the_database(glossary):
    with pytest.raises(ValidationError) as error:
        Gloss(term="--", gloss="nothing").full_clean()
    assert "term" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Gloss.objects.create(term="?!", gloss="nothing")


def test_a_term_that_spells_out_longer_than_the_column_is_refused_with_a_message(glossary):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            Gloss(term="\ufb03" * 25, gloss="too long").full_clean()  # the ligature "ffi"
        assert error.value.message_dict["term"] == [
            "This term is too long once written in plain letters."
        ]


def test_reading_the_glossary_takes_one_query(glossary, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = Gloss.objects.glossary()
    assert len(found) == Gloss.objects.count()


# --- English pages show glosses, Indonesian pages none ------------------------


def test_an_english_product_page_glosses_the_local_words_of_its_name(client, demo_data, glossary):
    page = html(client.get(f"/en/produk/{AMPLANG}/"))
    heading = page.split("<h1>", 1)[1]
    assert heading.startswith("Amplang ikan tenggiri</h1>")
    assert glosses_on(heading)[0] == (
        "amplang: crunchy fish crackers, usually of mackerel (tenggiri)"
    )
    assert '<p class="gloss"><i lang="id">amplang</i>: crunchy fish crackers' in heading


@pytest.mark.parametrize("path", ["/en/produk/?q=abon", "/en/tenan/abon-kepiting-pesisir/", "/en/"])
def test_english_product_cards_carry_the_glosses_of_their_names(client, demo_data, glossary, path):
    glosses = glosses_on(html(client.get(path)))
    assert "abon: meat or fish floss, shredded, spiced and fried dry" in glosses, glosses


def test_a_card_glosses_the_first_local_word_and_the_product_page_all(client, demo_data, glossary):
    """Cards stay short: the name's first term, usually what the product is."""
    Product.objects.filter(slug="abon-kepiting-abon-kepiting-pesisir").update(
        name="Abon kepiting tahu tempe"
    )
    page = html(client.get("/en/tenan/abon-kepiting-pesisir/"))
    card = page.split('href="/en/produk/abon-kepiting-abon-kepiting-pesisir/"', 2)[2]
    assert glosses_on(card)[0] == "abon: meat or fish floss, shredded, spiced and fried dry"
    detail = html(client.get("/en/produk/abon-kepiting-abon-kepiting-pesisir/"))
    assert glosses_on(detail.split("<h1>", 1)[1])[0] == (
        "abon: meat or fish floss, shredded, spiced and fried dry; kepiting: crab; "
        "tahu: tofu (soybean curd); tempe: fermented soybean cake (tempeh)"
    )


@pytest.mark.parametrize(
    "path", [f"/produk/{AMPLANG}/", "/produk/?q=abon", "/tenan/abon-kepiting-pesisir/", "/"]
)
def test_indonesian_pages_show_no_gloss_and_read_no_glossary(client, demo_data, glossary, path):
    with CaptureQueriesContext(connection) as queries:
        page = html(client.get(path))
    assert 'class="gloss"' not in page
    assert glossary_reads(queries) == 0


# English pages read the glossary once, however many product names they show; pages
# without products do not read it. The rest of each page's queries are those of the
# Indonesian page, whose budgets balikpapan_umkm/tests/test_pages.py keeps exact.
GLOSSARY_READS = {
    "/en/": 1,  # flagship products
    "/en/produk/": 1,  # 24 cards
    f"/en/produk/{KEPITING}/": 1,  # the name and the related products
    f"/en/tenan/{KEPITING_TENANT}/": 1,
    "/en/sentra/pujasera-contoh-klandasan/": 1,
    "/en/kecamatan/balikpapan-kota/": 1,
    "/en/cari/?q=kepiting": 1,
    "/en/kuliner/": 1,  # the dishes on each card
    "/en/kecamatan/": 0,
    "/en/progres/": 0,
}


@pytest.mark.parametrize("path", GLOSSARY_READS)
def test_an_english_page_costs_the_indonesian_pages_queries_plus_one_read_of_the_glossary(
    client, demo_data, glossary, path
):
    with CaptureQueriesContext(connection) as indonesian:
        html(client.get(path.removeprefix("/en")))
    with CaptureQueriesContext(connection) as english:
        html(client.get(path))
    assert glossary_reads(english) == GLOSSARY_READS[path]
    assert len(english) == len(indonesian) + GLOSSARY_READS[path]


# --- Curators keep the glossary; an edit shows at once --------------------------


def test_a_curator_adds_and_edits_glosses_and_english_pages_show_them(
    client, demo_data, glossary, kurator, admin_url
):
    client.force_login(kurator)
    added = client.post(
        admin_url(Gloss, "add"),
        {"term": "Bolu gulung", "gloss": "rolled sponge cake (Swiss roll)", "note": ""},
    )
    assert added.status_code == 302
    amplang = Gloss.objects.get(folded_term="amplang")
    edited = client.post(
        admin_url(Gloss, "change", amplang.pk),
        {"term": "amplang", "gloss": "puffed fish crackers from Balikpapan", "note": ""},
    )
    assert edited.status_code == 302
    client.logout()
    assert glosses_on(html(client.get(f"/en/produk/{AMPLANG}/")))[0] == (
        "amplang: puffed fish crackers from Balikpapan"
    )
    bolu = html(client.get("/en/produk/bolu-gulung-pandan-bingka-mama-ilir/"))
    assert glosses_on(bolu)[0] == "Bolu gulung: rolled sponge cake (Swiss roll)"


def test_a_curator_is_told_when_a_term_is_already_there_in_another_spelling(
    client, glossary, kurator, admin_url
):
    client.force_login(kurator)
    response = client.post(admin_url(Gloss, "add"), {"term": "Ampelang", "gloss": "crackers"})
    assert response.status_code == 200
    assert "term" in response.context["adminform"].form.errors
    assert Gloss.objects.filter(folded_term="amplang").count() == 1


def test_the_back_office_finds_a_term_by_any_spelling(client, glossary, kurator, admin_url):
    client.force_login(kurator)
    found = client.get(admin_url(Gloss), {"q": "ampelang"}).context["cl"].result_list
    assert [g.term for g in found] == ["amplang"]


def test_centre_managers_cannot_open_or_change_the_glossary(
    client, glossary, manager_of_pujasera, admin_url
):
    client.force_login(manager_of_pujasera)
    amplang = Gloss.objects.get(folded_term="amplang")
    assert client.get(admin_url(Gloss)).status_code == 403
    assert client.post(admin_url(Gloss, "add"), {"term": "x", "gloss": "y"}).status_code == 403
    response = client.post(
        admin_url(Gloss, "change", amplang.pk), {"term": "amplang", "gloss": "taken over"}
    )
    assert response.status_code == 403
    assert Gloss.objects.get(pk=amplang.pk).gloss.startswith("crunchy fish crackers")


def test_council_staff_read_the_glossary_but_do_not_change_it(
    client, glossary, staf_dprd, admin_url
):
    client.force_login(staf_dprd)
    assert client.get(admin_url(Gloss)).status_code == 200
    assert client.get(admin_url(Gloss, "add")).status_code == 403


@pytest.fixture
def cached(settings, demo_data, glossary):
    settings.PAGE_CACHE = True
    cache.clear()


def test_a_gloss_edit_shows_at_once_on_cached_english_pages(
    client, cached, django_capture_on_commit_callbacks
):
    pages = [f"/en/produk/{AMPLANG}/", f"/en/tenan/{AMPLANG_TENANT}/", "/en/produk/?q=amplang"]
    for path in pages:
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit", path
    amplang = Gloss.objects.get(folded_term="amplang")
    amplang.gloss = "puffed fish crackers"
    with django_capture_on_commit_callbacks(execute=True):
        amplang.save()
    for path in pages:
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss", path
        assert "amplang: puffed fish crackers" in glosses_on(html(response)), path


def test_the_glossary_is_kept_with_the_pages_until_it_changes(
    client, cached, django_capture_on_commit_callbacks
):
    with CaptureQueriesContext(connection) as first:
        html(client.get(f"/en/produk/{AMPLANG}/"))
    with CaptureQueriesContext(connection) as second:
        html(client.get(f"/en/tenan/{AMPLANG_TENANT}/"))  # another page, not yet kept
    assert (glossary_reads(first), glossary_reads(second)) == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        Gloss.objects.create(term="udang", gloss="shrimp")
    with CaptureQueriesContext(connection) as third:
        page = html(client.get("/en/produk/amplang-udang-amplang-teritip-bahari/"))
    assert glossary_reads(third) == 1
    assert glosses_on(page)[0] == (
        "amplang: crunchy fish crackers, usually of mackerel (tenggiri); udang: shrimp"
    )


# --- English descriptions --------------------------------------------------------


def test_an_english_page_shows_the_english_description_when_there_is_one(client, demo_data):
    tenant = Tenant.objects.get(slug=AMPLANG_TENANT)
    product = Product.objects.get(slug=AMPLANG)
    for obj in (tenant, product):
        assert obj.description_en
        page = html(client.get(url(obj, "en")))
        assert f"<p>{obj.description_en}</p>" in page
        assert obj.description not in page
        assert NOTE not in page


def test_without_one_it_shows_the_indonesian_description_marked_as_such(client, demo_data):
    tenant = Tenant.objects.get(slug=KEPITING_TENANT)
    product = Product.objects.get(slug=KEPITING)
    for obj in (tenant, product):
        assert not obj.description_en
        page = html(client.get(url(obj, "en")))
        assert f'{NOTE}<p lang="id">{obj.description}</p>' in page


def test_indonesian_pages_always_show_the_indonesian_description(client, demo_data):
    for obj in (Tenant.objects.get(slug=AMPLANG_TENANT), Product.objects.get(slug=AMPLANG)):
        page = html(client.get(url(obj, "id")))
        assert f"<p>{obj.description}</p>" in page
        assert obj.description_en not in page
        assert 'class="description-note"' not in page


def test_demo_english_descriptions_say_they_are_fictional_too(demo_data):
    for model in (Tenant, Product):
        described = model.objects.exclude(description_en="")
        assert described.exists()
        assert all("(fictional)" in obj.description_en for obj in described)


def test_share_cards_and_structured_data_describe_in_the_pages_language(client, demo_data):
    product = Product.objects.get(slug=AMPLANG)
    english = html(client.get(url(product, "en")))
    assert json_ld(english)[0]["description"] == product.description_en
    assert f'<meta name="description" content="{product.description_en[:50]}' in english
    indonesian = html(client.get(url(product, "id")))
    assert json_ld(indonesian)[0]["description"] == product.description
    tenant = Tenant.objects.get(slug=KEPITING_TENANT)
    fallback = html(client.get(url(tenant, "en")))
    assert json_ld(fallback)[0]["description"] == tenant.description


def test_a_managers_english_description_waits_for_a_curator(
    client, manager_of_pujasera, kurator, admin_url, tenant_form_data
):
    tenant = Tenant.objects.get(slug=KEPITING_TENANT)
    client.force_login(manager_of_pujasera)
    english = "Crab in Padang sauce, by the beach. Example (fictional) data."
    response = client.post(
        admin_url(Tenant, "change", tenant.pk), tenant_form_data(tenant, description_en=english)
    )
    assert response.status_code == 302
    tenant.refresh_from_db()
    assert (tenant.description_en, tenant.pending_changes) == ("", {"description_en": english})
    client.logout()
    assert english not in html(client.get(url(tenant, "en")))

    tenant.approve(by=kurator)
    page = html(client.get(url(tenant, "en")))
    assert f"<p>{english}</p>" in page
    assert NOTE not in page


def test_a_managers_english_product_description_waits_for_a_curator(
    client, manager_of_pujasera, admin_url
):
    product = Product.objects.get(slug=KEPITING)
    client.force_login(manager_of_pujasera)
    response = client.post(
        admin_url(Product, "change", product.pk),
        {
            "name": product.name,
            "slug": product.slug,
            "tenant": product.tenant_id,
            "category": product.category_id,
            "description": product.description,
            "description_en": "Mud crab in a spicy Padang sauce.",
            "price": product.price,
            "price_max": product.price_max,
            "unit": product.unit,
            "is_halal": "on",
            "is_available": "on",
            "version": product.version,
        },
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.description_en == ""
    assert product.pending_changes == {"description_en": "Mud crab in a spicy Padang sauce."}


@pytest.mark.parametrize("model", [Tenant, Product])
def test_the_back_office_form_has_the_english_description_after_the_indonesian_one(
    client, admin_user, demo_data, admin_url, model
):
    client.force_login(admin_user)
    form = html(client.get(admin_url(model, "change", model.objects.first().pk)))
    assert form.index('name="description"') < form.index('name="description_en"')
    assert 'name="description_en"' in form.split('name="photo"')[0]
