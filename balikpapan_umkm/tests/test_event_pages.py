"""The event pages (/acara/, /acara/<slug>/) and the events on the home and centre pages."""

import datetime
import json
import re
import zoneinfo
from decimal import Decimal
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from produk.models import Event, EventParticipant
from produk.tests.factories import EventFactory, ProductFactory, TenantFactory
from sentra.models import Kecamatan
from sentra.tests.factories import SentraFactory

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=WITA)
# The footer's "last updated" date: one query on every page (balikpapan_umkm/freshness.py).
FOOTER_QUERIES = 1


def frozen(moment=NOW):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def at(days, hour=9):
    """A moment `days` after NOW's date, at `hour` WITA."""
    day = NOW.date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=WITA)


def event(title, days, hours=8, **fields):
    return EventFactory(
        title=title,
        starts_at=at(days),
        ends_at=at(days) + datetime.timedelta(hours=hours),
        **fields,
    )


def page_of(item, language="id"):
    """The page of an event or centre in `language` (a request to /en/ leaves English active
    in the test thread)."""
    with translation.override(language):
        return item.get_absolute_url()


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def titles(section):
    return [link.get_text() for link in section.select(".event-card .card__title a")]


def json_ld(page):
    (block,) = page.select('script[type="application/ld+json"]')
    return json.loads(block.string)


@pytest.fixture
def kota(wilayah):
    return Kecamatan.objects.get(slug="balikpapan-kota")


@pytest.fixture
def calendar(kota):
    """Events around NOW: two to come (one under way), two over, in two districts."""
    at_kota = SentraFactory(name="Pujasera Uji Kota", kecamatan=kota)
    at_utara = SentraFactory(kecamatan=Kecamatan.objects.get(slug="balikpapan-utara"))
    return {
        "under way": event("Pelatihan Kemasan", 0, hours=6, sentra=at_kota, kind="workshop"),
        "next week": event("Bazar Ramadan", 7, sentra=at_utara, kind="bazaar"),
        "tomorrow": event(
            "Festival Pantai",
            1,
            sentra=None,
            address="Lapangan Uji Klandasan",
            kecamatan=kota,
            latitude=Decimal("-1.277800"),
            longitude=Decimal("116.827500"),
            kind="festival",
        ),
        "last month": event("Lomba Amplang", -30, sentra=at_kota, kind="competition"),
        "last year": event("Pameran Batik", -365, sentra=at_utara, kind="exhibition"),
    }


class TestEventList:
    def test_upcoming_events_come_first_soonest_first_then_past_ones_latest_first(
        self, client, calendar
    ):
        with frozen():
            page = soup(client.get("/acara/"))
        upcoming, past = page.select("section")[:2]
        assert titles(upcoming) == ["Pelatihan Kemasan", "Festival Pantai", "Bazar Ramadan"]
        assert titles(past) == ["Lomba Amplang", "Pameran Batik"]

    def test_an_event_moves_to_the_past_once_it_has_ended(self, client, calendar):
        with frozen(at(0, hour=16)):  # the workshop ended at 15:00
            page = soup(client.get("/en/acara/"))
        upcoming, past = page.select("section")[:2]
        assert "Pelatihan Kemasan" not in titles(upcoming)
        assert titles(past)[0] == "Pelatihan Kemasan"

    def test_an_event_under_way_says_so(self, client, calendar):
        with frozen():
            page = soup(client.get("/en/acara/"))
        card = page.select_one(".event-card")
        assert card.select_one(".badge--open").get_text() == "Under way"
        assert "10 March 2026, 09:00" in card.select_one(".event-card__when").get_text()
        assert card.select_one("time")["datetime"] == "2026-03-10T09:00:00+08:00"

    @pytest.mark.parametrize("prefix", ["", "/en"])
    def test_a_district_filter_keeps_events_at_its_centres_and_addresses(
        self, client, calendar, prefix
    ):
        with frozen():
            page = soup(client.get(f"{prefix}/acara/", {"kecamatan": "balikpapan-kota"}))
        upcoming, past = page.select("section")[:2]
        assert titles(upcoming) == ["Pelatihan Kemasan", "Festival Pantai"]
        assert titles(past) == ["Lomba Amplang"]
        assert page.select_one("#id_kecamatan option[selected]")["value"] == "balikpapan-kota"

    @pytest.mark.parametrize("prefix", ["", "/en"])
    def test_a_kind_filter_keeps_events_of_that_kind(self, client, calendar, prefix):
        with frozen():
            page = soup(client.get(f"{prefix}/acara/", {"jenis": "competition"}))
        upcoming, past = page.select("section")[:2]
        assert titles(upcoming) == []
        assert titles(past) == ["Lomba Amplang"]

    def test_bad_filter_values_are_reported_and_left_out(self, client, calendar):
        with frozen():
            response = client.get("/en/acara/", {"kecamatan": "atlantis", "jenis": "karnaval\x00"})
        page = soup(response)
        alert = page.select_one(".notice--warning").get_text(" ", strip=True)
        assert "Some filters could not be used and were left out" in alert
        assert "District : We do not know this value" in alert
        assert "Kind : We do not know this value" in alert
        upcoming = page.select("section")[0]
        assert len(titles(upcoming)) == 3  # every upcoming event: the bad filters are left out

    def test_one_bad_filter_does_not_undo_the_other(self, client, calendar):
        with frozen():
            page = soup(client.get("/acara/", {"kecamatan": "atlantis", "jenis": "bazaar"}))
        assert titles(page.select("section")[0]) == ["Bazar Ramadan"]

    def test_it_speaks_both_languages_and_sets_no_cookie(self, client, calendar):
        with frozen():
            indonesian = client.get("/acara/")
            english = client.get("/en/acara/")
        assert '<html lang="id">' in indonesian.content.decode()
        assert '<html lang="en">' in english.content.decode()
        assert "Upcoming" in english.content.decode()
        for response in (indonesian, english):
            assert not response.cookies
            assert "Set-Cookie" not in response
            assert not response.has_header("Vary")

    def test_with_no_event_yet_it_says_so(self, client, wilayah):
        page = soup(client.get("/en/acara/"))
        text = page.select_one("main").get_text(" ", strip=True)
        assert "No event is planned yet." in text
        assert "No event has been held yet." in text

    def test_it_links_the_calendar_feed(self, client, calendar):
        page = soup(client.get("/en/acara/"))
        assert page.select_one('a[type="text/calendar"]')["href"] == "/acara.ics"


