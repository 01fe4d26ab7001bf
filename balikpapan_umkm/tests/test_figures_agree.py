"""Figures that agree with their data: progress from its history, counts of public listings,
places to eat, opening hours as people read them, addresses, and honest demo data."""

import datetime
import re
import threading
import zoneinfo
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from balikpapan_umkm.views import centres_for_listing
from produk import synthetic
from produk.curation import Curation
from produk.demo import SENTRA, TENANTS
from produk.models import Tenant
from produk.tests.factories import TenantFactory
from sentra.models import PERCENT_IN_TEXT, DataSource, OpeningHours, ProgressUpdate, Sentra
from sentra.tests.factories import SentraFactory

pytestmark = pytest.mark.django_db

JAN_31 = datetime.date(2025, 1, 31)
MAR_1 = datetime.date(2025, 3, 1)
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def at_wita(*moment):
    return mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(*moment, tzinfo=WITA)
    )


# --- Progress, its date and status have one writer ----------------------------


def test_saving_an_outdated_copy_of_a_centre_keeps_the_newer_progress():
    opened_before = SentraFactory()
    opened_before.record_progress(physical_percent=40, recorded_on=JAN_31)
    stale = Sentra.objects.get(pk=opened_before.pk)  # a form opened at 40 %
    Sentra.objects.get(pk=stale.pk).record_progress(physical_percent=60, recorded_on=MAR_1)

    stale.description = "Deskripsi baru."
    stale.save()

    stale.refresh_from_db()
    assert (stale.progress, stale.progress_recorded_on, stale.description) == (
        60,
        MAR_1,
        "Deskripsi baru.",
    )


def test_an_admin_save_of_a_centre_opened_before_a_progress_update_keeps_the_update(
    client, django_user_model
):
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=40, recorded_on=JAN_31)
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "sandi-uji-123")
    client.force_login(admin)
    url = reverse("admin:sentra_sentra_change", args=[sentra.pk])
    opened = client.get(url)
    form = opened.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("managers", "cover_photo")
    }
    data.update({"kecamatan": sentra.kecamatan_id, "description": "Lengkap."})
    for inline in opened.context["inline_admin_formsets"]:  # each inline's management form
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data["progress_updates-INITIAL_FORMS"] = 1
    data["progress_updates-TOTAL_FORMS"] = 1

    Sentra.objects.get(pk=sentra.pk).record_progress(physical_percent=60, recorded_on=MAR_1)
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    sentra.refresh_from_db()
    assert (sentra.progress, sentra.description) == (60, "Lengkap.")


def test_deleting_the_latest_entry_brings_back_the_one_before():
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=40, recorded_on=JAN_31)
    latest = sentra.record_progress(physical_percent=60, recorded_on=MAR_1)
    latest.delete()
    sentra.refresh_from_db()
    assert (sentra.progress, sentra.progress_recorded_on, sentra.status) == (
        40,
        JAN_31,
        Sentra.Status.BUILDING,
    )


def test_deleting_the_whole_history_in_bulk_makes_the_centre_planned_again():
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=40, recorded_on=JAN_31)
    sentra.record_progress(physical_percent=60, recorded_on=MAR_1)
    ProgressUpdate.objects.filter(sentra=sentra).delete()
    sentra.refresh_from_db()
    assert (sentra.progress, sentra.progress_recorded_on, sentra.status) == (
        0,
        None,
        Sentra.Status.PLANNED,
    )


def test_an_administrator_deleting_an_entry_in_the_admin_recomputes_the_centre(
    client, django_user_model
):
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=40, recorded_on=JAN_31)
    latest = sentra.record_progress(physical_percent=60, recorded_on=MAR_1)
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "sandi-uji-123")
    client.force_login(admin)
    changelist = reverse("admin:sentra_progressupdate_changelist")
    response = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [latest.pk], "post": "yes"},
    )
    assert response.status_code == 302
    sentra.refresh_from_db()
    assert sentra.progress == 40


def test_correcting_an_entry_recomputes_the_centre():
    sentra = SentraFactory()
    entry = sentra.record_progress(physical_percent=60, recorded_on=MAR_1)
    entry.physical_percent = 55
    entry.save()
    sentra.refresh_from_db()
    assert sentra.progress == 55


def test_moving_an_entry_to_another_centre_recomputes_both():
    first, second = SentraFactory(), SentraFactory()
    entry = first.record_progress(physical_percent=60, recorded_on=MAR_1)
    entry.sentra = second
    entry.save()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.progress, first.status) == (0, Sentra.Status.PLANNED)
    assert (second.progress, second.status) == (60, Sentra.Status.BUILDING)


