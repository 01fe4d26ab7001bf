"""The catalogue's active filters: chips with a person's label, each a link that drops it.

Words are checked on the English pages (/en/produk/): the Indonesian ones show
the new strings only once the lead has compiled their translations.
"""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from produk.models import Product

pytestmark = pytest.mark.django_db

EVERY_FILTER = {
    "q": "kepiting",
    "kecamatan": "balikpapan-kota",
    "sentra": "pujasera-contoh-klandasan",
    "kategori": "makanan",
    "harga_min": "10000",
    "harga_max": "150000",
    "halal": "1",
    "unggulan": "1",
    "urut": "harga",
}
# Halal crafts from Balikpapan Kota: the demo has crafts there, none of them halal.
NOTHING_MATCHES = {"kecamatan": "balikpapan-kota", "kategori": "kerajinan", "halal": "1"}


def chips(response):
    """(accessible name, href) of each chip, in the page's order."""
    page = response.content.decode()
    found = re.findall(r'<a class="chip(?: [^"]*)?" href="([^"]*)">(.*?)</a>', page, re.S)
    return [(text_of(inner), unescape(href)) for href, inner in found]


def text_of(html):
    """What a screen reader reads: the text, visually hidden parts included, aria-hidden not."""
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>', "", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def query(href):
    parts = urlsplit(href)
    return parts.path, {name: values[0] for name, values in parse_qs(parts.query).items()}


def links(response, css_class):
    page = response.content.decode()
    pattern = rf'<a class="{css_class}" href="([^"]*)">(.*?)</a>'
    return [(text_of(inner), unescape(href)) for href, inner in re.findall(pattern, page, re.S)]


def loosen_links(response):
    section = re.search(r'<ul class="loosen">(.*?)</ul>', response.content.decode(), re.S)
    assert section, "the empty result offers no filter to drop"
    found = re.findall(r'<a [^>]*href="([^"]*)">(.*?)</a>', section.group(1), re.S)
    return [(text_of(inner), unescape(href)) for href, inner in found]


def test_each_filter_in_use_is_a_chip_with_a_persons_label(client, demo_data):
    response = client.get("/en/produk/", EVERY_FILTER)
    assert [name for name, _ in chips(response)] == [
        "Remove filter: \u201ckepiting\u201d",
        "Remove filter: Balikpapan Kota",
        "Remove filter: Pujasera Contoh Klandasan",
        "Remove filter: Food",
        "Remove filter: From Rp10,000",
        "Remove filter: Up to Rp150,000",
        "Remove filter: Halal",
        "Remove filter: Flagship",
        "Remove sort order: Price: low to high",
    ]


def test_the_indonesian_page_names_the_category_in_indonesian_and_prices_its_way(client, demo_data):
    labels = [chip.label for chip in client.get("/produk/", EVERY_FILTER).context["chips"]]
    assert "Makanan" in labels
    assert "Food" not in labels
    assert any(label.endswith("Rp10.000") for label in labels)


@pytest.mark.parametrize("language", ["", "/en"])
def test_a_chips_link_drops_its_filter_and_the_page_and_keeps_the_others(
    client, demo_data, language
):
    sent = {"kecamatan": "balikpapan-kota", "halal": "1", "urut": "-harga", "page": "2"}
    found = chips(client.get(f"{language}/produk/", sent))
    assert len(found) == 3
    for (_name, href), dropped in zip(found, ["kecamatan", "halal", "urut"], strict=True):
        path, params = query(href)
        assert path == f"{language}/produk/"
        expected = {k: v for k, v in sent.items() if k not in (dropped, "page")}
        assert params == expected


def test_the_links_leave_out_the_empty_fields_a_submitted_form_sends(client, demo_data):
    """The form sends every field, filled or not: ?q=&kecamatan=...&sentra=&..."""
    submitted = dict.fromkeys(EVERY_FILTER, "") | {"kategori": "makanan", "halal": "1"}
    found = chips(client.get("/en/produk/", submitted))
    assert [query(href) for _name, href in found] == [
        ("/en/produk/", {"halal": "1"}),
        ("/en/produk/", {"kategori": "makanan"}),
    ]


def test_removing_the_last_filter_links_to_the_bare_catalogue(client, demo_data):
    assert chips(client.get("/en/produk/", {"halal": "1", "page": "2"})) == [
        ("Remove filter: Halal", "/en/produk/")
    ]


@pytest.mark.parametrize("language", ["", "/en"])
def test_clear_all_links_to_the_catalogue_without_any_filter(client, demo_data, language):
    response = client.get(f"{language}/produk/", {"kategori": "makanan", "urut": "nama"})
    assert [href for _text, href in links(response, "chips__clear")] == [f"{language}/produk/"]


def test_without_filters_there_are_no_chips(client, demo_data):
    response = client.get("/en/produk/")
    assert chips(response) == []
    assert links(response, "chips__clear") == []
    assert '<summary class="filters__toggle"><span>Filter</span></summary>' in (
        response.content.decode()
    )


def test_the_filter_button_counts_the_filters_but_not_the_sort_order(client, demo_data):
    response = client.get(
        "/en/produk/", {"kecamatan": "balikpapan-kota", "halal": "1", "urut": "nama"}
    )
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", response.content.decode(), re.S)
    assert text_of(summary.group(1)) == "Filter (2 active)"


