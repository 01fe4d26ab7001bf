"""A centre's page: whether it is open, today's hours and the way there come before the rest."""

import datetime
import zoneinfo
from decimal import Decimal
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from sentra.tests.factories import OpeningHoursFactory, SentraFactory

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def page_at(client, centre, *moment):
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(*moment, tzinfo=WITA)
    ):
        response = client.get(f"/en{centre.get_absolute_url()}")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_an_operating_centre_says_under_its_name_if_it_is_open_and_how_to_get_there(client):
    centre = SentraFactory(
        opened_on=datetime.date(2024, 1, 1), latitude=Decimal("-1.27"), longitude=Decimal("116.83")
    )
    OpeningHoursFactory(sentra=centre, weekday=4, opens="16:00", closes="01:00")
    soup = page_at(client, centre, 2025, 6, 6, 20, 0)  # Friday evening
    visit = soup.select_one("h1 ~ .visit")
    text = " ".join(visit.get_text(" ", strip=True).split())
    assert "Open now until 01:00" in text
    assert "Today 16:00\N{EN DASH}01:00" in text
    assert visit.select_one("a.button")["href"].startswith("https://www.google.com/maps/dir/")
    # It comes right under the name and status, before the description and the full week.
    assert visit.sourceline < soup.select_one(".columns").sourceline


def test_a_centre_without_hours_has_no_visit_block(client):
    centre = SentraFactory()
    soup = page_at(client, centre, 2025, 6, 6, 20, 0)
    assert soup.select_one(".visit") is None