class TestEventPage:
    def test_it_tells_when_in_wita_where_and_who_organises(self, client, calendar):
        with frozen():
            page = soup(client.get(page_of(calendar["next week"], "en")))
        facts = page.select_one("dl.facts").get_text(" ", strip=True)
        assert "Tuesday, 17 March 2026, 09:00 \N{EN DASH} 17:00 WITA" in facts
        assert calendar["next week"].sentra.name in facts
        assert "Dinas Koperasi dan UMKM (uji)" in facts
        link = page.select_one('a[href="/acara/bazar-ramadan.ics"]')
        assert link.get_text() == "Add to calendar"

    def test_an_event_over_several_days_names_both_dates(self, client, calendar):
        calendar["tomorrow"].ends_at = at(3, hour=22)
        calendar["tomorrow"].save()
        with frozen():
            page = soup(client.get(page_of(calendar["tomorrow"], "en")))
        when = page.select_one("dl.facts dd").get_text(" ", strip=True)
        assert when == "11 March 2026, 09:00 \N{EN DASH} 13 March 2026, 22:00 WITA"

    def test_an_event_with_a_point_has_a_map_with_the_page_maps_script(self, client, calendar):
        page = soup(client.get(page_of(calendar["tomorrow"])))
        points = json.loads(page.select_one("#map-points").string)
        assert points == [
            {
                "name": "Lapangan Uji Klandasan",
                "lat": -1.2778,
                "lng": 116.8275,
                "url": "",
                "address": "Lapangan Uji Klandasan, Balikpapan Kota",
            }
        ]
        scripts = [script.get("src") for script in page.select("script[src]")]
        assert "/static/js/map.js" in scripts
        assert not [s for s in page.select("script:not([src])") if s.get("type") is None]
        directions = page.select_one('a[href^="https://www.google.com/maps/dir/"]')
        assert directions["href"].endswith("destination=-1.277800,116.827500")

    def test_an_event_at_a_centre_without_a_point_has_no_map(self, client, calendar):
        page = soup(client.get(page_of(calendar["next week"])))
        assert page.select_one("[data-map]") is None
        assert "leaflet" not in str(page)

    def test_it_describes_itself_as_a_schema_org_event(self, client, calendar):
        page = soup(client.get(page_of(calendar["tomorrow"], "en")))
        data = json_ld(page)
        assert data == {
            "@context": "https://schema.org",
            "@type": "Festival",
            "name": "Festival Pantai",
            "url": "http://testserver/en/acara/festival-pantai/",
            "description": "",
            "startDate": "2026-03-11T09:00:00+08:00",
            "endDate": "2026-03-11T17:00:00+08:00",
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": "Lapangan Uji Klandasan",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": "Lapangan Uji Klandasan, Balikpapan Kota",
                    "addressLocality": "Balikpapan",
                    "addressRegion": "Kalimantan Timur",
                    "addressCountry": "ID",
                },
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": "-1.277800",
                    "longitude": "116.827500",
                },
            },
            "organizer": {"@type": "Organization", "name": "Dinas Koperasi dan UMKM (uji)"},
        }

    def test_at_a_centre_the_place_links_the_centres_page(self, client, calendar):
        data = json_ld(soup(client.get(page_of(calendar["last month"]))))
        assert data["@type"] == "Event"  # a competition has no narrower schema.org type
        assert data["location"]["name"] == "Pujasera Uji Kota"
        assert data["location"]["url"] == "http://testserver" + page_of(
            calendar["last month"].sentra
        )

    def test_winners_come_first_with_their_prize_then_who_took_part(self, client, calendar):
        contest = calendar["last month"]
        baker = TenantFactory(name="Bingka Uji")
        EventParticipant.objects.create(event=contest, tenant=TenantFactory(name="Amplang Uji"))
        EventParticipant.objects.create(
            event=contest,
            product=ProductFactory(name="Bingka kentang", tenant=baker),
            role="winner",
            prize="Juara 1",
        )
        EventParticipant.objects.create(
            event=contest, tenant=TenantFactory(name="Draf Uji", curation_status="draft")
        )
        with frozen():
            page = soup(client.get(page_of(contest, "en")))
        headings = [h2.get_text() for h2 in page.select("main h2")]
        assert headings[-2:] == ["Winners", "Took part"]
        winners, others = page.select("ul.grid--tenants")
        assert winners.get_text(" ", strip=True) == "Bingka kentang a product of Bingka Uji Juara 1"
        assert [a.get_text() for a in others.select("a")] == ["Amplang Uji"]
        assert "Draf Uji" not in str(page)
        assert page.select_one(".badge--planned").get_text() == "This event is over"

    def test_a_registration_link_is_offered_only_as_a_web_address(self, client, calendar):
        registered = calendar["next week"]
        registered.registration_url = "https://example.org/daftar"
        registered.save()
        page = soup(client.get(page_of(registered, "en")))
        assert page.select_one('a[href="https://example.org/daftar"]').get_text() == (
            "Register on the organiser's page"
        )
        Event.objects.filter(pk=registered.pk).update(registration_url="")
        page = soup(client.get(page_of(registered, "en")))
        assert "Registration" not in page.select_one("dl.facts").get_text()

    def test_an_english_page_says_when_the_description_is_in_indonesian(self, client, calendar):
        bazaar = calendar["next week"]
        bazaar.description = "Bazar produk lokal."
        bazaar.save()
        page = soup(client.get(page_of(bazaar, "en")))
        assert page.select_one(".description-note").get_text() == "Description in Indonesian"
        assert page.select_one('p.lead[lang="id"]').get_text() == "Bazar produk lokal."
        bazaar.description_en = "A bazaar of local products."
        bazaar.save()
        page = soup(client.get(page_of(bazaar, "en")))
        assert page.select_one("p.lead").get_text() == "A bazaar of local products."

    @pytest.mark.parametrize("path", ["/acara/tidak-ada/", "/en/acara/tidak-ada/"])
    def test_an_unknown_event_is_404_in_the_sites_style(self, client, db, path):
        response = client.get(path)
        assert response.status_code == 404
        assert "site-header" in response.content.decode()

    def test_it_sets_no_cookie(self, client, calendar):
        response = client.get(page_of(calendar["tomorrow"]))
        assert response.status_code == 200
        assert not response.cookies
        assert not response.has_header("Vary")


