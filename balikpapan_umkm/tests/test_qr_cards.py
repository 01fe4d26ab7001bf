"""Printable QR cards of centres and tenants, and the signboard code of centres being built.

Every code is read back: the PNGs by `zbarimg` (Debian's zbar-tools, installed by
scripts/system_packages.sh), the SVGs by redrawing the modules of their own path
and reading that picture, so a test sees what a phone would, not what was meant.
"""

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.cache import cache
from PIL import Image

from balikpapan_umkm import qr_cards
from produk.curation import Curation
from produk.models import Tenant
from produk.tests.factories import TenantFactory
from sentra.models import Sentra

pytestmark = pytest.mark.django_db

SITE = "http://testserver"  # SITE_URL in the tests (conftest.py)
OPERATING = "pujasera-contoh-klandasan"
BUILDING = "sentra-umkm-balikpapan-barat"  # under construction in the demo
PLANNED = "sentra-umkm-wonorejo"
TENANT = "kepiting-saus-klandasan"  # stall K-01 of Pujasera Contoh Klandasan
SVG = "{http://www.w3.org/2000/svg}"
A6_PIXELS = (1240, 1748)  # 105 x 148 mm at 300 dpi


def read_codes(png):
    """The contents of every QR code in a PNG, as zbarimg reads them."""
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "png:-"],
        input=png,
        capture_output=True,
        check=False,
    )
    assert result.returncode in (0, 4), result.stderr  # 4: no code found
    return result.stdout.decode().splitlines()


def modules(path):
    """The dark modules of segno's SVG path ("M4 4.5h7m2 0h1..."): a line per run, 1 wide."""
    dark, x, y = set(), 0.0, 0.0
    for command, first, second in re.findall(r"([MmHh])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            end = float(first) if command == "H" else x + float(first)
            dark.update((column, int(y)) for column in range(int(x), int(end)))
            x = end
    return dark


def code_of(svg_element):
    """The code drawn by segno's markup in an <svg> element: (rows of 0/1 modules, a PNG of it).

    Works on ElementTree and BeautifulSoup elements alike: it reads only the dark path.
    """
    paths = (
        [p for p in svg_element.find_all("path") if p.get("stroke")]
        if hasattr(svg_element, "find_all")
        else [p for p in svg_element.iter() if p.tag.endswith("path") and p.get("stroke")]
    )
    assert len(paths) == 1, "one path of dark modules"
    dark = modules(paths[0].get("d"))
    border = min(x for x, _y in dark)  # the quiet zone, before the top-left finder pattern
    size = max(x for x, _y in dark) + 1 + border
    matrix = [[int((x, y) in dark) for x in range(size)] for y in range(size)]
    picture = Image.new("1", (size, size), 1)
    picture.putdata([1 - module for row in matrix for module in row])
    picture = picture.resize((size * 8, size * 8), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return matrix, buffer.getvalue()


def error_level(matrix, border=4):
    """The error correction level in a code's format information (ISO/IEC 18004, 7.9)."""
    m = [row[border:-border] for row in matrix[border:-border]]
    bits = sum(m[i][8] << i for i in range(6)) | m[7][8] << 6 | m[8][8] << 7 | m[8][7] << 8
    bits |= sum(m[8][14 - i] << i for i in range(9, 15))
    return "MLHQ"[(bits ^ 0x5412) >> 13]


def parse_svg(response):
    return ET.fromstring(response.content)


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def nested_code(root):
    """The <svg> in the card that holds the code (the other one is the portal's mark)."""
    found = [e for e in root.iter(f"{SVG}svg") if e is not root and e.get("viewBox") != "0 0 36 36"]
    assert len(found) == 1
    return found[0]


# --- The card as a picture -----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "url"),
    [
        (f"/sentra/{OPERATING}/kartu.png", f"{SITE}/sentra/{OPERATING}/"),
        (f"/sentra/{BUILDING}/kartu.png", f"{SITE}/sentra/{BUILDING}/"),
        (f"/tenan/{TENANT}/kartu.png", f"{SITE}/tenan/{TENANT}/"),
    ],
)
def test_the_png_card_is_a6_at_300_dpi_and_its_code_opens_the_public_page(
    client, demo_data, path, url
):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(response.content)) as picture:
        assert picture.size == A6_PIXELS
        assert round(picture.info["dpi"][0]) == 300
    assert read_codes(response.content) == [url]


