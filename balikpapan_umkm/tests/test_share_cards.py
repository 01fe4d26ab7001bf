"""Share cards: the 1200 x 630 pictures that social networks show for centre, tenant and
product pages (balikpapan_umkm/share_cards.py, balikpapan_umkm/sharing.py)."""

import io
import re
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageChops

from balikpapan_umkm import share_cards
from balikpapan_umkm.sharing import card_of, card_path
from produk.curation import Curation
from produk.models import Event, Product, Tenant
from produk.tests.factories import ProductFactory, TenantFactory
from sentra.models import Sentra

pytestmark = pytest.mark.django_db
MONTHS_ID = [
    None,
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
]

CENTRE = "/sentra/pujasera-contoh-klandasan/"
TENANT = "/tenan/kepiting-saus-klandasan/"
PRODUCT = "/produk/kepiting-saus-padang-kepiting-saus-klandasan/"
EVENT = "/acara/festival-kuliner-malam-contoh/"
PAGES = [CENTRE, TENANT, PRODUCT, EVENT]


def og_image(client, path):
    page = client.get(path).content.decode()
    return re.search(r'<meta property="og:image" content="([^"]+)">', page).group(1)


def fetch(client, url):
    """(response, body) of a card URL on the test server (reading it all closes the file)."""
    response = client.get(url.removeprefix("http://testserver"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def picture(body):
    image = Image.open(io.BytesIO(body))
    image.load()
    return image


def forget(card):
    """Remove a stored card, so that the next request must draw it."""
    if default_storage.exists(card.storage_name):
        default_storage.delete(card.storage_name)


@pytest.fixture
def counted_renders():
    with mock.patch.object(share_cards, "render", wraps=share_cards.render) as render:
        yield render


@pytest.mark.parametrize("path", PAGES)
def test_each_detail_page_points_og_image_at_a_1200_by_630_card(client, demo_data, path):
    page = client.get(path).content.decode()
    url = og_image(client, path)
    assert re.fullmatch(
        r"http://testserver/og/(sentra|tenan|produk|acara)/[-a-z0-9]+/[0-9a-f]{16}\.jpg", url
    )
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    name = re.search(r"<h1>([^<]+)</h1>", page).group(1)
    assert re.search(rf'<meta property="og:image:alt" content="{re.escape(name)}\. ', page)
    assert f'<meta name="twitter:image" content="{url}">' in page

    response, body = fetch(client, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    image = picture(body)
    assert (image.format, image.size) == ("JPEG", (1200, 630))


@pytest.mark.parametrize("path", PAGES)
def test_both_languages_share_one_card(client, demo_data, path):
    assert og_image(client, path) == og_image(client, "/en" + path)


@pytest.mark.parametrize("path", PAGES)
def test_cards_set_no_cookie_and_vary_on_nothing(client, demo_data, path):
    url = og_image(client, path)
    response, _body = fetch(client, url)
    assert not response.cookies
    assert not response.has_header("Vary")
    assert "immutable" in response["Cache-Control"]
    stale, _body = fetch(client, re.sub(r"[0-9a-f]{16}\.jpg$", "0" * 16 + ".jpg", url))
    assert stale.status_code == 302
    assert not stale.cookies
    assert not stale.has_header("Vary")


def test_a_page_view_draws_no_card(client, demo_data, counted_renders):
    """Only a request of the card's own URL draws it: visitors never wait for a picture."""
    for path in PAGES:
        assert client.get(path).status_code == 200
    counted_renders.assert_not_called()


def test_an_unchanged_product_reuses_its_stored_card(client, demo_data, counted_renders):
    product = Product.objects.select_related("tenant__sentra__kecamatan").get(
        slug="kepiting-saus-padang-kepiting-saus-klandasan"
    )
    forget(card_of(product))
    url = og_image(client, PRODUCT)
    _response, first = fetch(client, url)
    _response, second = fetch(client, url)
    assert first == second
    assert counted_renders.call_count == 1


def test_a_save_that_changes_nothing_shown_keeps_the_card(client, demo_data, counted_renders):
    tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
    url = og_image(client, TENANT)
    fetch(client, url)
    drawn = counted_renders.call_count
    tenant.owner_name = "Ibu Contoh"
    tenant.save()  # a new version, but nothing on the card changed
    assert og_image(client, TENANT) == url
    fetch(client, url)
    assert counted_renders.call_count == drawn


def test_a_renamed_product_gets_a_new_card_and_the_old_url_leads_to_it(
    client, demo_data, counted_renders
):
    product = Product.objects.get(slug="kepiting-saus-padang-kepiting-saus-klandasan")
    old_url = og_image(client, PRODUCT)
    _response, old = fetch(client, old_url)
    product.name = "Kepiting saus padang istimewa"
    product.save()
    product.refresh_from_db()
    forget(card_of(Product.objects.for_listing().get(pk=product.pk)))
    drawn = counted_renders.call_count

    new_url = og_image(client, PRODUCT)
    assert new_url != old_url
    _response, new = fetch(client, new_url)
    assert counted_renders.call_count == drawn + 1
    assert ImageChops.difference(picture(old), picture(new)).getbbox() is not None

    response, _body = fetch(client, old_url)
    assert response.status_code == 302
    assert response["Location"] == new_url  # the old picture is not served again


def test_a_tenants_card_follows_its_centres_new_name(client, demo_data):
    url = og_image(client, TENANT)
    centre = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    centre.name = "Pujasera Tepi Pantai Klandasan"
    centre.save()
    assert og_image(client, TENANT) != url
    tenant = Tenant.objects.for_listing().get(slug="kepiting-saus-klandasan")
    assert "Pujasera Tepi Pantai Klandasan" in card_of(tenant).lines


def test_an_events_card_says_when_and_where_in_wita(demo_data):
    festival = Event.objects.for_listing().get(slug="festival-kuliner-malam-contoh")
    start = timezone.localtime(festival.starts_at)
    end = timezone.localtime(festival.ends_at)
    card = card_of(festival)
    assert card.title == "Festival Kuliner Malam Klandasan (contoh)"
    assert card.lines == (
        f"{start.day} {MONTHS_ID[start.month]}\u2013{end.day} {MONTHS_ID[end.month]} {end.year}, "
        "16:00\u201323:00 WITA",  # three evenings, not one long event
        "Pujasera Contoh Klandasan",
        "Kecamatan Balikpapan Kota",
    )
    assert card.tag == "DEMO"
    workshop = Event.objects.for_listing().get(slug="pelatihan-foto-produk-contoh")
    start = timezone.localtime(workshop.starts_at)
    assert card_of(workshop).lines[0] == (
        f"{start.day} {MONTHS_ID[start.month]} {start.year}, 09:00 WITA"
    )


def test_a_products_card_shows_its_price(demo_data):
    product = Product.objects.for_listing().get(slug="kepiting-saus-padang-kepiting-saus-klandasan")
    card = card_of(product)
    assert card.badge == "Rp120.000\u2013250.000"
    assert card.lines == (
        "Kepiting Saus Klandasan",
        "Pujasera Contoh Klandasan",
        "Kecamatan Balikpapan Kota",
    )
    assert card.tag == "DEMO"  # the demo's businesses are fictional, and the card says so


@pytest.mark.parametrize(
    "path",
    [
        "/og/produk/tidak-ada/0123456789abcdef.jpg",
        "/og/tenan/tidak-ada/0123456789abcdef.jpg",
        "/og/sentra/tidak-ada/0123456789abcdef.jpg",
        "/og/kecamatan/balikpapan-kota/0123456789abcdef.jpg",
        "/og/produk/kepiting-saus-padang-kepiting-saus-klandasan/bukan-kunci.jpg",
        "/og/produk/kepiting-saus-padang-kepiting-saus-klandasan/0123456789abcdef.png",
    ],
)
def test_unknown_cards_are_404(client, demo_data, path):
    assert client.get(path).status_code == 404


def test_no_card_for_a_tenant_or_product_the_public_cannot_see(client, demo_data):
    hidden_tenant = TenantFactory(curation_status=Curation.DRAFT)
    hidden_product = ProductFactory(curation_status=Curation.DRAFT)
    for obj in (hidden_tenant, hidden_product):
        obj = type(obj).objects.for_listing().get(pk=obj.pk)
        assert client.get(card_path(obj)).status_code == 404


def test_a_card_may_not_be_posted_to(client, demo_data):
    url = og_image(client, CENTRE).removeprefix("http://testserver")
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


# --- The drawing -------------------------------------------------------------

TEXT_PANEL_RIGHT = share_cards.WIDTH - share_cards.PICTURE_WIDTH - 8


def demo_photo():
    return Product.objects.get(slug="kepiting-saus-padang-kepiting-saus-klandasan").photo.name


def test_a_long_name_wraps_and_stays_clear_of_the_picture(demo_data):
    card = share_cards.Card(
        title="Usaha Dagang Anyaman Manik-Manik Khas Dayak Kalimantan Timur Ibu Siti "
        "Nurhaliza Sejahtera Abadi",
        lines=("Sentra UMKM Balikpapan Tengah", "Kecamatan Balikpapan Tengah"),
        picture=demo_photo(),
    )
    image = picture(share_cards.render(card))
    # The margin between the text and the picture holds nothing but the background.
    margin = image.crop((TEXT_PANEL_RIGHT - 56, 0, TEXT_PANEL_RIGHT - 4, 630))
    low, high = zip(*margin.getextrema(), strict=True)
    assert all(abs(a - b) <= 12 for a, b in zip(low, share_cards.BRAND_DARK, strict=True))
    assert all(abs(a - b) <= 12 for a, b in zip(high, share_cards.BRAND_DARK, strict=True))


def test_a_card_without_a_picture_has_the_branded_ground(db):
    image = picture(share_cards.render(share_cards.Card(title="Tahu putih Somber")))
    # Inside the disc on the right, left of the mark.
    assert all(
        abs(a - b) <= 8 for a, b in zip(image.getpixel((760, 315)), share_cards.BRAND, strict=True)
    )


def test_an_unreadable_picture_gives_the_branded_card(db):
    missing = share_cards.Card(title="Amplang", picture="produk/tidak-ada-3f2a9c.jpg")
    assert share_cards.render(missing) == share_cards.render(share_cards.Card(title="Amplang"))


def test_characters_the_font_lacks_are_left_out_not_drawn_as_boxes(db):
    with_emoji = share_cards.Card(title="Kopi \U0001f980\u4e2d Mantap")  # a crab, a CJK sign
    assert share_cards.render(with_emoji) == share_cards.render(
        share_cards.Card(title="Kopi Mantap")
    )


def test_indonesian_names_with_accents_are_drawn_whole(db):
    accented = share_cards.render(share_cards.Card(title="Kue Lapis Bu \u00c9mi"))
    plain = share_cards.render(share_cards.Card(title="Kue Lapis Bu mi"))
    assert accented != plain
