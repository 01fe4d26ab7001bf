"""Uploads served by the app (`make serve`): pictures as pictures, anything else as a download."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from balikpapan_umkm.media import serve_media


@pytest.fixture
def stored(settings):
    def store(name, data=b"\x89PNG\r\n\x1a\n..."):
        if default_storage.exists(name):
            default_storage.delete(name)
        return default_storage.save(name, ContentFile(data))

    return store


def test_a_picture_is_served_as_its_stored_type_with_caching(rf, stored):
    name = stored("produk/foto-abc123.png")
    response = serve_media(rf.get(f"/media/{name}"), name)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["Cache-Control"] == "public, max-age=604800"


@pytest.mark.parametrize("name", ["lama/peta.svg", "lama/halaman.html", "lama/tanpa-akhiran"])
def test_anything_else_is_a_download_never_a_page(rf, stored, name):
    stored(name, b"<svg onload=alert(1)>")
    response = serve_media(rf.get(f"/media/{name}"), name)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("path", ["../settings.py", "/etc/passwd", "tidak/ada.png", ".env"])
def test_nothing_outside_the_media_folder_or_missing_is_served(rf, path):
    with pytest.raises(Http404):
        serve_media(rf.get("/media/x"), path)
