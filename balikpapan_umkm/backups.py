"""Back up the portal (every row and every uploaded file) into one archive, and restore it.

    manage.py backup  [FILE]   -> sentra-backup-YYYYMMDD-HHMMSS.tar.gz by default
    manage.py restore FILE     into a migrated, empty database and an empty storage

The archive is a plain .tar.gz that anyone can open:
    manifest.json       when, which migrations, how many rows per model, every
                        file with its size and SHA-256
    database.json.gz    the rows, as Django fixtures (natural keys for users,
                        groups, permissions and content types), times to the
                        microsecond (dumpdata's encoder cuts them to milliseconds,
                        and a restored row would then differ from the one kept)
    media/...           the uploaded files, as the storage holds them

Why Django's own fixtures and not pg_dump: the same archive restores into
PostgreSQL or SQLite, and files go through the configured storage, so a local
folder and an S3 bucket are backed up the same way. For a database of many
gigabytes, pg_dump is faster; at the portal's size (thousands of rows) this
takes seconds. Sessions, login lockouts and the cache are not kept: they are
short-lived, and a restored site starts without them.

`restore` checks the archive before it writes anything (migrations match,
the database and the storage hold none of the archive's rows or files), then
loads the rows in one transaction and copies the files, and finally compares
counts and checksums with the manifest.
"""

import datetime
import gzip
import hashlib
import io
import itertools
import json
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
# Made again by `migrate` (content types, permissions) or short-lived (the rest).
NOT_BACKED_UP = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
]
# Rows that `migrate` itself creates. A restore matches the groups by natural key,
# and replaces the starter glossary with the backup's, which curators may have
# edited or trimmed since.
MADE_BY_MIGRATIONS = {"auth.group", "produk.gloss"}
REPLACED_BY_THE_BACKUP = {"produk.gloss"}


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but datetimes and times keep their microseconds.

    Django's JSON fixtures cut them to milliseconds; the fixture loader reads the full
    ISO 8601 text back, so rows come back exactly as they were kept.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _write_rows(models, path):
    """Every row of `models` into a gzipped Django fixture, as `dumpdata` would write it.

    Models with natural keys come before the models that refer to them by those keys
    (dumpdata's own order), each table by primary key.
    """
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    rows = itertools.chain.from_iterable(
        model._base_manager.order_by(model._meta.pk.name).iterator() for model in ordered
    )
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        serializers.serialize(
            "json",
            rows,
            stream=stream,
            cls=ExactJSONEncoder,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )


class BackupError(Exception):
    """Why an archive cannot be restored here; nothing was written."""


def _backed_up_models():
    skipped = set(NOT_BACKED_UP)
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in skipped
        and model._meta.label_lower not in skipped
        and model._meta.managed
        and not model._meta.proxy
    ]


def _stored_files(folder=""):
    """Every file name in the default storage, recursively (local folder or bucket)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # a local media folder not made yet: no files
        return
    for name in sorted(files):
        yield str(PurePosixPath(folder, name)) if folder else name
    for sub in sorted(folders):
        yield from _stored_files(str(PurePosixPath(folder, sub)) if folder else sub)


def _digest(handle):
    sha = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        sha.update(chunk)
        size += len(chunk)
    return sha.hexdigest(), size


def _applied_migrations():
    recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(path):
    """Write the archive to `path`; return its manifest."""
    models = _backed_up_models()
    with tempfile.TemporaryDirectory() as work:
        rows = Path(work) / "database.json.gz"
        # One snapshot of every table: counts and rows agree even while staff save.
        with transaction.atomic():
            counts = {model._meta.label_lower: model._base_manager.count() for model in models}
            _write_rows(models, rows)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "migrations": _applied_migrations(),
            "rows": counts,
            "files": {},
        }
        with tarfile.open(path, "w:gz", compresslevel=6) as archive:
            archive.add(rows, "database.json.gz")
            for name in _stored_files():
                with default_storage.open(name, "rb") as handle:
                    sha, size = _digest(handle)
                    handle.seek(0)
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = size
                    info.mtime = int(timezone.now().timestamp())
                    archive.addfile(info, handle)
                manifest["files"][name] = {"size": size, "sha256": sha}
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    return manifest


def _read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError(f"Not a portal backup (no readable manifest.json): {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _check_target(manifest):
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("The database is not fully migrated: run `manage.py migrate` first.")
    applied = set(_applied_migrations())
    missing = sorted(set(manifest["migrations"]) - applied)
    if missing:
        raise BackupError(
            "The backup was made by a newer version of the portal (migrations "
            f"{', '.join(missing[:5])} are unknown here): restore it with that version."
        )
    filled = [
        label
        for label in manifest["rows"]
        if label not in MADE_BY_MIGRATIONS and apps.get_model(label)._base_manager.exists()
    ]
    if filled:
        raise BackupError(
            "The database is not empty (rows in " + ", ".join(sorted(filled)[:5]) + "): "
            "restore into a new database."
        )
    present = [name for name in manifest["files"] if default_storage.exists(name)]
    if present:
        raise BackupError(
            f"The media storage is not empty ({present[0]} exists): restore into an empty one."
        )


def restore(path):
    """Restore the archive at `path`; return its manifest. Raises BackupError before writing."""
    archive = None
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the `with` below)
        manifest = _read_manifest(archive)
    except (OSError, EOFError, zlib.error, tarfile.TarError) as error:
        if archive is not None:
            archive.close()
        raise BackupError(f"Cannot read {path}: {error}") from error
    with archive:
        _check_target(manifest)
        with tempfile.TemporaryDirectory() as work:
            rows = Path(work) / "database.json.gz"
            rows.write_bytes(archive.extractfile("database.json.gz").read())
            with transaction.atomic():
                for label in REPLACED_BY_THE_BACKUP:
                    apps.get_model(label)._base_manager.all().delete()
                call_command("loaddata", str(rows), verbosity=0)
        for name, expected in manifest["files"].items():
            data = archive.extractfile(f"media/{name}").read()
            if hashlib.sha256(data).hexdigest() != expected["sha256"]:
                raise BackupError(f"{name} is damaged in the archive (checksum differs).")
            stored = default_storage.save(name, ContentFile(data))
            if stored != name:
                raise BackupError(f"{name} was stored as {stored}: the storage renamed it.")
    _verify(manifest)
    return manifest


def _verify(manifest):
    for label, count in manifest["rows"].items():
        found = apps.get_model(label)._base_manager.count()
        if found != count:
            raise BackupError(f"{label}: {found} rows restored, the backup has {count}.")
    for name, expected in manifest["files"].items():
        with default_storage.open(name, "rb") as handle:
            if _digest(handle)[0] != expected["sha256"]:
                raise BackupError(f"{name} differs from the backup after restoring.")
