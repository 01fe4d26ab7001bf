"""The culinary guide at /kuliner/: what decides a visit, on each card; filters for now, tonight."""

import datetime
import zoneinfo
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from produk.tests.factories import ProductFactory, TenantFactory
from sentra.models import Sentra, tonight
from sentra.tests.factories import KecamatanFactory, OpeningHoursFactory, SentraFactory

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
MONDAY, TUESDAY = 0, 1


def wita(*moment):
    return datetime.datetime(*moment, tzinfo=WITA)


def at_wita(*moment):
    return mock.patch("django.utils.timezone.now", return_value=wita(*moment))


def place_to_eat(name, *spans, kecamatan=None):
    """An operating food court with one food stall and opening spans (weekday, "HH:MM", "HH:MM")."""
    centre = SentraFactory(
        name=name,
        kind=Sentra.Kind.FOOD_COURT,
        opened_on=datetime.date(2024, 1, 1),
        **({"kecamatan": kecamatan} if kecamatan else {}),
    )
    for weekday, opens, closes in spans:
        OpeningHoursFactory(sentra=centre, weekday=weekday, opens=opens, closes=closes)
    TenantFactory(sentra=centre, name=f"Warung di {name}")
    return centre


def cards(response):
    """{centre name: its card's text} in page order."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        card.h2.get_text(strip=True): " ".join(card.get_text(" ", strip=True).split())
        for card in soup.select("article.destination")
    }


@pytest.fixture
def day_and_night():
    """A day market (Mon 08-16) and a night market (Mon 17-01), in two districts."""
    day = place_to_eat("Pasar Pagi", (MONDAY, "08:00", "16:00"))
    night = place_to_eat("Pasar Malam", (MONDAY, "17:00", "01:00"))
    return day, night


# --- Tonight -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "start", "end"),
    [
        (wita(2025, 6, 2, 9, 0), wita(2025, 6, 2, 18, 0), wita(2025, 6, 3, 0, 0)),
        (wita(2025, 6, 2, 20, 30), wita(2025, 6, 2, 20, 30), wita(2025, 6, 3, 0, 0)),
        (wita(2025, 6, 3, 2, 0), wita(2025, 6, 3, 2, 0), wita(2025, 6, 3, 5, 0)),
    ],
)
def test_tonight_is_the_evening_ahead_or_what_is_left_of_the_night(now, start, end):
    assert tonight(now) == (start, end)


def test_tonight_counts_a_span_that_runs_past_midnight_on_both_of_its_days(day_and_night):
    day, night = day_and_night
    evening_stall = place_to_eat("Warung Senja", (MONDAY, "19:00", "22:00"))
    assert set(Sentra.objects.open_tonight(wita(2025, 6, 2, 9, 0))) == {night, evening_stall}
    assert set(Sentra.objects.open_tonight(wita(2025, 6, 2, 22, 30))) == {night}
    assert set(Sentra.objects.open_tonight(wita(2025, 6, 3, 0, 30))) == {night}  # Tuesday 00:30
    assert set(Sentra.objects.open_tonight(wita(2025, 6, 3, 1, 30))) == set()
    assert day not in Sentra.objects.open_tonight(wita(2025, 6, 2, 6, 0))


# --- Filters -------------------------------------------------------------------


def test_open_now_is_a_filter_as_well_as_the_order(client, day_and_night):
    with at_wita(2025, 6, 2, 10, 0):
        assert list(cards(client.get("/kuliner/"))) == ["Pasar Pagi", "Pasar Malam"]
        assert list(cards(client.get("/kuliner/", {"buka": "sekarang"}))) == ["Pasar Pagi"]


def test_tonight_finds_the_night_market_in_the_morning(client, day_and_night):
    with at_wita(2025, 6, 2, 10, 0):
        assert list(cards(client.get("/kuliner/", {"buka": "malam-ini"}))) == ["Pasar Malam"]


def test_the_district_filter_keeps_one_district(client, day_and_night):
    elsewhere = KecamatanFactory(name="Balikpapan Timur", slug="balikpapan-timur")
    place_to_eat("Pantai Manggar", (MONDAY, "16:00", "22:00"), kecamatan=elsewhere)
    with at_wita(2025, 6, 2, 10, 0):
        shown = cards(client.get("/kuliner/", {"kecamatan": "balikpapan-timur"}))
    assert list(shown) == ["Pantai Manggar"]


def test_a_bad_filter_value_is_reported_and_the_good_one_still_applies(client, day_and_night):
    with at_wita(2025, 6, 2, 10, 0):
        response = client.get("/kuliner/", {"buka": "kemarin", "kecamatan": "atlantis"})
        assert list(cards(response)) == ["Pasar Pagi", "Pasar Malam"]
        assert (
            "Some filters could not be used"
            in client.get("/en/kuliner/", {"buka": "kemarin"}).content.decode()
        )
        response = client.get("/kuliner/", {"buka": "sekarang", "kecamatan": "atlantis"})
    assert list(cards(response)) == ["Pasar Pagi"]
    assert 'role="alert"' in response.content.decode()


def test_an_empty_filtered_guide_offers_every_place_again(client, day_and_night):
    with at_wita(2025, 6, 2, 3, 0):  # Monday 03:00: nothing open, and nothing left of the night
        response = client.get("/en/kuliner/", {"buka": "malam-ini"})
    page = response.content.decode()
    assert cards(response) == {}
    assert "No place to eat matches these filters." in page
    assert 'href="/en/kuliner/"' in page


# --- What a card says ----------------------------------------------------------


def test_a_card_says_today_s_hours_and_keeps_the_week_behind_a_toggle(client, day_and_night):
    day, _night = day_and_night
    OpeningHoursFactory(sentra=day, weekday=TUESDAY, opens="09:00", closes="12:00")
    with at_wita(2025, 6, 2, 10, 0):
        shown = cards(client.get("/en/kuliner/"))
    assert "Today 08:00\N{EN DASH}16:00" in shown["Pasar Pagi"]
    assert "Open now until 16:00" in shown["Pasar Pagi"]
    assert "Closed now opens today at 17:00" in shown["Pasar Malam"]
    with at_wita(2025, 6, 3, 13, 0):  # Tuesday afternoon
        shown = cards(client.get("/en/kuliner/"))
    assert "Today closed" in shown["Pasar Malam"]
    assert "opens Monday at 17:00" in shown["Pasar Malam"]
    soup = BeautifulSoup(client.get("/en/kuliner/").content, "html.parser")
    week = soup.select_one("article.destination details.week")
    assert week is not None
    assert not week.has_attr("open")
    assert len(week.select(".hours li")) == 7


def test_a_card_shows_three_dishes_flagship_first_and_the_price_range_of_all(client, day_and_night):
    day, _night = day_and_night
    stall = day.tenants.get()
    ProductFactory(tenant=stall, name="Air Mineral", price=5_000, is_halal=True)
    ProductFactory(tenant=stall, name="Bingka Kentang", price=12_000, is_halal=True)
    ProductFactory(tenant=stall, name="Es Teh", price=6_000, is_halal=True)
    ProductFactory(
        tenant=stall, name="Kepiting Soka", price=90_000, price_max=150_000, is_flagship=True
    )
    other = TenantFactory(sentra=day, name="Kedai Kedua")
    ProductFactory(tenant=other, name="Zebra Cake", price=20_000, is_available=False)
    with at_wita(2025, 6, 2, 10, 0):
        response = client.get("/en/kuliner/")
    soup = BeautifulSoup(response.content, "html.parser")
    card = soup.select("article.destination")[0]
    dishes = [dish.select_one(".dish__name").get_text() for dish in card.select(".dish")]
    assert dishes == ["Kepiting Soka", "Air Mineral", "Bingka Kentang"]
    text = " ".join(card.get_text(" ", strip=True).split())
    assert "Dishes Rp5,000 to Rp150,000" in text  # the unavailable cake is not counted
    assert "3 halal dishes" in text
    assert "See all 2 food stalls" in text
    assert "Warung di Pasar Pagi" in text  # each dish names its stall


def test_a_centre_whose_dishes_are_all_halal_says_so_once(client, day_and_night):
    day, _night = day_and_night
    ProductFactory(tenant=day.tenants.get(), name="Soto Banjar", price=20_000, is_halal=True)
    with at_wita(2025, 6, 2, 10, 0):
        shown = cards(client.get("/kuliner/"))
    assert "Semua menu halal" in shown["Pasar Pagi"]
    assert "Rp20.000" in shown["Pasar Pagi"]
    assert "halal" not in shown["Pasar Malam"].casefold()  # no dishes, no claim


def test_the_indonesian_guide_speaks_indonesian(client, day_and_night):
    with at_wita(2025, 6, 2, 10, 0):
        page = client.get("/kuliner/").content.decode()
    for words in ("Malam ini", "Sekarang", "Hari ini", "Semua kecamatan"):
        assert words in page, words