def test_the_card_takes_the_portal_address_not_the_requests_host(client, demo_data, settings):
    settings.SITE_URL = "https://sentra.balikpapan.example"
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get(f"/tenan/{TENANT}/kartu.png", HTTP_HOST="evil.example")
    assert read_codes(response.content) == [f"https://sentra.balikpapan.example/tenan/{TENANT}/"]


def test_the_svg_card_holds_name_stall_district_and_a_code_of_the_tenant_page(client, demo_data):
    response = client.get(f"/tenan/{TENANT}/kartu.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = parse_svg(response)
    assert (root.get("width"), root.get("height")) == ("105mm", "148mm")
    assert root.get("viewBox") == "0 0 105 148"
    lines = texts(root)
    assert "Kepiting Saus Klandasan" in " ".join(lines)
    assert any("K-01" in line and "Pujasera Contoh Klandasan" in line for line in lines)
    assert any("Balikpapan Kota" in line for line in lines)
    code = nested_code(root)
    assert float(code.get("width")) == pytest.approx(62)  # mm, of 105
    _matrix, png = code_of(code)
    assert read_codes(png) == [f"{SITE}/tenan/{TENANT}/"]


def test_the_svg_card_of_a_centre_names_its_district(client, demo_data):
    root = parse_svg(client.get(f"/sentra/{BUILDING}/kartu.svg"))
    assert "Sentra UMKM Balikpapan Barat" in " ".join(texts(root))
    details = [
        "".join(e.itertext())
        for e in root.iter(f"{SVG}text")
        if e.get("font-size") == str(qr_cards.DETAIL_SIZE)
    ]
    assert len(details) == 1
    assert "Balikpapan Barat" in details[0]
    _matrix, png = code_of(nested_code(root))
    assert read_codes(png) == [f"{SITE}/sentra/{BUILDING}/"]


def test_the_pictures_are_indonesian_with_one_address_outside_en(client, demo_data):
    assert client.get(f"/en/tenan/{TENANT}/kartu.png").status_code == 404
    assert client.get(f"/en/sentra/{BUILDING}/papan-proyek.svg").status_code == 404
    response = client.get(f"/tenan/{TENANT}/kartu.png")
    assert response["Content-Language"] == "id"
    assert read_codes(response.content) == [f"{SITE}/tenan/{TENANT}/"]  # not /en/


def test_a_long_name_with_emoji_and_markup_still_makes_a_card_that_scans(client, demo_data):
    tenant = TenantFactory(
        name="<b>Usaha Dagang Kerajinan Anyaman Manik-manik Khas Dayak Kalimantan Timur</b> 🌺 "
        "Ibu Siti Rahmawati Sejahtera Selalu",
        sentra=Sentra.objects.get(slug=OPERATING),
    )
    png = client.get(f"/tenan/{tenant.slug}/kartu.png")
    assert read_codes(png.content) == [f"{SITE}/tenan/{tenant.slug}/"]
    root = parse_svg(client.get(f"/tenan/{tenant.slug}/kartu.svg"))  # well-formed: escaped
    name = " ".join(texts(root))
    assert "<b>Usaha" in name
    assert "🌺" not in name  # the card's font has none: left out, not drawn as a box
    assert "…" in name  # three lines at the smallest size, then cut
    page = client.get(f"/tenan/{tenant.slug}/kartu/").content.decode()
    assert "&lt;b&gt;Usaha" in page
    assert "<b>Usaha" not in page


def test_a_name_pasted_with_a_control_character_still_makes_well_formed_svgs(client, demo_data):
    """Word's manual line break (\\x0b) is not allowed in XML: it is left out."""
    tenant = TenantFactory(name="Amplang\x0bIbu Siti", sentra=Sentra.objects.get(slug=OPERATING))
    root = parse_svg(client.get(f"/tenan/{tenant.slug}/kartu.svg"))
    assert root.find(f"{SVG}title").text == "Amplang Ibu Siti"
    Sentra.objects.filter(slug=BUILDING).update(name="Sentra\x0bBarat")
    for path in (f"/sentra/{BUILDING}/kartu.svg", f"/sentra/{BUILDING}/papan-proyek.svg"):
        parse_svg(client.get(path))  # raises on a character XML does not allow


@pytest.mark.parametrize(
    "path", [f"/tenan/{TENANT}/kartu.png", f"/sentra/{BUILDING}/papan-proyek.svg"]
)
def test_a_picture_asked_with_a_query_string_is_sent_to_its_one_address(client, demo_data, path):
    response = client.get(path, {"v": "2"})
    assert response.status_code == 301
    assert response["Location"] == path
    assert response["Cache-Control"] == "public, max-age=60"


# --- The print page ---------------------------------------------------------------------


def card_on(page):
    return BeautifulSoup(page, "html.parser").select_one("article.qr-card")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_print_page_shows_the_card_and_its_code_opens_the_page_in_its_language(
    client, demo_data, prefix
):
    response = client.get(f"{prefix}/tenan/{TENANT}/kartu/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{"en" if prefix else "id"}">' in page
    card = card_on(page)
    assert card.select_one(".qr-card__name").get_text(strip=True) == "Kepiting Saus Klandasan"
    details = [p.get_text(strip=True) for p in card.select(".qr-card__detail")]
    assert "K-01" in details[0]
    assert "Pujasera Contoh Klandasan" in details[0]
    assert "Balikpapan Kota" in details[1]
    _matrix, png = code_of(card.select_one("svg.qr-card__code"))
    assert read_codes(png) == [f"{SITE}{prefix}/tenan/{TENANT}/"]
    assert f"/tenan/{TENANT}/kartu.png" in page
    assert f"/tenan/{TENANT}/kartu.svg" in page


def test_the_print_page_asks_for_an_a6_page_with_the_portals_own_font(client, demo_data):
    page = client.get(f"/sentra/{OPERATING}/kartu/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/qr-card.css">' in page
    assert '<meta name="robots" content="noindex">' in page
    with open(finders.find("css/qr-card.css"), encoding="utf-8") as file:
        css = file.read()
    assert "@page { size: 105mm 148mm; margin: 0; }" in css  # A6
    assert "@media print" in css
    for font in re.findall(r'url\("\.\./(fonts/[^"]+)"\)', css):
        assert finders.find(font), font
    assert len(re.findall(r"@font-face", css)) == 2


def test_the_print_page_holds_no_inline_style_or_script(client, demo_data):
    page = client.get(f"/sentra/{BUILDING}/kartu/").content.decode()
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select("[style]")
    assert not soup.find("style")
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") in (
            "application/json",
            "application/ld+json",
        )
    button = soup.select_one("button[data-print]")
    assert button.has_attr("hidden")  # shown by js/print.js; without it, the browser's Print
    assert '<script src="/static/js/print.js" defer></script>' in page


def test_the_print_page_in_english_says_what_the_card_is_and_what_a_scan_brings(client, demo_data):
    card = card_on(client.get(f"/en/tenan/{TENANT}/kartu/").content.decode())
    assert card.select_one(".qr-card__heading").get_text(strip=True) == "Tenant"
    assert card.select(".qr-card__detail")[1].get_text(strip=True) == "Balikpapan Kota district"
    card = card_on(client.get(f"/en/sentra/{BUILDING}/kartu/").content.decode())
    assert "Scan to follow its construction" in card.get_text()
    card = card_on(client.get(f"/en/sentra/{OPERATING}/kartu/").content.decode())
    assert "Scan for opening hours, tenants and directions" in card.get_text()
    assert f"testserver/en/sentra/{OPERATING}/" in card.select_one(".qr-card__address").get_text()


# --- The signboard code ---------------------------------------------------------------


@pytest.mark.parametrize("slug", [BUILDING, PLANNED])
def test_a_centre_under_construction_has_a_large_signboard_code_of_its_progress_section(
    client, demo_data, slug
):
    png = client.get(f"/sentra/{slug}/papan-proyek.png")
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(png.content)) as picture:
        assert picture.width == picture.height >= 2400
    assert read_codes(png.content) == [f"{SITE}/sentra/{slug}/#construction-title"]

    svg = client.get(f"/sentra/{slug}/papan-proyek.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    root = parse_svg(svg)
    assert root.get("width").endswith("mm")
    assert float(root.get("width")[:-2]) >= 200
    matrix, code = code_of(root)
    assert read_codes(code) == [f"{SITE}/sentra/{slug}/#construction-title"]
    assert error_level(matrix) == "H"


def test_the_signboard_code_lands_on_the_construction_section(client, demo_data):
    page = BeautifulSoup(client.get(f"/sentra/{BUILDING}/").content, "html.parser")
    section = page.find(id="construction-title").find_parent("section")
    assert "construction" in section["class"]
    assert section.select_one(".signboard")


@pytest.mark.parametrize("format", ["png", "svg"])
def test_an_operating_centre_has_no_signboard_code(client, demo_data, format):
    assert client.get(f"/sentra/{OPERATING}/papan-proyek.{format}").status_code == 404


# --- Who gets a card, and how the answers may be kept ----------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/sentra/tidak-ada/kartu.png",
        "/sentra/tidak-ada/kartu.svg",
        "/sentra/tidak-ada/kartu/",
        "/en/sentra/tidak-ada/kartu/",
        "/sentra/tidak-ada/papan-proyek.png",
        "/tenan/tidak-ada/kartu.png",
        "/tenan/tidak-ada/kartu.svg",
        "/tenan/tidak-ada/kartu/",
        f"/tenan/{TENANT}/kartu.gif",
        f"/sentra/{OPERATING}/kartu.pdf",
        "/tenan/%3Cscript%3E/kartu.png",
        "/sentra/a..b/kartu.svg",
    ],
)
def test_unknown_cards_are_404(client, demo_data, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"curation_status": Curation.DRAFT},
        {"curation_status": Curation.REJECTED},
        {"status": Tenant.Status.CLOSED},
    ],
)
@pytest.mark.parametrize("suffix", ["kartu.png", "kartu.svg", "kartu/"])
def test_a_tenant_that_is_not_listed_has_no_card(client, demo_data, change, suffix):
    Tenant.objects.filter(slug=TENANT).update(**change)
    assert client.get(f"/tenan/{TENANT}/{suffix}").status_code == 404


