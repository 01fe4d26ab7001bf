"""The records behind plan against actual: sources, the planned curve, milestones, problems.

Each rule is a named database constraint, mirrored in clean() for a friendly message.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from sentra.models import (
    BudgetLine,
    Milestone,
    PlannedProgress,
    Problem,
    ProgressUpdate,
    Sentra,
    SourceKind,
)

from .factories import SentraFactory

pytestmark = pytest.mark.django_db

JAN_31 = datetime.date(2025, 1, 31)
NEWS = {
    "source_kind": SourceKind.REPORT,
    "source_publisher": "BorneoFlash",
    "source_date": JAN_31,
}


def refused_by_the_database(model, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.bulk_create([model(**fields)])


def clean_errors(instance):
    """The form errors of `instance`, in English (the source language of the messages)."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            instance.full_clean()
        return {
            field: [str(message) for message in messages]
            for field, messages in error.value.message_dict.items()
        }


# --- Sources -----------------------------------------------------------------------


def test_a_sourced_figure_is_recorded_with_its_publisher_and_date():
    sentra = SentraFactory()
    update = sentra.record_progress(physical_percent=40, recorded_on=JAN_31, **NEWS)
    update.refresh_from_db()
    assert (update.source_kind, update.source_publisher, update.source_date) == (
        "report",
        "BorneoFlash",
        JAN_31,
    )
    assert update.source_name == "BorneoFlash"


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"source_kind": "rumour", "source_date": JAN_31}, "progressupdate_source_kind_valid"),
        ({"source_kind": "report", "source_publisher": "X"}, "progressupdate_source_dated"),
        (
            {"source_kind": "document", "source_date": JAN_31},
            "progressupdate_source_names_publisher",
        ),
        (
            {"source_kind": "site_visit", "source_date": JAN_31},
            "progressupdate_site_visit_names_visitor",
        ),
    ],
)
def test_an_incomplete_source_is_refused_by_the_database(fields, constraint):
    sentra = SentraFactory()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        ProgressUpdate.objects.bulk_create(
            [ProgressUpdate(sentra=sentra, recorded_on=JAN_31, physical_percent=40, **fields)]
        )


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"source_title": "Laporan"}, "source_kind", "kind of source"),
        ({"source_kind": "report", "source_publisher": "X"}, "source_date", "date of the source"),
        ({"source_kind": "document", "source_date": JAN_31}, "source_publisher", "issued"),
        ({"source_kind": "site_visit", "source_date": JAN_31}, "source_visitor", "role and office"),
        ({**NEWS, "source_date": JAN_31 - datetime.timedelta(days=1)}, "source_date", "before"),
        ({**NEWS, "source_url": "javascript:alert(1)"}, "source_url", "valid URL"),
        ({**NEWS, "source_url": "ftp://example.com/laporan.pdf"}, "source_url", "valid URL"),
    ],
)
def test_the_form_rules_say_what_a_source_is_missing(fields, field, words):
    update = ProgressUpdate(
        sentra=SentraFactory(), recorded_on=JAN_31, physical_percent=40, **fields
    )
    errors = clean_errors(update)
    assert list(errors) == [field]
    assert words in " ".join(errors[field])


def test_a_source_dated_in_the_future_is_refused():
    today = timezone.localdate()
    update = ProgressUpdate(
        sentra=SentraFactory(),
        recorded_on=today,
        physical_percent=10,
        **{**NEWS, "source_date": today + datetime.timedelta(days=1)},
    )
    assert "future" in clean_errors(update)["source_date"][0]


def test_history_without_a_source_is_still_valid():
    update = SentraFactory().record_progress(physical_percent=10, recorded_on=JAN_31)
    assert not update.has_source


# --- The planned curve -------------------------------------------------------------


def test_one_planned_point_per_centre_and_day():
    sentra = SentraFactory()
    PlannedProgress.objects.create(sentra=sentra, planned_on=JAN_31, planned_percent=10)
    refused_by_the_database(PlannedProgress, sentra=sentra, planned_on=JAN_31, planned_percent=20)
    PlannedProgress.objects.create(sentra=SentraFactory(), planned_on=JAN_31, planned_percent=20)


