"""The catalogue on a phone: results first, filters behind one button, chips that drop a filter.

Words are read on the English pages: the Indonesian ones show the new
strings only once their translations are compiled.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import (
    DESKTOP,
    MOBILE,
    SMALLEST_PHONE,
    assert_no_sideways_scroll,
    serious_accessibility_problems,
)

TWO_FILTERS = "/en/produk/?kecamatan=balikpapan-kota&halal=1"
# Halal crafts from Balikpapan Kota: the demo has none, so the page suggests what to drop.
NOTHING_MATCHES = "/en/produk/?q=kepiting&kecamatan=balikpapan-kota&kategori=kerajinan&halal=1"


def test_on_a_phone_the_first_product_is_on_the_first_screen_and_the_filters_wait(
    reading_page,
):
    page = reading_page(viewport=MOBILE)
    page.goto(TWO_FILTERS)

    first_card = page.locator("article.product-card").first
    expect(first_card).to_be_visible()
    assert first_card.bounding_box()["y"] < MOBILE["height"]
    form = page.locator("form.filters__form")
    expect(form).to_be_hidden()

    button = page.locator("details.filters > summary")
    expect(button).to_have_accessible_name("Filter (2 active)")
    expect(button).to_have_text(re.compile(r"^Filter \(2\)"))  # what the eye reads first
    button.click()
    expect(form).to_be_visible()
    expect(page.locator("select[name=kecamatan]")).to_have_value("balikpapan-kota")
    expect(page.locator("input[name=halal]")).to_be_checked()


def test_on_a_phone_removing_a_chip_keeps_the_other_filter(reading_page):
    page = reading_page(viewport=MOBILE)
    page.goto(TWO_FILTERS + "&page=1")
    halal_only = page.locator("article.product-card").count()

    page.get_by_role("link", name="Remove filter: Halal", exact=True).click()

    expect(page).to_have_url(re.compile(r"/en/produk/\?kecamatan=balikpapan-kota$"))
    chips = page.get_by_role("list", name="Active filters").locator("a.chip")
    expect(chips).to_have_count(1)
    expect(chips).to_have_accessible_name("Remove filter: Balikpapan Kota")
    expect(page.locator("details.filters > summary")).to_have_accessible_name("Filter (1 active)")
    assert page.locator("article.product-card").count() > halal_only
    for district in page.locator("article.product-card .muted").all_inner_texts():
        assert district.endswith("Balikpapan Kota")


def test_without_javascript_the_phones_filter_button_opens_from_the_keyboard(reading_page):
    page = reading_page(viewport=MOBILE, java_script_enabled=False)
    page.goto("/en/produk/")
    expect(page.locator("form.filters__form")).to_be_hidden()

    button = page.locator("details.filters > summary")
    expect(button).to_have_accessible_name("Filter")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("form.filters__form")).to_be_visible()
    page.locator("select[name=kategori]").select_option("minuman")
    page.get_by_role("button", name="Show products").click()

    assert parse_qs(urlsplit(page.url).query)["kategori"] == ["minuman"]
    expect(page.get_by_role("link", name="Remove filter: Drinks")).to_be_visible()
    expect(page.locator("form.filters__form")).to_be_hidden()  # results first, again


@pytest.mark.parametrize("java_script_enabled", [True, False])
def test_on_a_desktop_the_filters_show_without_pressing_anything(reading_page, java_script_enabled):
    page = reading_page(viewport=DESKTOP, java_script_enabled=java_script_enabled)
    page.goto(TWO_FILTERS)

    expect(page.locator("summary.filters__toggle")).to_be_hidden()
    expect(page.get_by_role("heading", name="Filter and sort")).to_be_visible()
    kecamatan = page.locator("select[name=kecamatan]")
    expect(kecamatan).to_be_visible()
    kecamatan.select_option("balikpapan-timur")
    page.get_by_role("button", name="Show products").click()
    assert parse_qs(urlsplit(page.url).query)["kecamatan"] == ["balikpapan-timur"]
    page.wait_for_load_state()  # the stylesheet too: a layout read before it has none
    # Beside the results, not above them.
    sidebar = page.locator("details.filters").bounding_box()
    results = page.locator("section.catalogue__results").bounding_box()
    assert sidebar["x"] + sidebar["width"] <= results["x"]


def test_an_empty_result_names_what_to_drop_and_the_link_drops_it(reading_page):
    page = reading_page(viewport=MOBILE)
    page.goto(NOTHING_MATCHES)

    expect(page.locator("article.product-card")).to_have_count(0)
    expect(page.get_by_text("No product matches these filters.")).to_be_visible()
    expect(page.get_by_role("link", name="search “kepiting” everywhere")).to_have_attribute(
        "href", "/en/cari/?q=kepiting"
    )

    page.get_by_role("link", name="without Crafts", exact=True).click()

    assert parse_qs(urlsplit(page.url).query) == {
        "q": ["kepiting"],
        "kecamatan": ["balikpapan-kota"],
        "halal": ["1"],
    }
    expect(page.locator("article.product-card").first).to_be_visible()


@pytest.mark.parametrize(
    "path", [TWO_FILTERS + "&urut=-harga", NOTHING_MATCHES, "/produk/?q=" + "kerupuk" * 14]
)
def test_on_a_320_px_phone_chips_and_suggestions_do_not_scroll_sideways(reading_page, path):
    page = reading_page(viewport=SMALLEST_PHONE)
    page.goto(path)
    page.locator("summary.filters__toggle").click()  # the open form must fit too

    expect(page.locator("form.filters__form")).to_be_visible()
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("path", [TWO_FILTERS + "&urut=nama", NOTHING_MATCHES])
def test_axe_finds_nothing_serious_in_chips_and_suggestions(reading_page, path):
    """test_accessibility.py checks the bare catalogue; these are its filtered states."""
    page = reading_page(viewport=DESKTOP)
    page.goto(path)
    for size in (DESKTOP, MOBILE):
        page.set_viewport_size(size)
        if size is MOBILE:
            page.locator("summary.filters__toggle").click()
        assert serious_accessibility_problems(page) == "", f"{path} at {size['width']} px"