CARD_ADDRESSES = [
    f"/sentra/{OPERATING}/kartu.png",
    f"/sentra/{OPERATING}/kartu.svg",
    f"/sentra/{OPERATING}/kartu/",
    f"/en/sentra/{OPERATING}/kartu/",
    f"/sentra/{BUILDING}/papan-proyek.png",
    f"/sentra/{BUILDING}/papan-proyek.svg",
    f"/tenan/{TENANT}/kartu.png",
    f"/tenan/{TENANT}/kartu.svg",
    f"/tenan/{TENANT}/kartu/",
    f"/en/tenan/{TENANT}/kartu/",
]


@pytest.mark.parametrize("path", CARD_ADDRESSES)
def test_cards_are_public_for_a_minute_and_set_no_cookie(client, demo_data, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert not response.has_header("Vary")
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("path", [CARD_ADDRESSES[0], CARD_ADDRESSES[2], CARD_ADDRESSES[4]])
def test_cards_answer_head_and_refuse_post(client, demo_data, path):
    head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert client.post(path).status_code == 405


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # the centre with its district and kelurahan
        (f"/sentra/{OPERATING}/kartu.png", 1),
        (f"/sentra/{BUILDING}/papan-proyek.svg", 1),
        # the tenant with its centre and district
        (f"/tenan/{TENANT}/kartu.svg", 1),
        # the same, and the footer's "last updated" date
        (f"/tenan/{TENANT}/kartu/", 2),
        (f"/sentra/{OPERATING}/kartu/", 2),
    ],
)
def test_a_card_costs_one_query(client, demo_data, django_assert_num_queries, path, queries):
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_the_page_cache_keeps_the_pictures_like_pages(client, demo_data, settings):
    settings.PAGE_CACHE = True
    cache.clear()
    first = client.get(f"/tenan/{TENANT}/kartu.png")
    second = client.get(f"/tenan/{TENANT}/kartu.png")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == "image/png"


