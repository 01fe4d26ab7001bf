"""/healthz tells a load balancer whether this app server can serve."""

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_a_healthy_server_answers_ok_uncached_and_without_a_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_a_database_that_does_not_answer_is_a_503_naming_it(client):
    with mock.patch(
        "balikpapan_umkm.health.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    # The database cache (the default) goes down with it; Redis would not.
    assert response.content.startswith(b"unavailable: database")


def test_a_cache_that_does_not_answer_is_a_503_naming_it(client):
    with mock.patch("balikpapan_umkm.health.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable: cache"


def test_it_takes_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