@pytest.mark.django_db(transaction=True)
def test_a_centre_save_overlapping_a_progress_update_keeps_both():
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=40, recorded_on=JAN_31)
    stale = Sentra.objects.get(pk=sentra.pk)
    start = threading.Barrier(2)
    errors = []

    def edit_facts():
        stale.contractor = "CV Contoh Konstruksi"
        stale.save()

    def record_update():
        Sentra.objects.get(pk=sentra.pk).record_progress(physical_percent=60, recorded_on=MAR_1)

    def run(work):
        try:
            start.wait(timeout=10)
            work()
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in (edit_facts, record_update)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    sentra.refresh_from_db()
    assert (sentra.progress, sentra.contractor) == (60, "CV Contoh Konstruksi")


def test_synthetic_centres_get_their_progress_from_history(wilayah):
    from produk.demo import CATEGORIES
    from produk.models import Category

    for position, (slug, name, name_en) in enumerate(CATEGORIES):
        Category.objects.create(slug=slug, name=name, name_en=name_en, position=position)
    synthetic.generate(products=600)
    centres = Sentra.objects.filter(slug__startswith=synthetic.PREFIX)
    assert centres.exists()
    for centre in centres:
        latest = centre.progress_updates.latest_first().first()
        assert centre.progress == (latest.physical_percent if latest else 0)
        assert centre.status == Sentra.Status.derive(
            progress=centre.progress, opened_on=centre.opened_on, closed_on=centre.closed_on
        )


# --- Public counts see only public listings -----------------------------------


def test_a_draft_tenant_does_not_occupy_a_stall_on_public_pages(client, demo_data):
    pujasera = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    Tenant.objects.create(
        name="Draf Belum Disetujui",
        sentra=pujasera,
        stall_number="K-07",
        category=Tenant.Category.CULINARY,
    )
    Tenant.objects.create(
        name="Ditolak Kurator",
        sentra=pujasera,
        stall_number="K-08",
        category=Tenant.Category.CULINARY,
        curation_status=Curation.REJECTED,
    )
    page = html(client.get(pujasera.get_absolute_url()))
    assert "6 dari 12 lapak terisi (50%)" in page
    district = html(client.get(pujasera.kecamatan.get_absolute_url()))
    assert "6 tenan aktif" in district
    assert "Draf Belum Disetujui" not in page + district


# --- Text typed by people does not contradict computed figures ----------------


@pytest.mark.parametrize(
    "text", ["Sekitar 85 persen terisi.", "Pembangunan 40% selesai.", "about 40 percent built"]
)
def test_a_centre_description_may_not_state_a_percentage(text):
    sentra = SentraFactory.build(description=text)
    with pytest.raises(ValidationError) as error:
        sentra.clean()
    assert "description" in error.value.message_dict


def test_demo_texts_state_no_figure_that_the_portal_computes():
    for entry in SENTRA:
        assert not re.search(r"\d\s*(%|persen)", entry.get("description", "")), entry["slug"]


def test_the_barat_page_shows_the_figure_from_history_and_the_text_only_as_dated_history(
    client, demo_data
):
    page = html(client.get("/sentra/sentra-umkm-balikpapan-barat/"))
    description = page.split('<p class="lead">', 1)[1].split("</p>", 1)[0]
    assert "persen" not in description
    assert "%" not in description
    latest = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat").progress_updates.first()
    assert PERCENT_IN_TEXT.search(latest.note)  # the history may speak of percent...
    assert f'<progress max="100" value="{latest.physical_percent}"' in page
    assert latest.note in page  # ...as a dated timeline entry


# --- Places to eat ------------------------------------------------------------


def test_production_centres_and_packaged_food_are_not_places_to_eat(client, demo_data):
    with at_wita(2025, 6, 2, 10, 0):  # Monday morning: Somber and Teritip are open
        page = html(client.get("/kuliner/"))
    assert "Sentra Industri Kecil Somber" not in page  # tofu makers
    assert "Sentra IKM Teritip" not in page  # coffee beans and oleh-oleh
    assert "Pujasera Contoh Klandasan" in page


def test_a_market_whose_only_food_is_packaged_is_not_a_place_to_eat(demo_data):
    Sentra.objects.filter(slug="sentra-ikm-teritip").update(kind=Sentra.Kind.MARKET)
    assert not Tenant.objects.culinary_destinations().filter(slug="sentra-ikm-teritip").exists()
    Tenant.objects.filter(slug="kopi-bajakah-borneo").update(category=Tenant.Category.CULINARY)
    assert Tenant.objects.culinary_destinations().filter(slug="sentra-ikm-teritip").exists()


def test_demo_tenants_that_sell_packaged_food_are_not_served_food():
    categories = {slug: category for slug, _n, _s, _st, category, *_rest in TENANTS}
    assert categories["tahu-tempe-sari-rasa"] == "packaged"
    assert categories["kopi-bajakah-borneo"] == "packaged"


# --- Opening hours as people read them ----------------------------------------