@pytest.mark.parametrize("percent", [101, 250])
def test_a_planned_percent_over_100_is_refused(percent):
    sentra = SentraFactory()
    refused_by_the_database(
        PlannedProgress, sentra=sentra, planned_on=JAN_31, planned_percent=percent
    )
    point = PlannedProgress(sentra=sentra, planned_on=JAN_31, planned_percent=percent)
    assert "planned_percent" in clean_errors(point)


def test_a_planned_curve_never_goes_down():
    sentra = SentraFactory()
    for offset, percent in ((0, 0), (30, 20), (60, 50)):
        PlannedProgress.objects.create(
            sentra=sentra,
            planned_on=JAN_31 + datetime.timedelta(days=offset),
            planned_percent=percent,
        )
    lower_than_before = PlannedProgress(
        sentra=sentra, planned_on=JAN_31 + datetime.timedelta(days=45), planned_percent=15
    )
    assert "never goes down" in clean_errors(lower_than_before)["planned_percent"][0]
    higher_than_after = PlannedProgress(
        sentra=sentra, planned_on=JAN_31 + datetime.timedelta(days=45), planned_percent=55
    )
    assert "planned_percent" in clean_errors(higher_than_after)
    in_between = PlannedProgress(
        sentra=sentra, planned_on=JAN_31 + datetime.timedelta(days=45), planned_percent=35
    )
    in_between.full_clean()
    equal_to_neighbours = PlannedProgress(
        sentra=sentra, planned_on=JAN_31 + datetime.timedelta(days=31), planned_percent=20
    )
    equal_to_neighbours.full_clean()


# --- Milestones --------------------------------------------------------------------


def test_one_milestone_of_each_kind_per_centre():
    sentra = SentraFactory()
    Milestone.objects.create(sentra=sentra, kind=Milestone.Kind.TENDER, planned_on=JAN_31)
    refused_by_the_database(
        Milestone, sentra=sentra, kind=Milestone.Kind.TENDER, achieved_on=JAN_31
    )


def test_a_milestone_of_an_unknown_kind_or_without_any_date_is_refused():
    sentra = SentraFactory()
    refused_by_the_database(Milestone, sentra=sentra, kind="groundbreaking", planned_on=JAN_31)
    refused_by_the_database(Milestone, sentra=sentra, kind=Milestone.Kind.DESIGN)
    assert "planned_on" in clean_errors(Milestone(sentra=sentra, kind=Milestone.Kind.DESIGN))


def test_milestones_come_in_the_projects_order():
    sentra = SentraFactory()
    for kind in (Milestone.Kind.OPENING, Milestone.Kind.DESIGN, Milestone.Kind.HANDOVER):
        Milestone.objects.create(sentra=sentra, kind=kind, planned_on=JAN_31)
    assert [m.kind for m in sentra.milestones.all()] == ["design", "handover", "opening"]


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        (Milestone.Kind.CONSTRUCTION_START, "construction_start"),
        (Milestone.Kind.HANDOVER, "construction_planned_end"),
        (Milestone.Kind.OPENING, "target_opening_date"),
    ],
)
def test_a_planned_milestone_agrees_with_the_date_the_centre_gives_for_it(kind, field):
    feb_1 = JAN_31 + datetime.timedelta(days=1)
    sentra = SentraFactory(**{field: JAN_31})
    assert "planned_on" in clean_errors(Milestone(sentra=sentra, kind=kind, planned_on=feb_1))
    Milestone(sentra=sentra, kind=kind, planned_on=JAN_31).full_clean()
    undated = SentraFactory()  # the centre gives no date: the milestone's stands alone
    Milestone(sentra=undated, kind=kind, planned_on=feb_1).full_clean()


