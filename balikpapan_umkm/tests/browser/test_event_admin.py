"""A curator adds an event from the blank admin form in a real browser, and it is saved.

As in test_admin_add_forms.py: only what a person fills in, Save clicked, then the row
found in the database; the back office speaks Indonesian, so the test reads the
database and the page's structure rather than English text.
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from produk.models import Event

from .conftest import MOBILE

pytestmark = pytest.mark.django_db(transaction=True)
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def choose_in_autocomplete(page, field_id, typed, option):
    """Open a select2 autocomplete, type part of a name, and pick the matching result."""
    page.click(f"#{field_id} + .select2")
    page.fill(".select2-search__field", typed)
    page.locator(".select2-results__option", has_text=option).click()
    expect(page.locator(f"#{field_id} + .select2 .select2-selection__rendered")).to_contain_text(
        option
    )


def test_a_curator_adds_an_event_at_an_address_with_its_winner(
    new_page, demo_data, kurator, sign_in
):
    page = new_page()
    sign_in(page, "kurator")

    page.goto("/admin/produk/event/add/")
    page.locator("#id_title").press_sequentially("Lomba Amplang Kreasi")
    expect(page.locator("#id_slug")).to_have_value("lomba-amplang-kreasi")
    page.select_option("#id_kind", "competition")
    page.fill("#id_starts_at_0", "2026-08-15")
    page.fill("#id_starts_at_1", "08:00")
    page.fill("#id_ends_at_0", "2026-08-15")
    page.fill("#id_ends_at_1", "15:30")
    page.fill("#id_organiser", "Dinas Koperasi dan UMKM")
    page.fill("#id_address", "Halaman Kantor Kelurahan Uji")
    page.select_option("#id_kecamatan", label="Balikpapan Timur")
    page.fill("#id_latitude", "-1.2260")
    page.fill("#id_longitude", "116.9950")
    page.locator("#participants-group .add-row a").click()
    choose_in_autocomplete(page, "id_participants-0-tenant", "amplang", "Amplang Teritip Bahari")
    page.select_option("#id_participants-0-role", "winner")
    page.fill("#id_participants-0-prize", "Juara 1")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist li:not(.error)").first).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)

    event = Event.objects.get(slug="lomba-amplang-kreasi")
    assert (event.kind, event.organiser) == ("competition", "Dinas Koperasi dan UMKM")
    assert event.starts_at == datetime.datetime(2026, 8, 15, 8, 0, tzinfo=WITA)
    assert event.ends_at == datetime.datetime(2026, 8, 15, 15, 30, tzinfo=WITA)
    assert (event.sentra, event.kecamatan.name) == (None, "Balikpapan Timur")
    assert (event.latitude, event.longitude) == (Decimal("-1.226000"), Decimal("116.995000"))
    (winner,) = event.participants.all()
    assert (winner.tenant.slug, winner.role, winner.prize) == (
        "amplang-teritip-bahari",
        "winner",
        "Juara 1",
    )


def test_on_a_phone_the_form_fits_and_an_event_at_a_centre_saves(
    new_page, demo_data, staf_dprd, sign_in
):
    page = new_page(viewport=MOBILE)
    sign_in(page, "staf")

    page.goto("/admin/produk/event/add/")
    page.locator("#id_title").press_sequentially("Bazar Malam Klandasan")
    page.select_option("#id_kind", "bazaar")
    page.fill("#id_starts_at_0", "2026-09-05")
    page.fill("#id_starts_at_1", "16:00")
    page.fill("#id_ends_at_0", "2026-09-06")
    page.fill("#id_ends_at_1", "23:00")
    page.check("#id_daily")  # two evenings, not one night-long event
    page.fill("#id_organiser", "Pengelola Pujasera")
    page.select_option("#id_sentra", label="Pujasera Contoh Klandasan")
    for field in ("title", "kind", "organiser", "sentra", "address"):
        box = page.locator(f"#id_{field}").bounding_box()
        assert box["x"] >= 0, field
        assert box["x"] + box["width"] <= MOBILE["width"], field
    page.click("input[name=_save]")
    expect(page.locator(".messagelist li:not(.error)").first).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)

    event = Event.objects.get(slug="bazar-malam-klandasan")
    assert event.sentra.slug == "pujasera-contoh-klandasan"
    assert event.daily
    assert (event.address, event.kecamatan, event.latitude) == ("", None, None)
