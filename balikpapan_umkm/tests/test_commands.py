"""Site-wide commands: the local admin login and the translation compiler."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from balikpapan_umkm.management.commands import local_admin


@pytest.fixture
def credentials_file(tmp_path, monkeypatch):
    path = tmp_path / ".local-admin"
    monkeypatch.setattr(local_admin, "CREDENTIALS_FILE", path)
    return path


@pytest.mark.django_db
def test_local_admin_creates_a_superuser_once_and_prints_the_same_login(settings, credentials_file):
    settings.DEBUG = True
    first, second = io.StringIO(), io.StringIO()
    call_command("local_admin", stdout=first)
    call_command("local_admin", stdout=second)
    assert first.getvalue() == second.getvalue()
    password = credentials_file.read_text().strip().split(":", 1)[1]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    assert user.check_password(password)


@pytest.mark.django_db
def test_local_admin_refuses_to_run_with_debug_off(settings, credentials_file):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("local_admin", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def test_translations_compile_without_gettext_and_the_indonesian_catalogue_is_complete(settings):
    out = io.StringIO()
    call_command("compile_translations", stdout=out)
    id_line = next(line for line in out.getvalue().splitlines() if "/id/" in line)
    assert " 0 untranslated" in id_line
