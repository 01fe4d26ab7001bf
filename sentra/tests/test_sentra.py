"""Centres: slugs, locations, funding, opening hours ("open now?" on WITA) and occupancy."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sentra.models import BudgetLine, Sentra

from .factories import KelurahanFactory, OpeningHoursFactory, SentraFactory

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def wita(day, hour, minute=0):
    """A moment on a day of the week of 2025-06 (2 June 2025 was a Monday), Balikpapan time."""
    return datetime.datetime(2025, 6, 2 + day, hour, minute, tzinfo=WITA)


def test_sentra_slugs_come_from_the_name_and_stay_unique():
    assert SentraFactory(name="Sentra UMKM Balikpapan Barat").slug == "sentra-umkm-balikpapan-barat"
    assert (
        SentraFactory(name="Sentra UMKM Balikpapan Barat").slug == "sentra-umkm-balikpapan-barat-2"
    )


def test_a_kelurahan_must_lie_in_the_centres_kecamatan():
    sentra = SentraFactory()
    sentra.kelurahan = KelurahanFactory()  # in another kecamatan
    with pytest.raises(ValidationError) as error:
        sentra.full_clean()
    assert "kelurahan" in error.value.message_dict


def test_a_centre_cannot_close_before_it_opened():
    with pytest.raises(IntegrityError), transaction.atomic():
        SentraFactory(opened_on=datetime.date(2025, 1, 1), closed_on=datetime.date(2024, 1, 1))


def test_a_negative_contract_value_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        SentraFactory(contract_value=-1)


def test_csr_funding_names_its_partner():
    sentra = SentraFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(sentra=sentra, source=BudgetLine.Source.CSR)
    line = BudgetLine.objects.create(
        sentra=sentra, source=BudgetLine.Source.CSR, partner="PT Contoh", amount=250_000_000
    )
    assert str(line) == "CSR \N{EN DASH} PT Contoh"
    # A partner whose name holds brackets reads without doubled ones.
    line.partner = "Mitra CSR (belum diumumkan)"
    assert str(line) == "CSR \N{EN DASH} Mitra CSR (belum diumumkan)"


def test_a_negative_budget_amount_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(sentra=SentraFactory(), source="apbd", amount=-5)


class TestOpenNow:
    def test_open_inside_the_hours_and_closed_outside(self):
        hours = OpeningHoursFactory(weekday=0, opens="08:00", closes="17:00")
        assert hours.covers(wita(0, 8, 0))
        assert hours.covers(wita(0, 16, 59))
        assert not hours.covers(wita(0, 17, 0))
        assert not hours.covers(wita(1, 9, 0))

    def test_a_night_market_is_open_past_midnight_into_the_next_day(self):
        hours = OpeningHoursFactory(weekday=4, opens="16:00", closes="01:00")  # Friday
        assert hours.covers(wita(4, 23, 30))
        assert hours.covers(wita(5, 0, 30))  # Saturday 00:30
        assert not hours.covers(wita(5, 1, 0))
        assert not hours.covers(wita(4, 15, 0))

    def test_open_now_is_judged_on_balikpapan_time_not_utc(self):
        hours = OpeningHoursFactory(weekday=0, opens="08:00", closes="09:00")
        monday_8_30_wita = datetime.datetime(2025, 6, 2, 0, 30, tzinfo=datetime.UTC)
        assert hours.covers(monday_8_30_wita)
        assert list(Sentra.objects.open_at(monday_8_30_wita)) == [hours.sentra]

    @pytest.mark.parametrize(
        "moment",
        [
            wita(0, 7, 59),
            wita(0, 8),
            wita(0, 20),
            wita(4, 23),
            wita(5, 0, 30),
            wita(5, 2),
            wita(6, 12),
        ],
    )
    def test_the_query_agrees_with_the_model(self, moment):
        day = OpeningHoursFactory(weekday=0, opens="08:00", closes="17:00").sentra
        night = OpeningHoursFactory(weekday=4, opens="16:00", closes="01:00").sentra
        expected = {s.pk for s in (day, night) if s.is_open_at(moment)}
        assert set(Sentra.objects.open_at(moment).values_list("pk", flat=True)) == expected

    def test_the_same_span_cannot_be_entered_twice(self):
        hours = OpeningHoursFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            OpeningHoursFactory(sentra=hours.sentra, weekday=hours.weekday, opens=hours.opens)
