"""The catalogue at /produk/: filters that combine, stay in the URL and never break on bad input."""

import re

import pytest

from produk.models import Category, Product

from .factories import ProductFactory

pytestmark = pytest.mark.django_db


def names(response):
    assert response.status_code == 200
    return [product.name for product in response.context["page_obj"].object_list]


def notice(response):
    """The text of the page's warning about filters that were left out, or ''."""
    page = response.content.decode()
    match = re.search(r'<div class="notice notice--warning" role="alert">(.*?)</div>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else ""


def test_without_filters_it_lists_every_public_product_flagship_first(client, demo_data):
    response = client.get("/produk/")
    assert response.context["paginator"].count == Product.objects.public().count()
    listed = response.context["page_obj"].object_list
    flags = [p.is_flagship for p in listed]
    assert flags == sorted(flags, reverse=True)


def test_filtering_by_district_and_category_combines(client, demo_data):
    listed = names(client.get("/produk/", {"kecamatan": "balikpapan-kota", "kategori": "makanan"}))
    assert set(listed) == {
        "Kepiting saus padang",
        "Kepiting lada hitam",
        "Nasi putih",
        "Nasi kuning ikan haruan",
        "Nasi kuning telur",
    }


def test_filtering_by_centre(client, demo_data):
    listed = names(client.get("/produk/", {"sentra": "sentra-industri-kecil-somber"}))
    assert set(listed) == {
        "Tahu putih Somber",
        "Tempe papan",
        "Tahu goreng isi",
        "Keripik tempe original",
        "Keripik tempe balado",
    }


def test_halal_and_flagship_filters(client, demo_data):
    flagship = names(client.get("/produk/", {"unggulan": "1"}))
    assert flagship
    assert all(Product.objects.get(name=n).is_flagship for n in flagship)
    not_halal = set(names(client.get("/produk/", {"halal": "1"}))) & {"Kain batik motif mangrove"}
    assert not_halal == set()
    assert names(client.get("/produk/", {"halal": "0"})) == names(client.get("/produk/"))


def test_price_range(client, demo_data):
    listed = names(client.get("/produk/", {"harga_min": "30000", "harga_max": "40000"}))
    prices = [Product.objects.get(name=n).price for n in listed]
    assert prices
    assert all(30000 <= p <= 40000 for p in prices)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "kepiting",
            {"Kepiting saus padang", "Kepiting lada hitam", "Abon kepiting", "Peyek kepiting"},
        ),
        ("KEPITING saus", {"Kepiting saus padang"}),
        ("Bingka Mama", {"Bingka kentang", "Bolu gulung pandan", "Mantau"}),  # tenant name
    ],
)
def test_free_text_search_covers_name_description_and_tenant(client, demo_data, query, expected):
    assert expected <= set(names(client.get("/produk/", {"q": query})))


def test_search_matches_every_word(client, demo_data):
    assert set(names(client.get("/produk/", {"q": "kepiting padang"}))) == {"Kepiting saus padang"}


@pytest.mark.parametrize(
    ("order", "key", "reverse"),
    [("harga", "price", False), ("-harga", "price", True), ("nama", "name", False)],
)
def test_sorting(client, demo_data, order, key, reverse):
    listed = client.get("/produk/", {"urut": order}).context["page_obj"].object_list
    values = [getattr(p, key) for p in listed]
    assert values == sorted(values, reverse=reverse)


@pytest.mark.parametrize("order", ["harga", "-harga", "nama"])
def test_equal_values_keep_one_order_so_no_product_shows_on_two_pages(client, db, order):
    same = [ProductFactory(price=15_000, name="Amplang") for _ in range(30)]
    listed = client.get("/produk/", {"urut": order}).context["filter"].qs
    assert listed.query.order_by[-1] == "pk"
    assert [p.pk for p in listed] == [p.pk for p in same]


def test_newest_first(client, demo_data):
    newest = Product.objects.public().order_by("-created_at").first()
    assert names(client.get("/produk/", {"urut": "-baru"}))[0] == newest.name


def test_filters_stay_in_the_pagination_links(client, demo_data):
    from produk.synthetic import generate

    generate(products=600)
    response = client.get("/produk/", {"kategori": "oleh-oleh", "halal": "1"})
    page = response.content.decode()
    assert response.context["paginator"].num_pages > 1
    assert 'href="?kategori=oleh-oleh&amp;halal=1&amp;page=2"' in page


