"""The events as iCalendar files (/acara.ics, /acara/<slug>.ics), read back with `icalendar`."""

import datetime
import zoneinfo
from decimal import Decimal
from unittest import mock

import icalendar
import pytest

from produk.models import Event
from produk.tests.factories import EventFactory
from sentra.models import Kecamatan
from sentra.tests.factories import SentraFactory

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=WITA)


def frozen():
    return mock.patch("django.utils.timezone.now", return_value=NOW)


def at(days, hour):
    day = NOW.date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=WITA)


@pytest.fixture
def events(wilayah):
    kota = Kecamatan.objects.get(slug="balikpapan-kota")
    centre = SentraFactory(
        name="Pujasera Uji",
        kecamatan=kota,
        address="Jl. Jenderal Sudirman",
        latitude=Decimal("-1.276400"),
        longitude=Decimal("116.823900"),
    )
    return {
        "festival": EventFactory(
            title="Festival Pantai; malam, musik",
            kind="festival",
            sentra=centre,
            starts_at=at(2, 16),
            ends_at=at(4, 23),
            description="Kuliner pesisir tiga malam.",
            description_en="Three evenings of coastal food.",
            registration_url="https://example.org/daftar",
        ),
        "bazaar": EventFactory(
            title="Bazar Oleh-oleh",
            sentra=None,
            address="Lapangan Uji",
            kecamatan=kota,
            starts_at=at(20, 9),
            ends_at=at(20, 17),
        ),
        "recent": EventFactory(title="Lomba Kue", starts_at=at(-30, 8), ends_at=at(-30, 15)),
        "long ago": EventFactory(title="Pameran Lama", starts_at=at(-200, 8), ends_at=at(-200, 15)),
    }


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def by_summary(calendar):
    return {str(entry["SUMMARY"]): entry for entry in calendar.walk("VEVENT")}


def test_the_feed_holds_upcoming_and_recent_events_not_old_ones(client, events):
    with frozen():
        calendar = read(client.get("/acara.ics"))
    assert list(by_summary(calendar)) == [
        "Lomba Kue",
        "Festival Pantai; malam, musik",
        "Bazar Oleh-oleh",
    ]
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"]) == "-//Sentra UMKM Balikpapan//Acara//ID"


def test_each_event_is_read_back_field_by_field(client, events):
    festival = events["festival"]
    with frozen():
        calendar = read(client.get("/acara.ics"))
    entry = by_summary(calendar)["Festival Pantai; malam, musik"]
    start, end = entry.decoded("DTSTART"), entry.decoded("DTEND")
    assert (start, end) == (at(2, 16), at(4, 23))
    assert str(start.tzinfo) == "Asia/Makassar"
    assert start.utcoffset() == datetime.timedelta(hours=8)
    assert entry["DTSTART"].params["TZID"] == "Asia/Makassar"
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Asia/Makassar"
    assert str(entry["LOCATION"]) == "Pujasera Uji, Jl. Jenderal Sudirman, Balikpapan Kota"
    assert (entry["GEO"].latitude, entry["GEO"].longitude) == (-1.2764, 116.8239)
    assert str(entry["URL"]) == "http://testserver/acara/festival-pantai-malam-musik/"
    assert str(entry["UID"]) == f"acara-{festival.pk}@testserver"
    # The last save, to the second (iCalendar has no fractions of seconds), in UTC.
    assert entry.decoded("DTSTAMP") == festival.updated_at.replace(microsecond=0)
    assert entry["DTSTAMP"].to_ical().endswith(b"Z")  # written in UTC, as RFC 5545 asks
    assert [str(c) for c in entry["CATEGORIES"].cats] == ["Festival"]
    # The site's language, Indonesian, whichever page linked the file.
    description = str(entry["DESCRIPTION"])
    assert description.startswith("Kuliner pesisir tiga malam.\n\n")
    assert "Dinas Koperasi dan UMKM (uji)" in description
    assert "https://example.org/daftar" in description


def test_an_event_at_an_address_without_a_point_has_no_geo(client, events):
    with frozen():
        entry = by_summary(read(client.get("/acara.ics")))["Bazar Oleh-oleh"]
    assert str(entry["LOCATION"]) == "Lapangan Uji, Balikpapan Kota"
    assert "GEO" not in entry


