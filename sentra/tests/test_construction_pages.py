"""Open construction data on the public pages: every figure sourced and dated, plan against actual.

Word checks read the English pages (source strings); markup checks read both languages.
"""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from produk.roles import KURATOR
from sentra.models import (
    BudgetLine,
    Milestone,
    PlannedProgress,
    Problem,
    ProgressUpdate,
    Sentra,
    SourceKind,
)
from sentra.schedule import ScheduleFlag

from .factories import SentraFactory

pytestmark = pytest.mark.django_db


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text().split())


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def building(**fields):
    """A centre under construction with a 100-day plan that started 50 days ago."""
    sentra = SentraFactory(**fields)
    for offset, percent in ((50, 0), (0, 40), (-50, 100)):
        PlannedProgress.objects.create(
            sentra=sentra, planned_on=days_ago(offset), planned_percent=percent
        )
    return sentra


# --- Sources and who recorded them ------------------------------------------------


@pytest.fixture
def staf_with_a_name(staf_dprd):
    """A council staff member whose own name must never reach a public page."""
    staf_dprd.first_name, staf_dprd.last_name = "Budi", "Santoso"
    staf_dprd.username = "budi.santoso"
    staf_dprd.save()
    return staf_dprd


def record_in_the_admin(client, sentra, **fields):
    data = {
        "sentra": sentra.pk,
        "physical_percent": 35,
        "recorded_on": days_ago(3).isoformat(),
        "note": "Atap terpasang.",
        "source_kind": "document",
        "source_publisher": "Dinas PU Kota Balikpapan",
        "source_title": "Laporan kemajuan minggu ke-12",
        "source_url": "https://pu.balikpapan.go.id/laporan/12",
        "source_date": days_ago(2).isoformat(),
        **fields,
    }
    return client.post(reverse("admin:sentra_progressupdate_add"), data)


def test_the_timeline_shows_the_source_linked_and_the_office_never_the_person(
    client, staf_with_a_name
):
    sentra = SentraFactory()
    client.force_login(staf_with_a_name)
    assert record_in_the_admin(client, sentra).status_code == 302
    client.logout()

    soup = page(client, f"/en{sentra.get_absolute_url()}")
    entry = soup.select_one(".timeline__item")
    source = entry.select_one(".timeline__source")
    assert "Document: Laporan kemajuan minggu ke-12, Dinas PU Kota Balikpapan" in text(source)
    link = source.find("a")
    assert (link["href"], text(link)) == (
        "https://pu.balikpapan.go.id/laporan/12",
        "Laporan kemajuan minggu ke-12",
    )
    assert text(entry.select_one(".timeline__recorder")) == (
        "Recorded by Staf Komisi II DPRD Kota Balikpapan"
    )
    whole = text(soup)
    assert "Budi" not in whole
    assert "Santoso" not in whole
    assert "budi.santoso" not in whole


def test_the_office_is_kept_as_it_was_when_the_figure_was_recorded(client, staf_with_a_name):
    sentra = SentraFactory()
    client.force_login(staf_with_a_name)
    record_in_the_admin(client, sentra)
    staf_with_a_name.groups.set([Group.objects.get(name=KURATOR)])  # moved to another role
    update = ProgressUpdate.objects.get(sentra=sentra)
    assert update.recorded_by_office == "Staf Komisi II DPRD Kota Balikpapan"
    client.logout()
    assert "Staf Komisi II DPRD" in text(page(client, f"/en{sentra.get_absolute_url()}"))


def test_a_site_visit_names_the_office_that_went(client, staf_dprd):
    sentra = SentraFactory()
    client.force_login(staf_dprd)
    response = record_in_the_admin(
        client,
        sentra,
        source_kind="site_visit",
        source_visitor="Staf Komisi II DPRD",
        source_publisher="",
        source_title="",
        source_url="",
        source_date=days_ago(3).isoformat(),
    )
    assert response.status_code == 302
    client.logout()
    source = page(client, f"/en{sentra.get_absolute_url()}").select_one(".timeline__source")
    assert text(source).startswith("Source: Site visit by Staf Komisi II DPRD, ")
    assert source.find("a") is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"source_kind": ""}, "source_kind"),
        ({"source_kind": "rumour"}, "source_kind"),
        ({"source_publisher": ""}, "source_publisher"),
        ({"source_kind": "site_visit", "source_visitor": ""}, "source_visitor"),
        ({"source_date": ""}, "source_date"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
    ],
)
def test_the_staff_form_refuses_a_figure_without_a_usable_source(client, staf_dprd, fields, field):
    sentra = SentraFactory()
    client.force_login(staf_dprd)
    response = record_in_the_admin(client, sentra, **fields)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not sentra.progress_updates.exists()