def test_calendar_apps_find_the_feed_from_the_list(client, kota):
    page = soup(client.get("/en/acara/"))
    (link,) = page.select('link[rel="alternate"][type="text/calendar"]')
    assert link["href"] == "/acara.ics"


def test_an_event_held_daily_says_every_day_and_gives_its_schedule(client, kota):
    festival = EventFactory(
        title="Festival Tiga Malam", starts_at=at(2, 16), ends_at=at(4, 23), daily=True
    )
    with frozen():
        page = soup(client.get(page_of(festival, "en")))
    when = " ".join(page.select_one(".facts dd").get_text().split())
    assert when == "12 March 2026 \u2013 14 March 2026, every day 16:00\u201323:00 WITA"
    assert json_ld(page)["eventSchedule"] == {
        "@type": "Schedule",
        "startDate": "2026-03-12",
        "endDate": "2026-03-14",
        "repeatFrequency": "P1D",
        "startTime": "16:00",
        "endTime": "23:00",
        "scheduleTimezone": "Asia/Makassar",
    }


class TestQueryBudgets:
    """Exact counts at two sizes: the few events above, then 40 more with participants."""

    # district options, upcoming events, past events counted, one page of them
    LIST = 4
    # the event with its place, its shown participants with their listings
    DETAIL = 2

    def grow(self, kota):
        centre = SentraFactory(kecamatan=kota)
        for n in range(40):
            grown = event(
                f"Acara {n}",
                n - 20,
                sentra=centre if n % 2 else None,
                address="" if n % 2 else "Gedung Uji",
                kecamatan=None if n % 2 else kota,
            )
            for _ in range(3):
                EventParticipant.objects.create(event=grown, tenant=TenantFactory(sentra=centre))
            EventParticipant.objects.create(
                event=grown, product=ProductFactory(), role="winner", prize="Juara 1"
            )

    def test_the_counts_stay_fixed_as_events_grow(
        self, client, calendar, kota, django_assert_num_queries
    ):
        contest = calendar["last month"]
        EventParticipant.objects.create(event=contest, tenant=TenantFactory())
        for step in (lambda: None, lambda: self.grow(kota)):
            step()
            with frozen():
                for path in ("/acara/", "/en/acara/?kecamatan=balikpapan-kota&jenis=competition"):
                    with django_assert_num_queries(self.LIST + FOOTER_QUERIES):
                        assert client.get(path).status_code == 200
                with django_assert_num_queries(self.DETAIL + FOOTER_QUERIES):
                    assert client.get(page_of(contest)).status_code == 200


