"""Fixtures shared by every app's tests: the districts and the people who use the portal."""

import io

import pytest
from django.core.management import call_command


@pytest.fixture
def wilayah(db):
    """The six kecamatan and 34 kelurahan from the reference file."""
    from sentra.wilayah import load_wilayah

    load_wilayah()


@pytest.fixture
def demo_data(db):
    """The full demo dataset (its pictures go to the test's temporary media folder)."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by tests never land in the developer's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