def test_a_day_with_two_spans_reads_as_one_line(client, demo_data):
    page = html(client.get("/sentra/pujasera-contoh-klandasan/"))
    assert (
        '<span class="hours__day">Minggu</span> '
        '<span class="hours__spans">06:00&ndash;10:00, 16:00&ndash;23:00</span>'
    ) in page
    assert page.count('<span class="hours__day">Minggu</span>') == 1


@pytest.mark.parametrize(
    ("moment", "says"),
    [
        ((2025, 6, 6, 23, 30), 'Sedang buka</span>\n    <span class="opening-state">sampai 01:00'),
        ((2025, 6, 2, 12, 0), "buka hari ini pukul 16:00"),
        ((2025, 6, 8, 23, 30), "buka besok pukul 16:00"),  # Sunday night
    ],
)
def test_the_centre_says_until_when_it_is_open_or_when_it_opens(client, demo_data, moment, says):
    with at_wita(*moment):
        page = html(client.get("/sentra/pujasera-contoh-klandasan/"))
    assert says in page


def test_a_closed_centre_names_the_day_it_opens_next(client, demo_data):
    with at_wita(2025, 6, 7, 17, 0):  # Saturday evening; Somber opens Monday 07:00
        page = html(client.get("/sentra/sentra-industri-kecil-somber/"))
        english = html(client.get("/en/sentra/sentra-industri-kecil-somber/"))
    assert "buka Senin pukul 07:00" in page
    assert "opens Monday at 07:00" in english


def test_back_to_back_spans_read_as_one_stretch(demo_data):
    sentra = Sentra.objects.get(slug="sentra-industri-kecil-somber")
    OpeningHours.objects.create(sentra=sentra, weekday=0, opens="16:00", closes="20:00")
    sentra = Sentra.objects.prefetch_related("opening_hours").get(pk=sentra.pk)
    state = sentra.opening_state(datetime.datetime(2025, 6, 2, 10, 0, tzinfo=WITA))
    assert (state.is_open, state.closes_at) == (True, datetime.time(20, 0))


# --- Addresses, and demo data that says what it is ----------------------------


def test_an_address_names_its_kelurahan_and_kecamatan_once(client, demo_data):
    page = html(client.get("/sentra/sentra-industri-kecil-somber/"))
    assert "Jl. Somber, Batu Ampar, Balikpapan Utara" in page
    address = page.split("<dt>Alamat</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert address.count("Batu Ampar") == 1


def test_a_typed_address_that_already_names_the_kelurahan_is_not_repeated(demo_data):
    sentra = Sentra.objects.select_related("kelurahan", "kecamatan").get(
        slug="sentra-umkm-wonorejo"
    )
    sentra.address = "Jl. Wonorejo, Gunung Samarinda"
    assert sentra.full_address == "Jl. Wonorejo, Gunung Samarinda, Balikpapan Utara"


def test_every_page_says_the_site_shows_fictional_data_while_it_is_a_demo(client, demo_data):
    for url in ("/", "/produk/", "/kuliner/", "/en/progres/"):
        page = html(client.get(url))
        assert 'class="notice notice--demo"' in page, url
    assert "Pujasera Contoh Klandasan" in html(client.get("/kuliner/"))
    assert "Data contoh: sentra ini fiktif." in html(
        client.get("/sentra/pujasera-contoh-klandasan/")
    )
    assert "Fiktif (contoh)" in html(client.get("/produk/"))


def test_a_real_portal_shows_no_demo_notice_and_refuses_fictional_data(client, wilayah, settings):
    settings.DEMO_SITE = False
    assert "notice--demo" not in html(client.get("/"))
    with pytest.raises(CommandError, match="DEMO_SITE"):
        call_command("load_demo", stdout=StringIO())
    assert not Tenant.objects.exists()


def test_a_fictional_tenant_cannot_be_given_a_whatsapp_number(demo_data):
    tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
    tenant.whatsapp = "0812-5400-0107"
    with pytest.raises(ValidationError) as error:
        tenant.full_clean()
    assert "whatsapp" in error.value.message_dict


def test_the_database_refuses_a_number_for_a_fictional_tenant(demo_data):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant.objects.filter(data_source=DataSource.DEMO).update(whatsapp="+6281254000107")


def test_synthetic_tenants_have_no_number_either(wilayah):
    from produk.demo import CATEGORIES
    from produk.models import Category

    for position, (slug, name, name_en) in enumerate(CATEGORIES):
        Category.objects.create(slug=slug, name=name, name_en=name_en, position=position)
    synthetic.generate(products=100)
    assert not Tenant.objects.exclude(whatsapp="").exists()


def test_occupancy_is_active_tenants_over_stalls():
    sentra = SentraFactory(stall_count=4)
    TenantFactory(sentra=sentra)
    TenantFactory(sentra=sentra, status=Tenant.Status.CLOSED)
    listed = centres_for_listing().get(pk=sentra.pk)
    assert listed.active_tenant_count == 1
    assert listed.occupancy_percent == 25
