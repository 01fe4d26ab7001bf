"""The share block on centre, tenant and product pages: plain links, the page's own address."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/sentra/pujasera-contoh-klandasan/",
    "/tenan/kepiting-saus-klandasan/",
    "/produk/kepiting-saus-padang-kepiting-saus-klandasan/",
]


def share_block(client, path):
    page = client.get(path).content.decode()
    return re.search(r'<section class="share".*?</section>', page, re.S).group(0)


def share_links(block):
    """{network: href} of the block's links, HTML entities decoded."""
    return {
        network: html.unescape(href)
        for href, network in re.findall(r'<a class="[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', block)
    }


def query(link):
    return {name: values[0] for name, values in parse_qs(urlsplit(link).query).items()}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_link_shares_the_pages_own_absolute_address(client, demo_data, path, prefix):
    address = "http://testserver" + prefix + path
    links = share_links(share_block(client, prefix + path + "?utm_source=x"))
    assert set(links) == {"WhatsApp", "Facebook", "X"}
    assert links["WhatsApp"].startswith("https://wa.me/?text=")
    assert query(links["WhatsApp"])["text"].endswith(" " + address)
    assert links["Facebook"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert query(links["Facebook"]) == {"u": address}
    assert links["X"].startswith("https://x.com/intent/post?")
    assert query(links["X"])["url"] == address


def test_the_shared_text_is_in_the_pages_language_and_fully_encoded(client, demo_data):
    path = "/en/produk/kepiting-saus-padang-kepiting-saus-klandasan/"
    links = share_links(share_block(client, path))
    assert query(links["X"])["text"] == "Kepiting saus padang on Sentra UMKM Balikpapan"
    # Spaces as %20 and every reserved character escaped: no bare "/" or ":" in the query.
    assert "Kepiting%20saus%20padang" in links["WhatsApp"]
    assert re.fullmatch(r"[A-Za-z0-9%._~-]+", urlsplit(links["Facebook"]).query.split("=", 1)[1])


@pytest.mark.parametrize("path", PAGES)
def test_the_address_can_be_copied_with_or_without_javascript(client, demo_data, path):
    block = share_block(client, "/en" + path)
    field = re.search(r"<input [^>]*>", block).group(0)
    assert 'value="http://testserver/en' + path + '"' in field
    assert "readonly" in field
    assert re.search(r'<label class="copy-label" for="share-url">Link to this page</label>', block)
    # The button needs the script: it starts hidden, and the script shows it.
    button = re.search(r"<button [^>]*>Copy link</button>", block).group(0)
    assert 'data-copy="share-url"' in button
    assert " hidden" in button
    assert 'data-copied="Link copied."' in button
    assert '<p class="copy-status" id="share-status" aria-live="polite"></p>' in block
    page = client.get("/en" + path).content.decode()
    assert re.search(r'<script src="/static/js/share\.js" defer></script>', page)


def test_each_link_names_its_network_for_screen_readers(client, demo_data):
    block = share_block(client, "/en/tenan/kepiting-saus-klandasan/")
    for network in ("WhatsApp", "Facebook", "X"):
        assert re.search(rf'aria-label="Share on {network}" rel="noopener">{network}</a>', block)


@pytest.mark.parametrize("path", PAGES)
def test_pages_with_the_block_set_no_cookie_and_vary_on_nothing(client, demo_data, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert not response.has_header("Vary")
