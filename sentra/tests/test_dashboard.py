"""/progres/: a summary first, then every centre, filtered and sorted by plain GET parameters."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sentra.models import BudgetLine, Sentra
from sentra.schedule import ScheduleFlag

pytestmark = pytest.mark.django_db


def page(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ", strip=True).split())


def listed(soup):
    """The centres' names in the table, in order."""
    return [text(row.th.a) for row in soup.select(".centres-table tbody tr")]


def test_the_summary_counts_centres_per_flag_and_status(client, demo_data):
    soup = page(client, "/en/progres/")
    centres = list(Sentra.objects.with_schedule())
    counts = {
        link["href"].split("jadwal=")[1].split("#")[0]: int(text(link.strong))
        for link in soup.select(".figures--flags a")
    }
    assert counts == {
        flag.value: sum(centre.schedule.flag == flag for centre in centres) for flag in ScheduleFlag
    }
    assert all(counts.values())  # the demo shows every flag
    statuses = text(soup.select_one(".summary__statuses"))
    for status in Sentra.Status:
        expected = sum(centre.status == status for centre in centres)
        assert f"{status.label} {expected}" in statuses


def test_the_summary_totals_the_published_budget_by_source(client, demo_data):
    soup = page(client, "/en/progres/")
    table = soup.select_one(".summary table")
    assert text(table.caption) == "Budget by funding source"
    apbd = next(row for row in table.tbody("tr") if "APBD Kota" in text(row.th))
    lines = BudgetLine.objects.filter(source="apbd")
    total = sum(line.amount or 0 for line in lines)
    unpublished = sum(line.amount is None for line in lines)
    assert f"Rp{total:,}" in text(apbd)
    assert f"and {unpublished} lines not published yet" in text(apbd)
    everything = sum(line.amount or 0 for line in BudgetLine.objects.all())
    assert text(table.tfoot) == f"Total published Rp{everything:,}"


def test_the_latest_updates_come_newest_first_with_their_sources(client, demo_data):
    soup = page(client, "/en/progres/")
    items = soup.select("ol.recent li")
    assert len(items) == 5
    dates = [item.time["datetime"] for item in items]
    assert dates == sorted(dates, reverse=True)
    assert all("Source:" in text(item) for item in items)


def test_a_district_status_and_flag_narrow_the_table(client, demo_data):
    soup = page(client, "/en/progres/", kecamatan="balikpapan-tengah", status="building")
    assert listed(soup) == ["Sentra Contoh Karang Rejo"]
    soup = page(client, "/en/progres/", jadwal="no_plan")
    names = listed(soup)
    assert "Sentra UMKM Balikpapan Barat" in names
    assert "Sentra Contoh Manggar" not in names
    assert (
        text(soup.select_one("#centres-count"))
        == f"{len(names)} of {Sentra.objects.count()} centres"
    )


def test_sorting_by_schedule_puts_the_most_worrying_first(client, demo_data):
    names = listed(page(client, "/en/progres/", urut="jadwal"))
    assert names[:2] == ["Sentra Contoh Manggar", "Sentra Contoh Karang Rejo"]
    assert names.index("Sentra Contoh Gunung Bahagia") < names.index("Pujasera Contoh Klandasan")


def test_sorting_by_progress_and_by_last_update(client, demo_data):
    by_progress = listed(page(client, "/en/progres/", urut="-progres"))
    progress = dict(Sentra.objects.values_list("name", "progress"))
    assert [progress[name] for name in by_progress] == sorted(progress.values(), reverse=True)
    oldest_first = listed(page(client, "/en/progres/", urut="pembaruan"))
    assert oldest_first[0] == "Pujasera Contoh Klandasan"  # last figure in April 2024
    never = set(Sentra.objects.filter(progress_recorded_on=None).values_list("name", flat=True))
    assert set(oldest_first[-len(never) :]) == never  # centres without a figure come last


@pytest.mark.parametrize(
    "params",
    [
        {"kecamatan": "atlantis"},
        {"status": "demolished"},
        {"jadwal": "\u00fcber-late"},
        {"urut": "-harga"},
        {"kecamatan": "x" * 5000, "jadwal": "behind"},
    ],
)
def test_a_bad_value_is_reported_and_left_out_never_a_500(client, demo_data, params):
    soup = page(client, "/en/progres/", **params)
    assert "could not be used and were left out" in text(soup.select_one(".notice--warning"))
    if params.get("jadwal") == "behind":
        assert listed(soup) == ["Sentra Contoh Karang Rejo"]  # the good filter still applies
    else:
        assert len(listed(soup)) == Sentra.objects.count()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_dashboard_answers_in_both_languages_with_a_plain_get_form(client, demo_data, prefix):
    soup = page(client, f"{prefix}/progres/", jadwal="behind")
    assert soup.html["lang"] == ("en" if prefix else "id")
    form = soup.select_one("form.progress-filters")
    assert form["method"] == "get"
    assert {field["name"] for field in form.select("select")} == {
        "kecamatan",
        "status",
        "jadwal",
        "urut",
    }
    assert form.select_one('select[name="jadwal"] option[selected]')["value"] == "behind"
    assert soup.select("svg.scurve--small")


def test_filters_and_sorting_cost_no_query_of_their_own(client, demo_data):
    def queries(**params):
        with CaptureQueriesContext(connection) as captured:
            client.get("/progres/", params)
        return len(captured)

    assert queries() == queries(kecamatan="balikpapan-kota", jadwal="done", urut="jadwal")
    assert queries() == queries(kecamatan="atlantis", urut="-pembaruan")
