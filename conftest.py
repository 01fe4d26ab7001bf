"""Fixtures shared by every app's tests: the districts and the people who use the portal."""

import io

import pytest
from django.core.management import call_command


def pytest_configure(config):
    """Passwords in tests are hashed fast: production cost would make every login a wait."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def wilayah(db):
    """The six kecamatan and 34 kelurahan from the reference file."""
    from sentra.wilayah import load_wilayah

    load_wilayah()


@pytest.fixture
def demo_data(db, settings):
    """The full demo dataset on a demonstration site (pictures go to the test's media folder)."""
    settings.DEMO_SITE = True
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(scope="session")
def _test_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Transactional tests leave the shared cache empty for the next test.

    The cache is a database table: other tests' writes roll back with their
    transaction, but a transactional test's flush empties only model tables.
    """
    yield
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, _test_media_root):
    """Uploads made by tests never land in the developer's media folder.

    One folder for the whole session, so the demo pictures are drawn once.
    """
    settings.MEDIA_ROOT = _test_media_root


# --- People who use the back office ----------------------------------------


def _member_of(django_user_model, username, group_name):
    from django.contrib.auth.models import Group, Permission

    from produk.roles import sync_groups

    if not Group.objects.filter(name=group_name).exists():
        # A transactional test before this one flushed the tables, and with
        # them the groups the migration made; make them again the same way.
        sync_groups(Group, Permission)
    user = django_user_model.objects.create_user(
        username=username, password="kata-sandi-uji-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def staf_dprd(db, django_user_model):
    """A council staff member who records construction progress."""
    return _member_of(django_user_model, "staf", "Staf DPRD")


@pytest.fixture
def kurator(db, django_user_model):
    """A curator of the UMKM office (Dinas) who approves listings."""
    return _member_of(django_user_model, "kurator", "Kurator")


@pytest.fixture
def manager_of_pujasera(demo_data, django_user_model):
    """The manager of Pujasera Contoh Klandasan, and of no other centre."""
    from sentra.models import Sentra

    user = _member_of(django_user_model, "pengelola", "Pengelola Sentra")
    Sentra.objects.get(slug="pujasera-contoh-klandasan").managers.add(user)
    return user
