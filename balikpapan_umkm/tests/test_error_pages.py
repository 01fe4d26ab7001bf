"""Error pages in the site's own style."""

import pytest
from django.test import RequestFactory
from django.urls import path

from balikpapan_umkm.errors import server_error


def test_the_500_page_needs_no_database_and_speaks_both_languages():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan" in page
    assert "Sorry, something went wrong" in page
    assert "/static/css/portal.css" in page


@pytest.mark.django_db
def test_the_404_page_keeps_the_navigation_and_a_way_home(client):
    response = client.get("/en/tidak-ada/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page
    assert 'href="/en/produk/"' in page


def broken_view(request):
    raise RuntimeError("the view failed")


urlpatterns = [path("rusak/", broken_view)]
handler500 = "balikpapan_umkm.errors.server_error"


@pytest.mark.urls(__name__)
def test_a_500_shows_the_request_id_that_is_also_in_the_log_line(client, caplog, db):
    client.raise_request_exception = False
    with caplog.at_level("ERROR", logger="django.request"):
        response = client.get("/rusak/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert len(request_id) == 12
    assert f"<code>{request_id}</code>" in response.content.decode()
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == request_id


def test_every_response_carries_its_own_request_id(client, db):
    first = client.get("/robots.txt")["X-Request-ID"]
    second = client.get("/robots.txt")["X-Request-ID"]
    assert first != second


def test_a_staff_member_without_the_right_gets_a_403_page_in_the_site_s_language(
    client, manager_of_pujasera
):
    client.force_login(manager_of_pujasera)
    response = client.get("/admin/sentra/progressupdate/add/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Tidak diizinkan" in page
    assert 'href="/admin/"' in page
