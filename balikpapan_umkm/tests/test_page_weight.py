"""What a phone on a mobile network downloads: small pages, small pictures, no layout jumps.

Budgets from issue 10: a first load of a main page under 150 KB without product
photos (HTML, CSS, scripts and the portal's own images, compressed as nginx and
WhiteNoise send them); the HTML alone under 30 KB compressed; each thumbnail
under 20 KB; every <img> with width and height, so nothing moves as pictures arrive.
"""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

from balikpapan_umkm import thumbnails

pytestmark = pytest.mark.django_db

PAGES = ["/", "/produk/", "/kuliner/", "/sentra/pujasera-contoh-klandasan/", "/en/produk/"]
ALREADY_COMPRESSED = (".png", ".jpg", ".webp", ".woff2")


def _sent_size(name, data):
    """Bytes on the wire: text is sent gzipped (WhiteNoise, nginx), pictures as they are."""
    return len(data) if name.endswith(ALREADY_COMPRESSED) else len(gzip.compress(data))


@pytest.mark.parametrize("path", PAGES)
def test_a_first_load_without_product_photos_stays_small(client, demo_data, path):
    html = client.get(path).content
    html_size = len(gzip.compress(html))
    assert html_size < 30_000, f"{path}: HTML is {html_size} bytes compressed"
    total = html_size
    for reference in re.findall(rb'(?:href|src)="/static/([^"?#]+)"', html):
        name = reference.decode()
        found = finders.find(name)
        assert found, f"{path} refers to a missing static file {name}"
        with open(found, "rb") as file:
            total += _sent_size(name, file.read())
    assert total < 150_000, f"{path}: first load is {total} bytes without product photos"


@pytest.mark.parametrize("path", PAGES)
def test_every_picture_says_its_size(client, demo_data, path):
    images = re.findall(r"<img\b[^>]*>", client.get(path).content.decode())
    for tag in images:
        assert re.search(r'\swidth="\d+"', tag), tag
        assert re.search(r'\sheight="\d+"', tag), tag


def test_every_thumbnail_of_the_demo_is_under_20_kb(demo_data):
    """The demo's drawings, not photos: real photos at 1280 px are not checked here."""
    for width in thumbnails.ALL_WIDTHS:
        folders = [f"thumbs/{width}/demo/{kind}" for kind in ("produk", "sentra")]
        names = [
            f"{folder}/{name}"
            for folder in folders
            if default_storage.exists(folder)
            for name in default_storage.listdir(folder)[1]
        ]
        assert names, width
        for name in names:
            assert default_storage.size(name) < 20_000, name