class TestOnOtherPages:
    def test_the_home_page_shows_the_next_three_events(self, client, calendar):
        event("Festival Keempat", 9, sentra=calendar["next week"].sentra)
        with frozen():
            page = soup(client.get("/en/"))
        section = page.select_one("section[aria-labelledby=events-title]")
        assert titles(section) == ["Pelatihan Kemasan", "Festival Pantai", "Bazar Ramadan"]
        assert section.select_one('a[href="/en/acara/"]')

    def test_the_home_page_links_the_events_when_none_is_planned(self, client, wilayah):
        page = soup(client.get("/en/"))
        section = page.select_one("section[aria-labelledby=events-title]")
        assert "No event is planned yet." in section.get_text()
        assert section.select_one('a[href="/en/acara/"]')

    def test_a_centre_page_shows_its_own_upcoming_events(self, client, calendar):
        centre = calendar["under way"].sentra
        with frozen():
            page = soup(client.get(page_of(centre, "en")))
        section = page.select_one("section[aria-labelledby=events-title]")
        assert titles(section) == ["Pelatihan Kemasan"]  # not the past contest, nor elsewhere
        assert section.select_one('a[href="/en/acara/?kecamatan=balikpapan-kota"]')

    def test_a_centre_without_upcoming_events_has_no_events_section(self, client, calendar):
        centre = calendar["next week"].sentra
        with frozen(at(30)):
            page = soup(client.get(page_of(centre)))
        assert page.select_one("section[aria-labelledby=events-title]") is None

    def test_the_footer_links_the_events(self, client, wilayah):
        page = soup(client.get("/en/kecamatan/"))
        assert page.select_one('footer a[href="/en/acara/"]')

    def test_the_sitemap_lists_the_events_in_both_languages(self, client, calendar):
        index = client.get("/sitemap.xml").content.decode()
        assert "sitemap-acara-id.xml" in index
        assert "sitemap-acara-en.xml" in index
        section = reverse("sitemap-section", kwargs={"section": "acara-en"})
        listed = re.findall(
            r"<loc>http://testserver([^<]+)</loc>", client.get(section).content.decode()
        )
        assert "/en/acara/festival-pantai/" in listed
        assert len(listed) == len(calendar)
        pages = client.get(reverse("sitemap-section", kwargs={"section": "halaman-id"}))
        assert "<loc>http://testserver/acara/</loc>" in pages.content.decode()


class TestDemo:
    def test_the_demo_has_events_to_come_and_over_all_fictional(self, client, demo_data):
        page = soup(client.get("/acara/"))
        upcoming, past = page.select("section")[:2]
        assert len(titles(upcoming)) >= 3
        assert len(titles(past)) >= 2
        assert all("(contoh)" in title for title in titles(upcoming) + titles(past))
        assert all(card.select_one(".tag--demo") for card in page.select(".event-card"))

    def test_the_demo_centre_shows_its_coming_events(self, client, demo_data):
        page = soup(client.get("/sentra/pujasera-contoh-klandasan/"))
        section = page.select_one("section[aria-labelledby=events-title]")
        assert len(titles(section)) == 2
