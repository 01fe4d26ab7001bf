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
    "/data/",
    "/en/data/",
    "/data/sentra.csv",
    "/data/tenan.json",
    "/data/produk.csv",
    "/data/progres.csv",
    "/data/rencana.json",
    "/data/oc4ids.json",
    "/data/oc4ids/sentra-umkm-balikpapan-barat.json",
    "/acara/",
    "/en/acara/",
    "/acara/festival-kuliner-malam-contoh/",
    "/acara.ics",
    "/acara/festival-kuliner-malam-contoh.ics",
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


def _production_settings(patch, **variables):
    """The settings module as a deployment reads it, with DEBUG off and `variables` set."""
    from importlib import reload

    from balikpapan_umkm import settings as portal_settings

    patch.setenv("DEBUG", "false")
    for name, value in variables.items():
        patch.setenv(name, value)
    return reload(portal_settings)


@pytest.fixture
def production(monkeypatch):
    from importlib import reload

    from balikpapan_umkm import settings as portal_settings

    yield lambda **variables: _production_settings(monkeypatch, **variables)
    monkeypatch.undo()
    reload(portal_settings)


def test_production_cookies_are_secure_httponly_and_same_site(production, client, staf_dprd):
    deployed = production()
    assert deployed.SESSION_COOKIE_SECURE
    assert deployed.CSRF_COOKIE_SECURE
    with override_settings(
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
        CSRF_COOKIE_HTTPONLY=deployed.CSRF_COOKIE_HTTPONLY,
        SESSION_COOKIE_HTTPONLY=deployed.SESSION_COOKIE_HTTPONLY,
    ):
        client.get("/admin/login/", secure=True)
        response = client.post(
            "/admin/login/",
            {"username": "staf", "password": "kata-sandi-uji-123"},
            secure=True,
        )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


def test_pictures_on_their_own_host_are_allowed_by_the_policy(production):
    deployed = production(
        MEDIA_S3_BUCKET="sentra-media", MEDIA_S3_PUBLIC_HOST="cdn.example.id/sentra"
    )
    assert deployed.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert deployed.STORAGES["default"]["OPTIONS"]["custom_domain"] == "cdn.example.id/sentra"
    assert "https://cdn.example.id" in deployed.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]


def test_the_shared_cache_is_redis_when_cache_url_says_so(production):
    deployed = production(CACHE_URL="redis://10.0.0.5:6379/1")
    cache = deployed.CACHES["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://10.0.0.5:6379/1"