def test_a_link_that_is_not_http_never_becomes_a_link(client):
    sentra = SentraFactory()
    ProgressUpdate.objects.bulk_create(  # past the form's rules, as a bad import might
        [
            ProgressUpdate(
                sentra=sentra,
                recorded_on=days_ago(5),
                physical_percent=20,
                source_kind=SourceKind.REPORT,
                source_publisher="Koran",
                source_date=days_ago(5),
                source_url="javascript:alert(1)",
            )
        ]
    )
    source = page(client, sentra.get_absolute_url()).select_one(".timeline__source")
    assert "Koran" in text(source)
    assert source.find("a") is None


# --- Staleness ---------------------------------------------------------------------


@pytest.mark.parametrize(("age", "stale"), [(60, False), (61, True)])
def test_a_figure_older_than_the_threshold_is_marked_on_the_page_and_the_dashboard(
    client, age, stale
):
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=30, recorded_on=days_ago(age))
    mark = f"Not updated since {days_ago(age):%-d %b %Y}"
    assert (mark in text(page(client, f"/en{sentra.get_absolute_url()}"))) is stale
    assert (mark in text(page(client, "/en/progres/"))) is stale


def test_the_staleness_threshold_is_a_setting(client, settings):
    settings.PROGRESS_STALE_AFTER_DAYS = 10
    sentra = SentraFactory()
    sentra.record_progress(physical_percent=30, recorded_on=days_ago(11))
    assert sentra.not_updated_since == days_ago(11)
    assert page(client, sentra.get_absolute_url()).select_one(".progress .stale")


def test_only_a_centre_under_construction_can_be_stale():
    opened = SentraFactory(opened_on=days_ago(300))
    opened.record_progress(physical_percent=100, recorded_on=days_ago(400))
    planned = SentraFactory()
    planned.record_progress(physical_percent=0, recorded_on=days_ago(400))
    assert opened.not_updated_since is None
    assert planned.not_updated_since is None


# --- The signboard and the budget --------------------------------------------------


def test_the_signboard_shows_its_facts_and_says_which_are_not_published(client):
    sentra = SentraFactory(
        contractor="CV Contoh Konstruksi",
        contract_value=4_750_000_000,
        construction_start=datetime.date(2026, 5, 15),
    )
    BudgetLine.objects.create(sentra=sentra, source="apbd", amount=3_500_000_000)
    BudgetLine.objects.create(sentra=sentra, source="csr", partner="Mitra CSR (belum diumumkan)")
    soup = page(client, f"/en{sentra.get_absolute_url()}")
    facts = dict(
        zip(
            [text(dt) for dt in soup.select(".signboard dt")],
            [text(dd) for dd in soup.select(".signboard dd")],
            strict=True,
        )
    )
    assert facts == {
        "Contractor": "CV Contoh Konstruksi",
        "Contract number": "not published yet",
        "Contract value": "Rp4,750,000,000",
        "Funding source": "City budget (APBD Kota), CSR",
        "Construction start": "15 May 2026",
        "Planned end": "not published yet",
    }
    budget = soup.select_one("table.budget")
    assert text(budget.caption) == "Funding by source"
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in budget.tbody("tr")]
    assert rows == [
        ["City budget (APBD Kota)", "", "Rp3,500,000,000"],
        ["CSR", "Mitra CSR (belum diumumkan)", "not published yet"],
    ]
    assert "((" not in text(soup)
    assert "))" not in text(soup)


def test_a_centre_long_open_without_signboard_facts_shows_no_empty_signboard(client):
    sentra = SentraFactory(opened_on=datetime.date(1998, 1, 1))
    assert page(client, sentra.get_absolute_url()).select_one(".signboard") is None


# --- Plan against actual -------------------------------------------------------------


