"""Backups: one command writes every row and every file, another brings them back exactly."""

import io
import json
import tarfile

import pytest
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from balikpapan_umkm.backups import ExactJSONEncoder, _backed_up_models, _stored_files
from produk.glossary import add_starter_glossary
from produk.models import Gloss, Product

pytestmark = pytest.mark.django_db


def _every_row():
    """Each backed-up model's rows, as natural-key JSON, in an order that ignores new ids.

    Times to the microsecond: a restore must give back exactly what was kept.
    """
    snapshot = {}
    for model in _backed_up_models():
        rows = json.loads(
            serializers.serialize(
                "json",
                model._base_manager.all(),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
                cls=ExactJSONEncoder,
            )
        )
        snapshot[model._meta.label_lower] = sorted(json.dumps(row, sort_keys=True) for row in rows)
    return snapshot


def _every_file():
    files = {}
    for name in _stored_files():
        with default_storage.open(name, "rb") as handle:
            files[name] = handle.read()
    return files


def _empty_database_and_storage(settings, tmp_path):
    """What a new server has after `migrate`: no rows but the groups and starter glossary."""
    models = [m for m in _backed_up_models() if m._meta.label_lower != "auth.group"]
    tables = [m._meta.db_table for m in models]
    tables += [
        field.m2m_db_table() for m in _backed_up_models() for field in m._meta.local_many_to_many
    ]
    with connection.cursor() as cursor:  # foreign keys are checked at commit, never reached
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    add_starter_glossary(Gloss)
    settings.MEDIA_ROOT = tmp_path / "new-media"


@pytest.fixture
def archive(demo_data, staf_dprd, kurator, tmp_path):
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return path


def test_a_restore_into_an_empty_database_and_storage_finds_every_row_and_file(
    archive, settings, tmp_path
):
    rows, files = _every_row(), _every_file()
    assert rows["produk.product"]
    assert rows["auth.user"]
    assert any(name.startswith("demo/produk/") for name in files)
    assert any(name.startswith("thumbs/") for name in files)

    _empty_database_and_storage(settings, tmp_path)
    assert not Product.objects.exists()
    assert not list(_stored_files())
    call_command("restore", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert _every_row() == rows
    assert _every_file() == files
    # Derived figures come back as they were stored, and pages work on them.
    product = Product.objects.findable().first()
    assert product.photo.storage.exists(product.photo.name)


def test_a_restore_brings_back_the_curators_glossary_over_the_starter_one(
    demo_data, kurator, settings, tmp_path
):
    Gloss.objects.filter(term__iexact="amplang").update(gloss="fish crackers (edited)")
    Gloss.objects.filter(term__iexact="haruan").delete()
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    glossary = _every_row()["produk.gloss"]

    _empty_database_and_storage(settings, tmp_path)
    assert Gloss.objects.filter(term__iexact="haruan").exists()  # as `migrate` left it
    call_command("restore", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert _every_row()["produk.gloss"] == glossary
    assert not Gloss.objects.filter(term__iexact="haruan").exists()
    assert Gloss.objects.get(term__iexact="amplang").gloss == "fish crackers (edited)"


def test_the_archive_lists_what_it_holds(archive):
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        names = set(opened.getnames())
    assert manifest["rows"]["produk.product"] == Product.objects.count()
    assert "sessions.session" not in manifest["rows"]
    assert {f"media/{name}" for name in manifest["files"]} | {
        "manifest.json",
        "database.json.gz",
    } == names


def test_a_restore_refuses_a_database_that_is_not_empty_and_writes_nothing(archive):
    before = Product.objects.count()
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive))
    assert Product.objects.count() == before


def test_a_restore_refuses_a_storage_that_is_not_empty(archive, settings, tmp_path):
    kept_media = settings.MEDIA_ROOT
    _empty_database_and_storage(settings, tmp_path)
    settings.MEDIA_ROOT = kept_media  # the rows are gone, the old files are still there
    with pytest.raises(CommandError, match="The media storage is not empty"):
        call_command("restore", str(archive))
    assert not Product.objects.exists()


def test_a_restore_refuses_a_backup_of_a_newer_version(archive, settings, tmp_path):
    newer = tmp_path / "newer.tar.gz"
    with tarfile.open(archive) as old, tarfile.open(newer, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"].append("produk.9999_from_the_future")
                data = json.dumps(manifest).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    _empty_database_and_storage(settings, tmp_path)
    with pytest.raises(CommandError, match="made by a newer version"):
        call_command("restore", str(newer))
    assert not Product.objects.exists()


@pytest.mark.parametrize("content", [b"", b"not a tar file", b"\x1f\x8b\x08garbage"])
def test_a_restore_refuses_what_is_not_a_backup(content, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(content)
    with pytest.raises(CommandError, match=r"Cannot read|Not a portal backup"):
        call_command("restore", str(bogus))
