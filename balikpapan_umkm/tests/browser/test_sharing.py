"""Sharing in a real browser: the share block's copy button, with and without JavaScript,
and the page for the media on the smallest phone."""

import pytest
from playwright.sync_api import expect

from .conftest import (
    DESKTOP,
    MOBILE,
    SMALLEST_PHONE,
    assert_no_sideways_scroll,
    serious_accessibility_problems,
)

CLIPBOARD = ["clipboard-read", "clipboard-write"]
DETAIL_PAGES = [
    "/en/sentra/pujasera-contoh-klandasan/",
    "/en/tenan/kepiting-saus-klandasan/",
    "/en/produk/kepiting-saus-padang-kepiting-saus-klandasan/",
]


@pytest.mark.parametrize("path", DETAIL_PAGES)
def test_copy_link_puts_the_address_on_the_clipboard_and_says_so(reading_page, path):
    page = reading_page(viewport=SMALLEST_PHONE, permissions=CLIPBOARD)
    page.goto(path)
    share = page.get_by_role("region", name="Share this page")
    field = share.get_by_label("Link to this page")
    address = field.input_value()
    assert address.endswith(path)
    share.get_by_role("button", name="Copy link").click()
    expect(share.locator("[aria-live=polite]")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert_no_sideways_scroll(page)


def test_without_javascript_the_address_is_there_to_select(reading_page):
    page = reading_page(viewport=MOBILE, java_script_enabled=False)
    page.goto(DETAIL_PAGES[1])
    share = page.get_by_role("region", name="Share this page")
    expect(share.get_by_role("button", name="Copy link")).to_be_hidden()
    field = share.get_by_label("Link to this page")
    expect(field).to_be_visible()
    expect(field).to_have_attribute("readonly", "")
    for network in ("WhatsApp", "Facebook", "X"):
        expect(share.get_by_role("link", name=f"Share on {network}")).to_be_visible()


def test_the_media_page_fits_a_small_phone_and_its_texts_copy(reading_page):
    page = reading_page(viewport=SMALLEST_PHONE, permissions=CLIPBOARD)
    page.goto("/en/untuk-media/")
    assert_no_sideways_scroll(page)
    article = page.locator("article.media-item").first
    caption = article.get_by_role("textbox", name="Caption (English)", exact=True)
    article.get_by_role("button", name="Copy Caption (English)").click()
    expect(article.locator("[aria-live=polite]")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == caption.input_value()


def test_axe_finds_nothing_serious_on_the_media_page(reading_page):
    page = reading_page(viewport=DESKTOP)
    page.goto("/untuk-media/")
    for size in (DESKTOP, MOBILE):
        page.set_viewport_size(size)
        assert serious_accessibility_problems(page) == "", f"at {size['width']} px"
