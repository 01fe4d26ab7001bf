"""Every public page and the admin carry the security headers a public portal needs.

The Content-Security-Policy allows nothing inline and nothing from elsewhere but
the map tiles' host; pages may not be framed; browser features stay off.
"""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/en/",
    "/kecamatan/",
    "/kecamatan/balikpapan-kota/",
    "/sentra/pujasera-contoh-klandasan/",
    "/kuliner/",
    "/progres/",
    "/produk/",
    "/produk/kepiting-saus-padang-kepiting-saus-klandasan/",
    "/tenan/kepiting-saus-klandasan/",
    "/tenan/kepiting-saus-klandasan/laporkan/",
    "/sitemap.xml",
    "/robots.txt",
    "/tidak-ada/",
]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_secure_headers(response):
    csp = directives(response)
    for directive in ("default-src", "script-src", "style-src"):
        assert csp[directive] == ["'self'"], directive
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert "https://tile.openstreetmap.org" in csp["img-src"]
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_page_sends_the_security_headers(client, demo_data, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    assert_secure_headers(response)


@pytest.mark.parametrize("path", ["/admin/", "/admin/produk/tenant/", "/admin/produk/report/"])
def test_the_admin_sends_them_too(client, kurator, path):
    client.force_login(kurator)
    response = client.get(path)
    assert response.status_code == 200
    assert_secure_headers(response)


def test_the_login_page_sends_them_too(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_secure_headers(response)


def test_the_tile_host_in_the_policy_follows_the_configured_tiles(client, db):
    from importlib import reload

    from balikpapan_umkm import settings as portal_settings

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MAP_TILE_URL", "https://{s}.tiles.example.id/{z}/{x}/{y}.png")
        reloaded = reload(portal_settings)
        policy = reloaded.CONTENT_SECURITY_POLICY
    reload(portal_settings)
    assert "https://*.tiles.example.id" in policy["DIRECTIVES"]["img-src"]


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https(client, db):
    response = client.get("/robots.txt", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_head_answer_keeps_the_headers_of_get_and_drops_the_body(rf):
    """gunicorn would drop the body itself, but log a warning each time (see the cluster test)."""
    from django.http import HttpResponse

    from balikpapan_umkm.middleware import HeadWithoutBodyMiddleware

    middleware = HeadWithoutBodyMiddleware(lambda request: HttpResponse("halo, Balikpapan"))
    head = middleware(rf.head("/"))
    assert (head.content, head["Content-Length"]) == (b"", "16")
    assert middleware(rf.get("/")).content == b"halo, Balikpapan"
