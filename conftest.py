"""Fixtures shared by every app's tests: the districts and the people who use the portal."""

import gc
import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.test import override_settings

# The machine's temporary folder, before a pytest-xdist worker takes one of its own.
_SHARED_TEMP = Path(tempfile.gettempdir())


def pytest_configure(config):
    """Fast password hashing, and uploads in a folder of the session's own.

    Production hashing cost would make every login a wait; uploads made by
    tests never land in the developer's media folder (one folder per session,
    so the demo pictures are drawn once).
    """
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False  # the test client and live servers speak plain HTTP
    settings.SITE_URL = "http://testserver"  # the test client's own host
    # Pages are rendered afresh: tests change rows inside transactions that never commit,
    # so the page cache would never hear of it. balikpapan_umkm/tests/test_page_cache.py
    # turns it on and commits its changes' callbacks.
    settings.PAGE_CACHE = False
    # Static files from the source folders, as with DEBUG: no collectstatic before tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    worker = getattr(config, "workerinput", {}).get("workerid")
    if worker:
        # `make test` runs the suite in two pytest-xdist workers. Each has a temporary
        # folder of its own, so that a test writing a fixed name there (and deleting it
        # afterwards) never meets the same file from a test in the other worker.
        config.worker_temp = Path(tempfile.mkdtemp(prefix=f"sentra-test-{worker}-"))
        tempfile.tempdir = str(config.worker_temp)
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sentra-test-media-"))
    settings.STATIC_ROOT = Path(tempfile.mkdtemp(prefix="sentra-test-static-"))  # WhiteNoise's
    # Hypothesis keeps its caches in the temporary folder too, not in .hypothesis/. Told
    # through its environment variable, read when it first needs the folder: importing
    # Hypothesis here cost the pytest-xdist controller 0.8 s before it started the workers.
    config.hypothesis_home = Path(tempfile.mkdtemp(prefix="sentra-test-hypothesis-"))
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(config.hypothesis_home)
    # The suite allocates a great deal and frees nearly all of it by reference counting.
    # At Python's default thresholds the cycle collector ran some 3,500 times a worker,
    # 15 of them over the whole heap: 3.3 s of each worker's run. Fewer, larger
    # collections: 1.6 s, and the same peak memory (650 MB in the worker with Chromium's
    # driver and the live servers).
    gc.set_threshold(50_000, 20, 20)


def pytest_unconfigure(config):
    from django.conf import settings

    for folder in (settings.MEDIA_ROOT, settings.STATIC_ROOT, config.hypothesis_home):
        if "sentra-test-" in str(folder):
            shutil.rmtree(folder, ignore_errors=True)
    if hasattr(config, "worker_temp"):
        tempfile.tempdir = None
        shutil.rmtree(config.worker_temp, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo dataset, loaded once into the test database.

    Each test runs in a transaction that is rolled back, so every test starts
    from the same data. Tests that build their own rows with factories see the
    demo rows too, and filter by what they made.
    """
    from django.conf import settings
    from django.test import TransactionTestCase

    from produk.demo import load_demo

    drawn = _drawn_demo_pictures()
    if drawn.is_dir():
        shutil.copytree(drawn, settings.MEDIA_ROOT, dirs_exist_ok=True)
    with django_db_blocker.unblock(), override_settings(DEMO_SITE=True):
        before = _DemoSnapshot.read_tables()
        load_demo()
        _DemoSnapshot.taken = _DemoSnapshot(before, _DemoSnapshot.read_tables())
    if not drawn.is_dir():
        _keep_drawn_demo_pictures(Path(settings.MEDIA_ROOT), drawn)
    _QuickFlush.migrated = {table: content for table, content in before.items() if content[1]}
    django_fixture_teardown = TransactionTestCase._fixture_teardown

    def fixture_teardown(case):
        if not _QuickFlush.emptied(case):
            django_fixture_teardown(case)

    with mock.patch.object(TransactionTestCase, "_fixture_teardown", fixture_teardown):
        yield


class _QuickFlush:
    """How a transactional test ends: every table emptied, in milliseconds on PostgreSQL too.

    Django's TransactionTestCase ends with `flush`: TRUNCATE of every table (0.1 s on
    PostgreSQL for this schema), then post_migrate, which makes the content types and
    permissions again (another 0.1 s) but not the staff groups the migrations made.
    Here, when the tables that migrations filled (content types, permissions, groups)
    hold exactly what they held after migrating, every other table is emptied with
    DELETE in one transaction (foreign keys are checked at its end) and those rows
    stay: the database is as freshly migrated. When a test changed them, or the case
    is not the plain one (other databases, available_apps, serialized rollback),
    Django's own flush runs.
    """

    migrated = {}  # {table: (columns, rows)} of the tables migrations filled

    @classmethod
    def emptied(cls, case):
        """Whether the tables were emptied here; False leaves it to Django's flush."""
        plain = (
            case.available_apps is None
            and not case.serialized_rollback
            and set(case._databases_names(include_mirrors=False)) == {"default"}
        )
        return plain and cls.empty_all_but_migrated()

    @classmethod
    def empty_all_but_migrated(cls):
        """Empty every table but those migrations filled, if they hold what they held after
        migrating (True); otherwise do nothing (False)."""
        from django.db import connection, transaction

        quote = connection.ops.quote_name
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        with transaction.atomic():
            now = _DemoSnapshot.read_tables(only=cls.migrated)
            if not cls.migrated or now != cls.migrated:
                return False
            with connection.cursor() as cursor:
                for table in tables:
                    if table not in cls.migrated:
                        cursor.execute(f"DELETE FROM {quote(table)}")
        return True


