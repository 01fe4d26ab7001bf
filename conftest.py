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


@pytest.fixture(scope="session")
def _test_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, _test_media_root):
    """Uploads made by tests never land in the developer's media folder.

    One folder for the whole session, so the demo pictures are drawn once.
    """
    settings.MEDIA_ROOT = _test_media_root
