"""The demo dataset and the synthetic load-test dataset."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from PIL import Image, ImageChops

from produk import synthetic
from produk.demo_pictures import draw_picture
from produk.models import Event, EventParticipant, Product, Tenant
from sentra.models import DataSource, ProgressUpdate, Sentra

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Sentra, Tenant, Product, ProgressUpdate, Event, EventParticipant)
    }


def test_the_demo_holds_the_facts_from_the_news(demo_data):
    barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    assert (barat.status, barat.progress) == (Sentra.Status.BUILDING, 40)
    assert barat.progress_recorded_on.isoformat() == "2025-01-31"
    assert {line.source for line in barat.budget_lines.all()} == {"apbd", "aspirasi", "csr"}
    wonorejo = Sentra.objects.get(slug="sentra-umkm-wonorejo")
    assert (wonorejo.status, wonorejo.kelurahan.name) == (Sentra.Status.PLANNED, "Gunung Samarinda")
    assert Sentra.objects.values("kecamatan").distinct().count() == 6


def test_demo_tenants_are_marked_fictional_and_have_pictures(demo_data):
    tenants = Tenant.objects.all()
    assert tenants.count() >= 10
    assert all(t.data_source == DataSource.DEMO for t in tenants)
    assert all("fiktif" in t.description for t in tenants)
    assert all(t.photo and t.photo.storage.exists(t.photo.name) for t in tenants)
    assert Product.objects.flagship().exists()


def test_loading_the_demo_twice_gives_the_same_rows(demo_data, settings):
    before = snapshot()
    pictures = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*.jpg"))
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == before
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*.jpg")) == pictures


def test_the_synthetic_dataset_replaces_itself(demo_data):
    """One centre per 500 products and one tenant per 10; a second load replaces the first,
    and scale 0 leaves the demo alone. How fast it is belongs to the benchmark (README),
    not to a timed test."""
    demo_products = Product.objects.count()
    out = io.StringIO()
    call_command("load_demo", scale=1000, stdout=out)
    assert "1000 products" in out.getvalue()
    assert Product.objects.count() == demo_products + 1000
    assert Sentra.objects.filter(slug__startswith=synthetic.PREFIX).count() == 2
    assert Tenant.objects.filter(slug__startswith=synthetic.PREFIX).count() == 100
    call_command("load_demo", scale=500, stdout=io.StringIO())
    assert Product.objects.count() == demo_products + 500
    call_command("load_demo", scale=0, stdout=io.StringIO())
    assert Product.objects.count() == demo_products


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statistics are PostgreSQL's")
def test_postgresql_has_statistics_for_the_synthetic_rows_at_once(demo_data):
    """The planner knows the new rows before autovacuum comes round: row estimates match."""
    synthetic.generate(products=2000)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN %s",
            [(Tenant._meta.db_table, Product._meta.db_table)],
        )
        estimates = dict(cursor.fetchall())
    assert estimates[Product._meta.db_table] == Product.objects.count()
    assert estimates[Tenant._meta.db_table] == Tenant.objects.count()


def test_every_demo_row_passes_the_rules_that_forms_check(demo_data):
    """Demo data never holds what a person could not enter: its forms save unchanged."""
    from produk.models import Category, Permit
    from sentra.models import (
        BudgetLine,
        Milestone,
        OpeningHours,
        PlannedProgress,
        Problem,
        Sentra,
    )

    for model in (
        Sentra,
        OpeningHours,
        BudgetLine,
        ProgressUpdate,
        PlannedProgress,
        Milestone,
        Problem,
        Tenant,
        Permit,
        Category,
        Product,
        Event,
        EventParticipant,
    ):
        for row in model.objects.all():
            row.full_clean()


REAL_CENTRES = {"sentra-umkm-balikpapan-barat", "sentra-umkm-wonorejo"}


def test_the_real_centres_carry_their_real_source_and_no_invented_plan(demo_data):
    for slug in REAL_CENTRES:
        centre = Sentra.objects.with_schedule().get(slug=slug)
        assert centre.data_source != DataSource.DEMO
        update = centre.progress_updates.get()
        assert (update.source_kind, update.source_publisher, update.source_date.isoformat()) == (
            "report",
            "BorneoFlash",
            "2025-01-31",
        )
        assert not update.source_url  # the article's address is not in our records
        assert not centre.planned_progress.exists()
        assert not centre.milestones.exists()
        assert not centre.problems.exists()
        assert (centre.contractor, centre.contract_number, centre.contract_value) == ("", "", None)
        assert centre.schedule.flag == "no_plan"
    barat_amounts = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat").budget_lines
    assert not barat_amounts.exclude(amount=None).exists()  # no amount was published


def test_every_invented_plan_belongs_to_a_centre_marked_fictional(demo_data):
    from sentra.models import Milestone, PlannedProgress, Problem

    for model in (PlannedProgress, Milestone, Problem):
        assert not model.objects.exclude(sentra__data_source=DataSource.DEMO).exists(), model
    invented = Sentra.objects.exclude(contractor="")
    assert invented.exists()
    assert all(centre.is_fictional and "(fiktif)" in centre.contractor for centre in invented)
    fictional_updates = ProgressUpdate.objects.filter(sentra__data_source=DataSource.DEMO)
    assert all("fiktif" in update.note for update in fictional_updates)


FICTIONAL_FLAGS = {
    "pujasera-contoh-klandasan": "done",
    "sentra-contoh-gunung-bahagia": "on_track",
    "sentra-contoh-karang-rejo": "behind",
    "sentra-contoh-manggar": "late",
}


def fictional_flags():
    return {
        centre.slug: centre.schedule.flag
        for centre in Sentra.objects.with_schedule().filter(data_source=DataSource.DEMO)
    }


def test_the_fictional_centres_show_every_flag(demo_data):
    assert fictional_flags() == FICTIONAL_FLAGS


def test_reloaded_a_year_later_the_fictional_centres_keep_their_flags_and_rows(demo_data):
    from sentra.models import PlannedProgress

    later = timezone.localdate() + datetime.timedelta(days=365)
    points = PlannedProgress.objects.count()
    before = snapshot()
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        call_command("load_demo", stdout=io.StringIO())
        assert fictional_flags() == FICTIONAL_FLAGS
    assert PlannedProgress.objects.count() == points  # the curve moved, it did not grow
    assert snapshot() == before  # the history moved in place


def test_placeholder_pictures_do_not_print_the_name_shown_under_them():
    """A demo picture's band is plain: the page prints the name under it, not the picture."""
    image = Image.open(io.BytesIO(draw_picture("Amplang ikan tenggiri"))).convert("RGB")
    width, height = image.size
    band = image.crop((8, int(height * 0.62) + 8, width - 8, height - 8))
    plain = Image.new("RGB", band.size, band.getpixel((0, 0)))
    # JPEG leaves a little noise; printed text would differ by far more.
    assert max(high for _, high in ImageChops.difference(band, plain).getextrema()) < 24

    labelled = Image.open(io.BytesIO(draw_picture("Pasar", label="Contoh"))).convert("RGB")
    band = labelled.crop((8, int(height * 0.62) + 8, width - 8, height - 8))
    plain = Image.new("RGB", band.size, band.getpixel((0, 0)))
    assert max(high for _, high in ImageChops.difference(band, plain).getextrema()) > 100


def test_demo_events_are_fictional_at_fictional_places_some_to_come_some_over(demo_data):
    events = Event.objects.for_listing()
    now = timezone.now()
    assert events.upcoming(now).count() >= 3
    assert events.past(now).count() >= 2
    for event in events:
        assert event.is_fictional, event
        assert "fiktif" in event.description
        assert "(fiktif)" in event.organiser
        # Held at a fictional centre, or at an address that says it is made up.
        assert event.sentra.is_fictional if event.sentra_id else "fiktif" in event.address
        assert event.poster
        assert event.poster.storage.exists(event.poster.name)
    entries = EventParticipant.objects.all()
    assert entries.filter(role=EventParticipant.Role.WINNER).exists()
    tenants = [entry.product.tenant if entry.product else entry.tenant for entry in entries]
    assert all(tenant.is_fictional for tenant in tenants)