def test_the_uid_stays_when_the_event_is_renamed_moved_or_requested_again(client, events):
    festival = events["festival"]
    with frozen():
        first = read(client.get(f"/acara/{festival.slug}.ics"))
        again = read(client.get(f"/acara/{festival.slug}.ics"))
    assert first.to_ical() == again.to_ical()  # the same file until the event changes
    festival.title = "Festival Pantai Klandasan"
    festival.starts_at = at(3, 16)
    later = festival.updated_at + datetime.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        festival.save()
    with frozen():
        moved = read(client.get(f"/acara/{festival.slug}.ics"))
    (before,), (after,) = first.walk("VEVENT"), moved.walk("VEVENT")
    assert str(after["UID"]) == str(before["UID"]) == f"acara-{festival.pk}@testserver"
    assert str(after["SUMMARY"]) == "Festival Pantai Klandasan"
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")


def test_one_events_file_holds_that_event_even_when_it_is_long_over(client, events):
    old = events["long ago"]
    with frozen():
        response = client.get(f"/acara/{old.slug}.ics")
    (entry,) = read(response).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Pameran Lama"
    assert response["Content-Disposition"] == f'attachment; filename="acara-{old.slug}.ics"'


@pytest.mark.parametrize("breaks", ["\r\n", "\r", "\n", "\x0b"])
def test_a_line_break_in_a_title_stays_inside_the_file_lines(client, events, breaks):
    """A pasted title may hold a line break: no new calendar line can come out of it."""
    old = events["long ago"]
    Event.objects.filter(pk=old.pk).update(title=f"Pameran{breaks}X-EVIL:injected")
    response = client.get(f"/acara/{old.slug}.ics")
    calendar = read(response)
    assert "X-EVIL" not in calendar
    assert str(calendar["X-WR-CALNAME"]) == "Pameran X-EVIL:injected"
    (entry,) = calendar.walk("VEVENT")
    assert "X-EVIL" not in entry


@pytest.mark.parametrize("path", ["/acara.ics", "/acara/festival-pantai-malam-musik.ics"])
def test_the_files_are_public_cacheable_and_set_no_cookie(client, events, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert not response.cookies
    assert not response.has_header("Vary")


@pytest.mark.parametrize("path", ["/en/acara.ics", "/en/acara/festival-pantai-malam-musik.ics"])
def test_the_files_have_one_address_outside_the_english_prefix(client, events, path):
    assert client.get(path).status_code == 404


def test_an_unknown_event_file_is_404(client, db):
    assert client.get("/acara/tidak-ada.ics").status_code == 404


def test_an_empty_feed_is_still_a_calendar(client, db):
    calendar = read(client.get("/acara.ics"))
    assert calendar.walk("VEVENT") == []


def test_the_feed_is_one_query_however_many_events(client, events, django_assert_num_queries):
    with frozen(), django_assert_num_queries(1):
        client.get("/acara.ics")
    for n in range(20):
        EventFactory(title=f"Acara {n}", starts_at=at(n, 9), ends_at=at(n, 12))
    with frozen(), django_assert_num_queries(1):
        assert len(read(client.get("/acara.ics")).walk("VEVENT")) == 23


def test_a_post_is_refused(client, events):
    assert client.post("/acara.ics").status_code == 405
    assert Event.objects.count() == 4


def test_an_event_held_daily_repeats_the_first_days_hours_until_the_last_day(client, wilayah):
    festival = EventFactory(
        title="Festival Tiga Malam",
        starts_at=at(2, 16),
        ends_at=at(4, 23),
        daily=True,
    )
    (entry,) = read(client.get(f"/acara/{festival.slug}.ics")).walk("VEVENT")
    assert entry.decoded("DTSTART") == at(2, 16)
    assert entry.decoded("DTEND") == at(2, 23)  # the first evening, not 55 hours
    rule = entry["RRULE"]
    assert rule["FREQ"] == ["DAILY"]
    assert rule["UNTIL"] == [at(4, 23).astimezone(datetime.UTC)]
