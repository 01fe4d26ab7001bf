"""Staf DPRD enter a centre's planned curve, milestones and problems in the centre's own form."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sentra.models import Milestone, PlannedProgress, Problem

from .factories import KecamatanFactory, SentraFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)


def form_data(response):
    """What the browser sends for the change form as it opened: every field's current value."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form#sentra_form")
    data = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        name = field["name"]
        if field.name == "select":
            chosen = field.select("option[selected]")
            if field.has_attr("multiple"):
                data[name] = [option["value"] for option in chosen]
            else:
                data[name] = chosen[0]["value"] if chosen else ""
        elif field.name == "textarea":
            data[name] = field.text.strip("\n")
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "file", "button"):
            data[name] = field.get("value", "")
    return data


def add_rows(data, prefix, rows):
    """New inline rows, as the "add another" link adds them, filled in."""
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{start + offset}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = start + len(rows)
    return data


@pytest.fixture
def centre():
    return SentraFactory(kecamatan=KecamatanFactory(), construction_start=START)


def change(client, centre, **rows):
    url = reverse("admin:sentra_sentra_change", args=[centre.pk])
    data = form_data(client.get(url))
    for prefix, new_rows in rows.items():
        add_rows(data, prefix, new_rows)
    return client.post(url, data)


def test_staf_dprd_enter_a_plan_milestones_and_a_problem_with_the_centre(client, staf_dprd, centre):
    client.force_login(staf_dprd)
    response = change(
        client,
        centre,
        planned_progress=[
            {"planned_on": "2026-01-05", "planned_percent": "0"},
            {"planned_on": "2026-04-05", "planned_percent": "45"},
            {"planned_on": "2026-07-05", "planned_percent": "100"},
        ],
        milestones=[
            {"kind": "construction_start", "planned_on": "2026-01-05", "achieved_on": "2026-01-12"},
            {"kind": "handover", "planned_on": "2026-07-05", "achieved_on": ""},
        ],
        problems=[
            {
                "reported_on": "2026-03-01",
                "status": "open",
                "description": "Material atap terlambat.",
                "resolution": "",
                "resolved_on": "",
            }
        ],
    )
    assert response.status_code == 302, response.context["errors"]
    assert list(centre.planned_progress.values_list("planned_percent", flat=True)) == [0, 45, 100]
    assert [m.kind for m in centre.milestones.all()] == ["construction_start", "handover"]
    assert Problem.objects.get(sentra=centre).description == "Material atap terlambat."


def test_a_curve_that_goes_down_is_refused_as_a_whole(client, staf_dprd, centre):
    client.force_login(staf_dprd)
    response = change(
        client,
        centre,
        planned_progress=[
            {"planned_on": "2026-01-05", "planned_percent": "0"},
            {"planned_on": "2026-04-05", "planned_percent": "60"},
            {"planned_on": "2026-05-05", "planned_percent": "40"},
        ],
    )
    assert response.status_code == 200
    formset = next(
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.formset.prefix == "planned_progress"
    )
    assert "Kurva rencana tidak pernah turun" in str(formset.formset.non_form_errors())
    assert not PlannedProgress.objects.filter(sentra=centre).exists()


def test_a_curve_revised_in_one_go_is_judged_as_it_will_be_saved(client, staf_dprd, centre):
    """Raising two points at once is fine, though each is higher than its old neighbour."""
    for day, percent in (("2026-02-01", 20), ("2026-03-01", 30)):
        PlannedProgress.objects.create(sentra=centre, planned_on=day, planned_percent=percent)
    client.force_login(staf_dprd)
    url = reverse("admin:sentra_sentra_change", args=[centre.pk])
    data = form_data(client.get(url))
    data["planned_progress-0-planned_percent"] = "35"
    data["planned_progress-1-planned_percent"] = "50"
    assert client.post(url, data).status_code == 302
    assert list(centre.planned_progress.values_list("planned_percent", flat=True)) == [35, 50]


def test_two_milestones_of_one_kind_are_refused(client, staf_dprd, centre):
    client.force_login(staf_dprd)
    response = change(
        client,
        centre,
        milestones=[
            {"kind": "tender", "planned_on": "2025-10-01", "achieved_on": ""},
            {"kind": "tender", "planned_on": "2025-11-01", "achieved_on": ""},
        ],
    )
    assert response.status_code == 200
    assert not Milestone.objects.filter(sentra=centre).exists()


def test_a_resolved_problem_needs_its_resolution(client, staf_dprd, centre):
    client.force_login(staf_dprd)
    response = change(
        client,
        centre,
        problems=[
            {
                "reported_on": "2026-03-01",
                "status": "resolved",
                "description": "Banjir.",
                "resolution": "",
                "resolved_on": "2026-03-09",
            }
        ],
    )
    assert response.status_code == 200
    assert not Problem.objects.filter(sentra=centre).exists()


def test_centre_managers_see_no_plan_inlines_and_staff_cannot_delete_problems(
    client, staf_dprd, django_user_model
):
    from django.contrib.auth.models import Group

    manager = django_user_model.objects.create_user("pengelola", password="x", is_staff=True)
    manager.groups.add(Group.objects.get(name="Pengelola Sentra"))
    centre = SentraFactory()
    centre.managers.add(manager)
    client.force_login(manager)
    page = client.get(reverse("admin:sentra_sentra_change", args=[centre.pk])).content.decode()
    assert "planned_progress-TOTAL_FORMS" not in page
    assert "problems-TOTAL_FORMS" not in page
    assert staf_dprd.has_perm("sentra.add_plannedprogress")
    assert staf_dprd.has_perm("sentra.change_problem")
    assert not staf_dprd.has_perm("sentra.delete_problem")


def _add_rows(centre, months):
    """A row of each kind the centre form lists for each of `months` (0, 1, ...): a planned
    point, a problem, a progress update and a milestone (there are five kinds)."""
    kinds = list(Milestone.Kind)
    for month in months:
        day = START + datetime.timedelta(days=30 * month)
        PlannedProgress.objects.create(sentra=centre, planned_on=day, planned_percent=month)
        Problem.objects.create(sentra=centre, reported_on=day, description=f"Kendala {month}")
        centre.record_progress(physical_percent=month, recorded_on=day)
        Milestone.objects.create(sentra=centre, kind=kinds[month], planned_on=day)


# The session and its user; the user's own and group permissions; the centre's QR card
# links (slug and status); the centre; each inline's rows (history, plan, milestones,
# problems, hours, budget lines) with their centre; the district choices; the managers'
# choices. (This centre has no kelurahan: the autocomplete asks for nothing.)
CENTRE_FORM_QUERIES = 14


def test_the_centre_form_costs_the_same_queries_however_many_rows_it_lists(
    client, staf_dprd, centre
):
    """Each row names its centre: fetched with the rows, not once a row (it was 20 queries
    more for the demo's Pujasera)."""
    client.force_login(staf_dprd)
    url = reverse("admin:sentra_sentra_change", args=[centre.pk])
    counts = []
    for months in (range(0, 1), range(1, 5)):  # a row of each kind, then five
        _add_rows(centre, months)
        client.get(url)  # the session, warmed
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [CENTRE_FORM_QUERIES, CENTRE_FORM_QUERIES]