def test_an_actual_date_cannot_be_in_the_future_nor_disagree_with_the_opening():
    sentra = SentraFactory(opened_on=JAN_31)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = Milestone(sentra=sentra, kind=Milestone.Kind.HANDOVER, achieved_on=tomorrow)
    assert "achieved_on" in clean_errors(future)
    other_day = Milestone(
        sentra=sentra, kind=Milestone.Kind.OPENING, achieved_on=JAN_31 + datetime.timedelta(1)
    )
    assert "opening date" in clean_errors(other_day)["achieved_on"][0]
    Milestone(sentra=sentra, kind=Milestone.Kind.OPENING, achieved_on=JAN_31).full_clean()


# --- Problems ----------------------------------------------------------------------


def test_a_problem_is_resolved_exactly_when_it_has_the_day_it_was_resolved():
    sentra = SentraFactory()
    base = {"sentra": sentra, "reported_on": JAN_31, "description": "Material terlambat."}
    refused_by_the_database(Problem, **base, status=Problem.Status.RESOLVED)
    refused_by_the_database(Problem, **base, status=Problem.Status.OPEN, resolved_on=JAN_31)
    refused_by_the_database(
        Problem,
        **base,
        status=Problem.Status.RESOLVED,
        resolved_on=JAN_31 - datetime.timedelta(days=1),
    )
    refused_by_the_database(Problem, **base, status="forgotten")
    Problem.objects.create(
        **base, status=Problem.Status.RESOLVED, resolved_on=JAN_31, resolution="Dipesan ulang."
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status": "resolved", "resolution": "Selesai."}, "resolved_on"),
        ({"status": "resolved", "resolved_on": JAN_31}, "resolution"),
        ({"status": "open", "resolved_on": JAN_31}, "resolved_on"),
        (
            {"status": "resolved", "resolved_on": datetime.date(2025, 1, 1), "resolution": "x"},
            "resolved_on",
        ),
    ],
)
def test_the_form_rules_say_what_a_problem_is_missing(fields, field):
    problem = Problem(
        sentra=SentraFactory(), reported_on=JAN_31, description="Material terlambat.", **fields
    )
    assert list(clean_errors(problem)) == [field]


def test_only_open_problems_are_open():
    sentra = SentraFactory()
    still = Problem.objects.create(sentra=sentra, reported_on=JAN_31, description="Banjir.")
    Problem.objects.create(
        sentra=sentra,
        reported_on=JAN_31,
        description="Izin.",
        status=Problem.Status.RESOLVED,
        resolved_on=JAN_31,
        resolution="Terbit.",
    )
    assert list(Problem.objects.filter(sentra=sentra).open()) == [still]


# --- Budget ------------------------------------------------------------------------


def test_budget_totals_by_source_count_published_amounts_and_unpublished_lines():
    sentra = SentraFactory()
    BudgetLine.objects.create(sentra=sentra, source="apbd", amount=1_000)
    BudgetLine.objects.create(sentra=SentraFactory(), source="apbd", amount=500)
    BudgetLine.objects.create(sentra=sentra, source="apbd", fiscal_year=2026)
    BudgetLine.objects.create(sentra=sentra, source="csr", partner="PT Contoh")
    rows = BudgetLine.objects.filter(sentra__name__startswith="Sentra Uji").totals_by_source()
    assert [(row["source"], row["total"], row["unpublished"]) for row in rows] == [
        ("apbd", 1_500, 1),
        ("csr", None, 1),
    ]


def test_a_centre_names_each_funding_source_once():
    sentra = SentraFactory()
    BudgetLine.objects.create(sentra=sentra, source="apbd", fiscal_year=2025)
    BudgetLine.objects.create(sentra=sentra, source="apbd", fiscal_year=2026)
    BudgetLine.objects.create(sentra=sentra, source="csr", partner="PT Contoh")
    centre = Sentra.objects.prefetch_related("budget_lines").get(pk=sentra.pk)
    assert centre.funding_sources == [BudgetLine.Source.APBD.label, BudgetLine.Source.CSR.label]