def test_a_refused_value_is_reported_and_made_no_chip(client, demo_data):
    """?kecamatan=atlantis is reported and ignored as before; halal still applies."""
    response = client.get(
        "/en/produk/", {"kecamatan": "atlantis", "halal": "1", "harga_min": "abc"}
    )
    assert response.status_code == 200
    assert "We do not know this value" in response.content.decode()
    assert [name for name, _href in chips(response)] == ["Remove filter: Halal"]
    assert (
        response.context["paginator"].count
        == Product.objects.public().filter(is_halal=True).count()
    )


def test_the_count_says_product_or_products(client, demo_data):
    one = client.get("/en/produk/", {"q": "kepiting padang"}).content.decode()
    many = client.get("/en/produk/", {"kategori": "makanan"}).content.decode()
    total = Product.objects.public().filter(category__slug="makanan").count()
    assert '<h2 id="results-title" class="results-count">1 product</h2>' in one
    assert f'<h2 id="results-title" class="results-count">{total} products</h2>' in many


def test_an_empty_result_offers_to_drop_each_filter_in_turn(client, demo_data):
    response = client.get("/en/produk/", NOTHING_MATCHES | {"urut": "harga"})
    assert response.context["paginator"].count == 0
    assert "No product matches these filters." in response.content.decode()
    suggestions = loosen_links(response)
    assert [text for text, _href in suggestions] == [
        "without Balikpapan Kota",
        "without Crafts",
        "without Halal",
        "all products",
    ]
    assert [query(href)[1] for _text, href in suggestions] == [
        {"kategori": "kerajinan", "halal": "1", "urut": "harga"},
        {"kecamatan": "balikpapan-kota", "halal": "1", "urut": "harga"},
        {"kecamatan": "balikpapan-kota", "kategori": "kerajinan", "urut": "harga"},
        {},
    ]
    # "without Halal" leads to the district's crafts.
    without_halal = client.get(suggestions[2][1])
    assert without_halal.context["paginator"].count > 0
    assert [name for name, _href in chips(without_halal)] == [
        "Remove filter: Balikpapan Kota",
        "Remove filter: Crafts",
        "Remove sort order: Price: low to high",
    ]


def test_an_empty_result_with_one_filter_offers_just_that_one(client, demo_data):
    response = client.get("/en/produk/", {"q": "zzzz"})
    assert [text for text, _href in loosen_links(response)] == ["without \u201czzzz\u201d"]


@pytest.mark.parametrize("language", ["", "/en"])
def test_an_empty_search_points_to_the_site_wide_search(client, demo_data, language):
    """The site-wide search also finds centres and tenants by these words."""
    response = client.get(f"{language}/produk/", {"q": "kepiting batik", "kategori": "kerajinan"})
    assert response.context["paginator"].count == 0
    assert f'href="{language}/cari/?q=kepiting+batik"' in response.content.decode()


def test_an_empty_result_without_words_does_not_point_to_the_site_wide_search(client, demo_data):
    page = client.get("/en/produk/", NOTHING_MATCHES).content.decode()
    assert "/cari/" not in page.split('<div class="empty-result">', 1)[1]


def test_a_list_with_results_offers_no_filter_to_drop(client, demo_data):
    page = client.get("/en/produk/", {"halal": "1"}).content.decode()
    assert 'class="empty-result"' not in page


def test_hostile_words_are_text_in_the_chip_and_the_links(client, demo_data):
    response = client.get("/en/produk/", {"q": '"><script>alert(1)</script>', "halal": "1"})
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert next(name for name, _href in chips(response)) == (
        'Remove filter: \u201c"><script>alert(1)</script>\u201d'
    )


@pytest.mark.parametrize(
    ("sort", "label"), [(",harga", "Price: low to high"), ("-baru,nama", "Newest"), ("", None)]
)
def test_the_sort_chip_names_the_order_that_applies(client, demo_data, sort, label):
    response = client.get("/en/produk/", {"urut": sort})
    assert [name for name, _href in chips(response)] == (
        [f"Remove sort order: {label}"] if label else []
    )


def queries_of(client, path, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return len(captured)


# Query budgets: chips and suggestions read only what the filters' fields have already read.
# The catalogue with no filter reads: the product count, the districts, the centres and the
# categories (each once, for the form's options, its check of the value sent, and now the
# chips' labels), one page of products; plus whatever every page reads (base.html's own).
# Compared with that page rather than pinned, so that a query every page gains elsewhere
# does not move this budget: what it guards is that chips cost nothing.
def test_a_page_full_of_chips_costs_the_queries_of_the_bare_catalogue(
    client, demo_data, django_assert_num_queries
):
    bare = queries_of(client, "/produk/")
    with django_assert_num_queries(bare):
        response = client.get("/produk/", EVERY_FILTER | {"q": "", "sentra": "", "unggulan": ""})
    assert len(response.context["chips"]) == 6
    assert response.context["paginator"].count > 0


def test_an_empty_result_with_suggestions_costs_one_query_less_than_the_bare_catalogue(
    client, demo_data, django_assert_num_queries
):
    """No product rows to read; the suggestions reuse the chips."""
    bare = queries_of(client, "/produk/")
    with django_assert_num_queries(bare - 1):
        response = client.get("/produk/", NOTHING_MATCHES | {"q": "kepiting", "urut": "nama"})
    assert len(response.context["chips"]) == 5
    assert response.context["paginator"].count == 0