@pytest.fixture
def quick_flush():
    """The end of a transactional test (_QuickFlush), for the test that checks it."""
    return _QuickFlush


class _DemoSnapshot:
    """The rows load_demo wrote, kept in memory to put back after a flush.

    A transactional test (every browser test with `new_page`) empties every table
    when it ends, so the next test that asks for `demo_data` needs the demo again:
    load_demo takes 0.3 s on SQLite and more on PostgreSQL, inserting the same
    rows from here takes a few milliseconds. The tables are the ones whose rows
    load_demo changed, so a model the demo gains later is kept without a list to
    maintain. Whenever the copy might not give what load_demo would (a table not
    empty, a demo picture missing from storage, a table that had rows before the
    demo, a row pointing at a table outside the copy), load_demo runs instead.
    """

    taken = None  # the session's snapshot, from django_db_setup

    def __init__(self, before, after):
        self.tables = {name: rows for name, rows in after.items() if rows != before[name]}
        self.usable = (
            bool(self.tables)
            # Rows made by migrations are gone after a flush and load_demo would not make them.
            and not any(before[name][1] for name in self.tables)
            # Rows outside the copy (content types, groups) get new ids after a flush.
            and not self._points_outside()
        )
        self.files = self._file_names()

    def _points_outside(self):
        for model, columns, rows in self._copied():
            for field in model._meta.local_concrete_fields:
                if field.is_relation and field.related_model._meta.db_table not in self.tables:
                    at = columns.index(field.column)
                    if any(row[at] is not None for row in rows):
                        return True
        return False

    @staticmethod
    def _models():
        from django.apps import apps

        for model in apps.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                yield model

    def _copied(self):
        """(model, columns, rows) for each table in the copy."""
        for model in self._models():
            if model._meta.db_table in self.tables:
                yield model, *self.tables[model._meta.db_table]

    @classmethod
    def read_tables(cls, only=None):
        """{table: (columns, rows)} for every model's table (or those in `only`), rows in a
        fixed order."""
        from django.db import connection

        quote = connection.ops.quote_name
        # Values read back exactly as stored, so that they go back in as they were: as
        # text on PostgreSQL (any column type takes its text back; JSON would come as a
        # dict, which does not); on SQLite `+column` is the stored value without the
        # converters Django registers for declared types (a time would not go back in).
        raw = "{}::text".format if connection.vendor == "postgresql" else "+{}".format
        tables = {}
        with connection.cursor() as cursor:
            for model in cls._models():
                table = model._meta.db_table
                if only is not None and table not in only:
                    continue
                columns = [field.column for field in model._meta.local_concrete_fields]
                select = ", ".join(raw(quote(column)) for column in columns)
                cursor.execute(f"SELECT {select} FROM {quote(table)}")
                tables[table] = (columns, sorted(map(tuple, cursor.fetchall()), key=repr))
        return tables

    def _file_names(self):
        from django.db.models import FileField

        names = set()
        for model, columns, rows in self._copied():
            for field in model._meta.local_concrete_fields:
                if isinstance(field, FileField):
                    at = columns.index(field.column)
                    names.update(row[at] for row in rows if row[at])
        return names

    def restore(self):
        """Put the demo rows back; False (and nothing done) when load_demo must run instead."""
        from django.core.files.storage import default_storage
        from django.core.management.color import no_style
        from django.db import connection, transaction

        if not self.usable or not all(default_storage.exists(name) for name in self.files):
            return False
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
                if cursor.fetchone():
                    return False
            for table, (columns, rows) in self.tables.items():
                # Many rows per INSERT: one statement per row cost a round trip each
                # (0.07 s for the demo on PostgreSQL).
                names = ", ".join(quote(column) for column in columns)
                row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
                per_statement = (connection.features.max_query_params or 10_000) // len(columns)
                for start in range(0, len(rows), per_statement):
                    chunk = rows[start : start + per_statement]
                    cursor.execute(
                        f"INSERT INTO {quote(table)} ({names}) VALUES "
                        + ", ".join([row_marks] * len(chunk)),
                        [value for row in chunk for value in row],
                    )
            # The rows keep their ids: sequences must move past them (PostgreSQL; SQLite
            # moves its own). Otherwise the next row a test adds would take a demo row's id.
            models = [model for model, _columns, _rows in self._copied()]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        return True


