"""A tenant's page: what a visitor needs to get there sits at the top."""

import datetime
import json
import zoneinfo
from decimal import Decimal
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from produk.models import Tenant
from sentra.tests.factories import KelurahanFactory, OpeningHoursFactory, SentraFactory

from .factories import TenantFactory

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


@pytest.fixture
def stall():
    """Stall B-07 at a mapped night market open on Mondays 17:00-23:00."""
    kelurahan = KelurahanFactory(name="Klandasan Ilir")
    centre = SentraFactory(
        name="Pasar Malam Pantai",
        kecamatan=kelurahan.kecamatan,
        kelurahan=kelurahan,
        address="Jl. Jenderal Sudirman",
        opened_on=datetime.date(2024, 1, 1),
        latitude=Decimal("-1.276"),
        longitude=Decimal("116.83"),
    )
    OpeningHoursFactory(sentra=centre, weekday=0, opens="17:00", closes="23:00")
    return TenantFactory(name="Sate Pantai", sentra=centre, stall_number="B-07")


def visit_block(client, tenant):
    with mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(2025, 6, 2, 19, 0, tzinfo=WITA),  # a Monday evening
    ):
        response = client.get(f"/en{tenant.get_absolute_url()}")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_top_of_a_tenant_page_says_if_it_is_open_today_s_hours_and_where(client, stall):
    soup = visit_block(client, stall)
    visit = soup.select_one(".profile .visit")
    text = " ".join(visit.get_text(" ", strip=True).split())
    assert "Open now until 23:00" in text
    assert "Today 17:00\N{EN DASH}23:00" in text
    assert "Stall B-07, Pasar Malam Pantai" in text
    assert "Jl. Jenderal Sudirman, Klandasan Ilir" in text
    directions = visit.select_one("a.button")
    assert directions["href"].startswith("https://www.google.com/maps/dir/")
    assert "-1.276" in directions["href"]
    assert visit.select_one('a[href="#hours"]') is not None
    assert soup.select_one("#hours") is not None


def test_a_tenant_page_maps_its_centre(client, stall):
    soup = visit_block(client, stall)
    points = json.loads(soup.select_one("#map-points").string)
    assert [(point["name"], point["lat"]) for point in points] == [("Pasar Malam Pantai", -1.276)]


def test_a_closed_tenant_sends_nobody_to_its_old_stall(client, stall):
    Tenant.objects.filter(pk=stall.pk).update(
        status=Tenant.Status.CLOSED, closed_on=datetime.date(2025, 1, 1)
    )
    soup = visit_block(client, stall)
    assert soup.select_one(".visit") is None
    assert soup.select_one("#map-points") is None