# --- Where people find them -------------------------------------------------------------


def test_the_centre_and_tenant_pages_link_their_cards(client, demo_data):
    centre = BeautifulSoup(client.get(f"/en/sentra/{OPERATING}/").content, "html.parser")
    link = centre.select_one(".qr-card-link a")
    assert link["href"] == f"/en/sentra/{OPERATING}/kartu/"
    assert link.get_text(strip=True) == "Print a QR card"
    tenant = BeautifulSoup(client.get(f"/tenan/{TENANT}/").content, "html.parser")
    assert tenant.select_one(".qr-card-link a")["href"] == f"/tenan/{TENANT}/kartu/"


def test_a_closed_tenants_page_offers_no_card(client, demo_data):
    Tenant.objects.filter(slug=TENANT).update(status=Tenant.Status.CLOSED)
    page = client.get(f"/tenan/{TENANT}/").content.decode()
    assert "qr-card-link" not in page
    assert "/kartu/" not in page


def test_the_signboard_box_of_a_centre_being_built_offers_its_code(client, demo_data):
    page = BeautifulSoup(client.get(f"/sentra/{BUILDING}/").content, "html.parser")
    links = [a["href"] for a in page.select(".signboard .qr-card-link a")]
    assert links == [f"/sentra/{BUILDING}/papan-proyek.png", f"/sentra/{BUILDING}/papan-proyek.svg"]
    operating = client.get(f"/sentra/{OPERATING}/").content.decode()
    assert "papan-proyek" not in operating


