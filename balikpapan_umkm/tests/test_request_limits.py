"""Requests too large or with too many fields are refused cleanly, with words a person reads."""

import pytest
from django.test import override_settings

from produk.models import Report

pytestmark = pytest.mark.django_db

REPORT_FORM = "/tenan/kepiting-saus-klandasan/laporkan/"


@override_settings(MAX_REQUEST_BYTES=10_000)
def test_a_body_over_the_limit_is_refused_before_it_is_read(client, demo_data):
    response = client.post(REPORT_FORM, {"message": "x" * 20_000, "kind": "other"})
    assert response.status_code == 413
    page = response.content.decode()
    assert "Terlalu banyak yang dikirim sekaligus" in page
    assert "Tidak ada yang disimpan" in page
    assert "Content-Security-Policy" in response.headers
    assert not Report.objects.exists()


def test_an_upload_larger_than_django_counts_is_refused_too(client, demo_data, settings):
    """Django's own body limit skips file parts; ours counts the whole request."""
    big = b"\xff\xd8" + b"\0" * (settings.MAX_REQUEST_BYTES + 1)
    response = client.generic(
        "POST", REPORT_FORM, big, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 413


def test_too_many_fields_is_a_400_that_says_what_to_do(client, demo_data):
    fields = {f"f{number}": "1" for number in range(1500)}
    response = client.post(REPORT_FORM, fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Permintaan tidak dapat dibaca" in page
    assert not Report.objects.exists()