# The demo's pictures and thumbnails take 3.5 s to draw and never change unless the
# code that draws them does: sessions copy them from a folder in the temporary
# directory named after that code and Pillow's version, and draw them only when
# it is missing. Nothing is written into the source tree.
_PICTURE_CODE = [
    "produk/demo.py",
    "produk/demo_pictures.py",
    "balikpapan_umkm/pictures.py",
    "balikpapan_umkm/thumbnails.py",
]


def _drawn_demo_pictures():
    import hashlib

    import PIL

    digest = hashlib.sha256(PIL.__version__.encode())
    for name in _PICTURE_CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return _SHARED_TEMP / f"sentra-demo-pictures-{digest.hexdigest()[:16]}"


def _keep_drawn_demo_pictures(media, drawn):
    """Copy what load_demo drew into `drawn`, atomically (two sessions may race)."""
    partial = Path(tempfile.mkdtemp(prefix=drawn.name + "-", dir=drawn.parent))
    shutil.copytree(media, partial, dirs_exist_ok=True)
    try:
        partial.rename(drawn)
    except OSError:  # another session kept its copy first
        shutil.rmtree(partial, ignore_errors=True)


@pytest.fixture
def wilayah(db):
    """The six kecamatan and 34 kelurahan from the reference file."""
    from sentra.wilayah import load_wilayah

    load_wilayah()


# Children before parents, so that no foreign key is left dangling mid-way.
_DEMO_MODELS = [
    "produk.EventParticipant",
    "produk.Event",
    "produk.Report",
    "produk.Product",
    "produk.Permit",
    "produk.Tenant",
    "produk.Category",
    "sentra.BudgetLine",
    "sentra.OpeningHours",
    "sentra.ProgressUpdate",
    "sentra.PlannedProgress",
    "sentra.Milestone",
    "sentra.Problem",
    "sentra.Sentra",
    "sentra.Kelurahan",
    "sentra.Kecamatan",
]


@pytest.fixture(autouse=True)
def _only_the_data_a_test_asks_for(request):
    """A test that does not ask for `demo_data` starts from empty tables.

    The session's demo rows are deleted inside the test's own transaction
    (rolled back after it), which costs a few milliseconds; loading the demo
    for every test that wants it cost half a second each.
    """
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if "demo_data" in request.fixturenames or not uses_db:
        return
    request.getfixturevalue("db")
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        for label in _DEMO_MODELS:
            model = apps.get_model(label)
            for field in model._meta.local_many_to_many:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(field.m2m_db_table())}")
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


@pytest.fixture
def demo_data(db, settings):
    """The demo dataset on a demonstration site (the site-wide notice is on).

    Loaded once per session (django_db_setup); a transactional test before
    this one emptied the tables, so then its rows are put back (_DemoSnapshot).
    """
    from produk.demo import load_demo
    from sentra.models import Sentra

    settings.DEMO_SITE = True
    if not Sentra.objects.exists():
        snapshot = _DemoSnapshot.taken
        if snapshot is None or not snapshot.restore():
            load_demo()


@pytest.fixture(autouse=True)
def _site_language_again():
    """A test-client request to an /en/ page leaves English active in the test thread,
    and the next test's reverse() would then give /en/ paths: each test starts afresh."""
    yield
    from django.utils import translation

    translation.deactivate()


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


# --- Helpers for back-office tests (fixtures, so no test imports another) ------


def _admin_url(model, action="changelist", *args):
    from django.urls import reverse

    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def _tenant_form_data(tenant, **changes):
    """What the admin's tenant form posts, as it was opened."""
    data = {
        "name": tenant.name,
        "slug": tenant.slug,
        "sentra": tenant.sentra_id,
        "stall_number": tenant.stall_number,
        "category": tenant.category,
        "status": tenant.status,
        "owner_name": tenant.owner_name,
        "description": tenant.description,
        "whatsapp": tenant.whatsapp,
        "instagram": tenant.instagram,
        "tiktok": tenant.tiktok,
        "shopee_url": "",
        "tokopedia_url": "",
        "website": "",
        "data_source": tenant.data_source,
        "version": tenant.version,
        "permits-TOTAL_FORMS": 0,
        "permits-INITIAL_FORMS": 0,
        "products-TOTAL_FORMS": 0,
        "products-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_url():
    """admin_url(Model, "change", pk) -> the admin page's path."""
    return _admin_url


@pytest.fixture
def tenant_form_data():
    """tenant_form_data(tenant, **changes) -> what the admin's tenant form posts, as opened."""
    return _tenant_form_data