def test_the_centre_page_draws_the_s_curve_with_a_table_beside_it(client):
    sentra = building()
    sentra.record_progress(physical_percent=12, recorded_on=days_ago(30))
    sentra.record_progress(physical_percent=31, recorded_on=days_ago(2))
    soup = page(client, f"/en{sentra.get_absolute_url()}")
    svg = soup.select_one("svg.scurve")
    assert svg["aria-hidden"] == "true"
    assert svg.select_one("polyline.scurve__planned")
    assert svg.select_one("polyline.scurve__recorded")
    assert len(svg.select("circle.scurve__dot")) == 2
    table = soup.select_one(".plan__table table")
    assert text(table.caption) == "Planned and recorded progress"
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]
    assert rows[0] == [f"{days_ago(50):%-d %b %Y}", "0%", "\N{EN DASH}"]
    assert rows[1] == [f"{days_ago(30):%-d %b %Y}", "≈16%", "12%"]  # 40 % x 20/50
    assert rows[-1] == [f"{days_ago(-50):%-d %b %Y}", "100%", "\N{EN DASH}"]
    # 31 % two days ago against 38.4 % planned: 7.4 points under, on track.
    flag = soup.select_one(".construction .schedule-flag")
    assert text(flag).startswith("On track Planned by")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_drawing_uses_no_inline_style_and_numbers_with_a_decimal_point(client, prefix):
    sentra = building()
    sentra.record_progress(physical_percent=7, recorded_on=days_ago(33))
    response = client.get(prefix + sentra.get_absolute_url())
    markup = response.content.decode()
    assert " style=" not in markup
    soup = BeautifulSoup(markup, "html.parser")
    coordinate = re.compile(r"^\d+(\.\d)?$")
    for line in soup.select("svg.scurve polyline"):
        for pair in line["points"].split():
            x, y = pair.split(",")
            assert coordinate.match(x), pair
            assert coordinate.match(y), pair
    for dot in soup.select("svg.scurve circle"):
        assert coordinate.match(dot["cx"])
        assert coordinate.match(dot["cy"])


def test_a_centre_without_a_plan_says_so_and_draws_its_figures_once_there_are_two(client):
    sentra = SentraFactory()
    path = f"/en{sentra.get_absolute_url()}"
    sentra.record_progress(physical_percent=40, recorded_on=days_ago(10))
    soup = page(client, path)
    assert "No planned progress curve has been published" in text(soup)
    assert soup.select_one(".flag--no_plan")
    assert soup.select_one("svg.scurve") is None  # one figure: the timeline says it all
    sentra.record_progress(physical_percent=55, recorded_on=days_ago(2))
    soup = page(client, path)
    assert soup.select_one("svg.scurve polyline.scurve__recorded")
    assert soup.select_one("svg.scurve polyline.scurve__planned") is None


def test_milestones_and_open_problems_are_public_resolved_ones_are_not(client):
    sentra = building()
    Milestone.objects.create(
        sentra=sentra, kind=Milestone.Kind.CONSTRUCTION_START, planned_on=days_ago(50)
    )
    Milestone.objects.create(sentra=sentra, kind=Milestone.Kind.HANDOVER, planned_on=days_ago(-50))
    Problem.objects.create(sentra=sentra, reported_on=days_ago(9), description="Banjir di lokasi.")
    Problem.objects.create(
        sentra=sentra,
        reported_on=days_ago(40),
        description="Izin galian belum terbit.",
        status=Problem.Status.RESOLVED,
        resolved_on=days_ago(20),
        resolution="Izin terbit.",
    )
    soup = page(client, f"/en{sentra.get_absolute_url()}")
    milestones = soup.select_one("table.milestones")
    assert [text(row.th) for row in milestones.tbody("tr")] == ["Construction start", "Handover"]
    assert "not yet" in text(milestones)
    problems = soup.select_one(".problems")
    assert "Banjir di lokasi." in text(problems)
    assert "Izin galian" not in text(soup)


# --- The demo's centres: each flag, and real centres with no invented plan ------------


@pytest.mark.parametrize(
    ("slug", "flag"),
    [
        ("sentra-umkm-balikpapan-barat", ScheduleFlag.NO_PLAN),
        ("sentra-umkm-wonorejo", ScheduleFlag.NO_PLAN),
        ("sentra-contoh-gunung-bahagia", ScheduleFlag.ON_TRACK),
        ("sentra-contoh-karang-rejo", ScheduleFlag.BEHIND),
        ("sentra-contoh-manggar", ScheduleFlag.LATE),
        ("pujasera-contoh-klandasan", ScheduleFlag.DONE),
    ],
)
def test_the_demo_shows_each_flag_on_the_centre_page(client, demo_data, slug, flag):
    soup = page(client, f"/en/sentra/{slug}/")
    assert soup.select_one(f".construction .flag--{flag}")
    centre = Sentra.objects.with_schedule().get(slug=slug)
    assert centre.schedule.flag == flag