def test_a_page_past_the_end_shows_the_last_page_with_a_message(client, demo_data):
    response = client.get("/produk/", {"page": "999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == response.context["paginator"].num_pages
    assert "Halaman 999 tidak ada" in response.content.decode()


def test_deep_pages_stop_at_the_cap_and_say_how_to_narrow_the_list(
    client, demo_data, monkeypatch, django_assert_max_num_queries
):
    """Page 500 of 30,000 products cost a second: nobody reads it, they filter."""
    from produk.views import CataloguePaginator

    monkeypatch.setattr(CataloguePaginator, "MAX_PAGES", 2)  # the demo has 2 pages of 24
    response = client.get("/produk/", {"page": "2"})
    assert response.context["page_obj"].number == 2
    assert "Hanya 2 halaman pertama" not in response.content.decode()

    monkeypatch.setattr(CataloguePaginator, "MAX_PAGES", 1)
    response = client.get("/produk/", {"page": "2"})
    assert response.context["page_obj"].number == 1
    assert response.context["paginator"].count == Product.objects.public().count()
    assert "Hanya 1 halaman pertama" in response.content.decode()
    assert 'href="?page=2"' not in response.content.decode()  # no link past the cap


def test_the_result_count_is_remembered_until_a_listing_changes(
    client, demo_data, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    first = client.get("/produk/", {"kategori": "makanan"}).context["paginator"].count
    with django_capture_on_commit_callbacks(execute=True):
        Product.objects.public().filter(category__slug="makanan").first().delete()
    assert client.get("/produk/", {"kategori": "makanan"}).context["paginator"].count == first - 1


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("abc", "first"),
        ("1e10", "first"),
        ("\x00", "first"),
        ("-1", "last"),
        ("0", "last"),
        ("9" * 40, "last"),
    ],
)
def test_a_malformed_page_number_shows_a_valid_page(client, demo_data, page, shown):
    """Not a number: the first page; out of range: the last (Django's Paginator.get_page)."""
    response = client.get("/produk/", {"page": page})
    assert response.status_code == 200
    page_obj = response.context["page_obj"]
    assert page_obj.number == (1 if shown == "first" else page_obj.paginator.num_pages)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"harga_min": "abc"}, "Harga terendah"),
        ({"harga_max": "1e5"}, "Harga tertinggi"),
        ({"harga_min": "-5"}, "Harga terendah"),
        ({"harga_max": "9" * 30}, "Harga tertinggi"),
        ({"kecamatan": "atlantis"}, "Kecamatan"),
        ({"kecamatan": "\x00"}, "Kecamatan"),
        ({"sentra": "tidak-ada"}, "Sentra"),
        ({"kategori": "senjata"}, "Kategori"),
        ({"urut": "password"}, "Urutkan"),
        ({"q": "x" * 500}, "Cari"),
        ({"q": "amplang\x00"}, "Cari"),
    ],
)
def test_bad_values_are_reported_and_left_out(client, demo_data, params, field):
    response = client.get("/produk/", params)
    assert response.status_code == 200
    assert field in notice(response)
    # The other filters still apply: a bad value does not empty the page.
    assert response.context["paginator"].count == Product.objects.public().count()


def test_one_bad_value_does_not_undo_the_good_ones(client, demo_data):
    response = client.get("/produk/", {"kecamatan": "balikpapan-kota", "harga_min": "murah"})
    assert "Harga terendah" in notice(response)
    assert all(
        p.tenant.sentra.kecamatan.slug == "balikpapan-kota"
        for p in response.context["page_obj"].object_list
    )


@pytest.mark.parametrize(
    "query_string",
    [
        "kecamatan=balikpapan-kota&kecamatan=balikpapan-timur",
        "kecamatan[]=balikpapan-kota",
        "q=%27%20OR%201%3D1--",
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "halal=%FF%FE",
        "urut=harga&urut=-harga&urut=",
        "harga_min=1&harga_max=0",
        "&&&=&=",
    ],
)
def test_hostile_query_strings_never_break_the_page(client, demo_data, query_string):
    response = client.get(f"/produk/?{query_string}")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_catalogue_speaks_english_under_en(client, demo_data):
    response = client.get("/en/produk/", {"kategori": "oleh-oleh"})
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Souvenir snacks" in page
    assert "Show products" in page


def test_a_new_category_can_be_chosen_on_the_next_request(client, db):
    """The filter's choices are read once per request, never kept from an earlier one."""
    assert client.get("/produk/").status_code == 200
    sambal = Category.objects.create(name="Sambal", slug="sambal")
    ProductFactory(name="Sambal Raja", category=sambal)
    response = client.get("/produk/", {"kategori": "sambal"})
    assert not response.context["filter"].form.errors
    assert names(response) == ["Sambal Raja"]