def object_tools(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {a.get_text(strip=True): a["href"] for a in soup.select(".object-tools a")}


# The back office speaks Indonesian, as the staff read it.
def test_the_centre_form_in_the_back_office_links_card_and_signboard_code(
    client, demo_data, staf_dprd, admin_url
):
    client.force_login(staf_dprd)
    building = Sentra.objects.get(slug=BUILDING)
    tools = object_tools(client.get(admin_url(Sentra, "change", building.pk)))
    assert tools["Kartu QR"] == f"/sentra/{BUILDING}/kartu/"
    assert tools["QR papan proyek (PNG)"] == f"/sentra/{BUILDING}/papan-proyek.png"
    assert tools["QR papan proyek (SVG)"] == f"/sentra/{BUILDING}/papan-proyek.svg"
    operating = Sentra.objects.get(slug=OPERATING)
    tools = object_tools(client.get(admin_url(Sentra, "change", operating.pk)))
    assert tools["Kartu QR"] == f"/sentra/{OPERATING}/kartu/"
    assert not any("papan proyek" in name for name in tools)


def test_a_centre_manager_finds_the_card_of_each_listed_tenant(
    client, manager_of_pujasera, admin_url
):
    client.force_login(manager_of_pujasera)
    tenant = Tenant.objects.get(slug=TENANT)
    tools = object_tools(client.get(admin_url(Tenant, "change", tenant.pk)))
    assert tools["Kartu QR"] == f"/tenan/{TENANT}/kartu/"
    draft = TenantFactory(sentra=tenant.sentra, curation_status=Curation.DRAFT)
    tools = object_tools(client.get(admin_url(Tenant, "change", draft.pk)))
    assert "Kartu QR" not in tools
