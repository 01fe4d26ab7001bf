"""A visitor on the event pages, in a real browser: accessible, fits a phone, adds to a calendar."""

import icalendar
import pytest

from .conftest import (
    DESKTOP,
    MOBILE,
    SMALLEST_PHONE,
    assert_no_sideways_scroll,
    record_console_errors,
    serious_accessibility_problems,
)

pytestmark = pytest.mark.django_db

# Demo events (produk/demo.py): one to come at a centre, one over at an address with a point.
COMING = "/acara/festival-kuliner-malam-contoh/"
OVER_WITH_WINNERS = "/en/acara/lomba-kreasi-kue-contoh/"
AT_AN_ADDRESS = "/en/acara/bazar-oleh-oleh-contoh/"


@pytest.mark.parametrize(
    "path", ["/acara/", "/en/acara/", COMING, OVER_WITH_WINNERS, AT_AN_ADDRESS]
)
def test_they_fit_320_px_and_axe_and_the_console_find_nothing_serious(reading_page, path):
    """Loaded on the smallest phone, then checked by axe on a desktop and a phone, as the
    main pages are (test_accessibility.py): the layout is the stylesheet's alone."""
    page = reading_page(viewport=SMALLEST_PHONE)
    problems = record_console_errors(page)
    page.goto(path)
    assert_no_sideways_scroll(page)
    for size in (DESKTOP, MOBILE):
        page.set_viewport_size(size)
        assert serious_accessibility_problems(page) == "", f"{path} at {size['width']} px"
    assert problems == []


def test_the_map_shows_the_events_point(reading_page):
    page = reading_page(viewport=MOBILE)
    page.goto(AT_AN_ADDRESS)
    page.locator(".map.map--ready .leaflet-interactive").first.wait_for()
    assert page.locator(".map .leaflet-interactive").count() == 1


def test_add_to_calendar_downloads_the_event_as_icalendar(reading_page):
    page = reading_page(viewport=MOBILE)
    page.goto(COMING)
    with page.expect_download() as download:
        page.locator('a[type="text/calendar"][download]').click()
    assert download.value.suggested_filename == "acara-festival-kuliner-malam-contoh.ics"
    with open(download.value.path(), "rb") as file:
        calendar = icalendar.Calendar.from_ical(file.read())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Festival Kuliner Malam Klandasan (contoh)"
    assert event["DTSTART"].params["TZID"] == "Asia/Makassar"
