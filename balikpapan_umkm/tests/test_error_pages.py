"""Error pages in the site's own style."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error


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
