"""Construction progress: an append-only history; a centre's progress and status follow from it."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from sentra.models import ProgressUpdate, Sentra

from .factories import SentraFactory

pytestmark = pytest.mark.django_db

JAN_31 = datetime.date(2025, 1, 31)


def test_a_new_centre_is_planned_at_zero_percent():
    sentra = SentraFactory()
    assert sentra.status == Sentra.Status.PLANNED
    assert sentra.progress == 0
    assert sentra.progress_recorded_on is None


def test_recording_progress_makes_a_planned_centre_under_construction():
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=40, recorded_on=JAN_31, note="Sekitar 40 persen")
    sentra.refresh_from_db()
    assert (sentra.status, sentra.progress, sentra.progress_recorded_on) == (
        Sentra.Status.BUILDING,
        40,
        JAN_31,
    )


def test_the_latest_observation_wins_even_when_an_older_one_is_recorded_later():
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=40, recorded_on=JAN_31)
    sentra.record_progress(physical_percent=25, recorded_on=JAN_31 - datetime.timedelta(days=30))
    assert sentra.progress == 40
    assert sentra.progress_updates.count() == 2


def test_updates_of_the_same_day_are_all_kept_and_the_last_saved_counts():
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=40, recorded_on=JAN_31)
    sentra.record_progress(physical_percent=42, recorded_on=JAN_31, note="Koreksi sore hari")
    assert sentra.progress_updates.count() == 2
    assert sentra.progress == 42


def test_an_opened_centre_is_operating_and_a_closed_one_closed():
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=100, recorded_on=JAN_31)
    sentra.opened_on = JAN_31
    sentra.save()
    assert sentra.status == Sentra.Status.OPERATING
    sentra.closed_on = JAN_31 + datetime.timedelta(days=400)
    sentra.save()
    assert sentra.status == Sentra.Status.CLOSED


def test_a_progress_update_does_not_reopen_a_closed_centre():
    sentra = SentraFactory(opened_on=JAN_31, closed_on=JAN_31)
    sentra.record_progress(physical_percent=100, recorded_on=JAN_31)
    assert sentra.status == Sentra.Status.CLOSED


def test_progress_over_100_is_refused_by_the_form_rules():
    sentra = SentraFactory()
    with pytest.raises(ValidationError) as error:
        sentra.record_progress(physical_percent=101, recorded_on=JAN_31)
    assert "physical_percent" in error.value.message_dict
    assert not sentra.progress_updates.exists()


@pytest.mark.parametrize("percent", [-1, 101])
def test_progress_out_of_range_is_refused_by_the_database(percent):
    sentra = SentraFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.bulk_create(
            [ProgressUpdate(sentra=sentra, recorded_on=JAN_31, physical_percent=percent)]
        )


def test_a_centres_progress_out_of_range_is_refused_by_the_database():
    sentra = SentraFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Sentra.objects.filter(pk=sentra.pk).update(progress=150)


def test_financial_progress_out_of_range_is_refused_by_the_database():
    sentra = SentraFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(
                    sentra=sentra, recorded_on=JAN_31, physical_percent=50, financial_percent=120
                )
            ]
        )


def test_progress_cannot_be_recorded_for_a_future_date():
    sentra = SentraFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        sentra.record_progress(physical_percent=10, recorded_on=tomorrow)
    assert "recorded_on" in error.value.message_dict


def test_a_centre_with_history_cannot_be_deleted():
    from django.db.models import ProtectedError

    sentra = SentraFactory()
    sentra.record_progress(physical_percent=10, recorded_on=JAN_31)
    with pytest.raises(ProtectedError):
        sentra.delete()


@pytest.mark.django_db(transaction=True)
def test_two_updates_recorded_at_the_same_moment_are_both_kept():
    sentra = SentraFactory()
    start = threading.Barrier(2)
    errors = []

    def record(percent):
        try:
            start.wait(timeout=10)
            # Either may commit first; a note makes the lower one valid after the higher.
            Sentra.objects.get(pk=sentra.pk).record_progress(
                physical_percent=percent, recorded_on=JAN_31, note="Dua petugas mencatat bersamaan"
            )
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(p,)) for p in (30, 45)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    percents = sorted(sentra.progress_updates.values_list("physical_percent", flat=True))
    assert percents == [30, 45]
    sentra.refresh_from_db()
    latest = sentra.progress_updates.latest_first().first()
    assert sentra.progress == latest.physical_percent
