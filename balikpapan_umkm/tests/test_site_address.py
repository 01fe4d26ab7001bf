"""Absolute URLs come from SITE_URL, never from the Host header a request sends."""

import pytest
from django.core import checks
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

FORGED = "penipu.example"


@pytest.mark.parametrize(
    "path",
    [
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-produk-id.xml",
        "/sentra/pujasera-contoh-klandasan/",
        "/tenan/kepiting-saus-klandasan/",
        "/produk/kepiting-saus-padang-kepiting-saus-klandasan/",
        "/en/",
    ],
)
@override_settings(ALLOWED_HOSTS=["*"], SITE_URL="https://sentra.example.id")
def test_a_forged_host_never_reaches_an_absolute_url(client, demo_data, path):
    response = client.get(path, HTTP_HOST=FORGED)
    assert response.status_code == 200
    page = response.content.decode()
    assert FORGED not in page
    assert "https://sentra.example.id/" in page


@override_settings(SITE_URL="https://sentra.example.id")
def test_the_sitemap_index_names_each_section_on_the_site_address(client, demo_data):
    page = client.get("/sitemap.xml").content.decode()
    section = reverse("sitemap-section", kwargs={"section": "produk-id"})
    assert f"<loc>https://sentra.example.id{section}</loc>" in page


@pytest.mark.parametrize(
    ("site_url", "warned"),
    [
        ("http://127.0.0.1:8000", True),  # the default: codes would open the loopback
        ("https://localhost", True),
        ("http://sentra.example.id", True),  # printed codes should open https
        ("https://sentra.example.id", False),
    ],
)
def test_the_deployment_check_warns_of_a_site_address_no_visitor_can_open(site_url, warned):
    with override_settings(SITE_URL=site_url):
        found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    assert ("balikpapan_umkm.W001" in {message.id for message in found}) is warned
