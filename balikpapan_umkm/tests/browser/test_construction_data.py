"""Construction data in a real browser, on a phone and a laptop: /progres/, a centre's S-curve,
and staff entering a plan, a milestone and a problem in the centre form (whose layout,
every inline open, test_centre_form.py checks).

No sideways scroll anywhere; the dashboard's filters work as a plain form, without JavaScript.
"""

import re

import pytest
from playwright.sync_api import expect

from sentra.models import Sentra

from .conftest import DESKTOP, MOBILE, assert_no_sideways_scroll, serious_accessibility_problems

VIEWPORTS = {"phone": MOBILE, "laptop": DESKTOP}
BEHIND = "sentra-contoh-karang-rejo"  # behind its (fictional) plan in the demo


def within_the_screen(locator, viewport):
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"], box


@pytest.mark.parametrize("device", VIEWPORTS)
def test_the_dashboard_opens_with_a_summary_and_its_table_filters_without_javascript(
    reading_page, device
):
    viewport = VIEWPORTS[device]
    page = reading_page(viewport=viewport, java_script_enabled=False)
    page.goto("/en/progres/")

    flags = page.locator(".figures--flags a")
    expect(flags).to_have_count(5)
    for index in range(5):
        within_the_screen(flags.nth(index), viewport)
    expect(page.locator(".summary table caption")).to_have_text("Budget by funding source")
    expect(page.locator("ol.recent li").first).to_be_visible()
    rows = page.locator(".centres-table tbody tr")
    expect(rows).to_have_count(Sentra.objects.count())
    for index in range(rows.count()):
        within_the_screen(rows.nth(index).locator("th a"), viewport)
    assert_no_sideways_scroll(page)

    page.get_by_label("Schedule").select_option("behind")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/en/progres/\?.*jadwal=behind"))
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th a")).to_have_text("Sentra Contoh Karang Rejo")
    expect(rows.first.locator(".flag")).to_have_text("Behind schedule")
    expect(rows.first.locator("svg.scurve--small")).to_be_visible()
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_centres_s_curve_and_its_table_are_visible_without_sideways_scroll(reading_page, device):
    viewport = VIEWPORTS[device]
    page = reading_page(viewport=viewport)
    page.goto(f"/en/sentra/{BEHIND}/")
    expect(page.locator(".schedule-flag .flag").first).to_have_text("Behind schedule")

    chart = page.locator(".plan svg.scurve")
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_visible()
    within_the_screen(chart, viewport)
    assert chart.bounding_box()["height"] > 100  # drawn, not collapsed
    expect(page.locator(".scurve-legend")).to_contain_text("Planned")

    table = page.locator(".plan__table table")
    expect(table.locator("caption")).to_have_text("Planned and recorded progress")
    within_the_screen(table, viewport)
    expect(table.locator("tbody tr").first).to_be_visible()
    for box in (".signboard", "table.budget", "table.milestones", ".problems"):
        within_the_screen(page.locator(box), viewport)
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("path", [f"/en/sentra/{BEHIND}/", "/progres/?urut=jadwal"])
def test_axe_finds_nothing_serious_on_the_construction_pages(reading_page, path):
    """On a laptop, then narrowed to a phone (the S-curve and the tables change layout)."""
    page = reading_page(viewport=DESKTOP)
    page.goto(path)
    for device in ("laptop", "phone"):
        page.set_viewport_size(VIEWPORTS[device])
        assert serious_accessibility_problems(page) == "", f"{path} on a {device}"


@pytest.mark.django_db(transaction=True)
def test_council_staff_enter_a_plan_a_milestone_and_a_problem_and_the_public_sees_them(
    new_page, demo_data, staf_dprd, sign_in
):
    """From the centre's form, as a clerk types them: Indonesian dates, nothing hidden."""
    centre = Sentra.objects.get(slug="sentra-umkm-balikpapan-kota")  # planned, no plan yet
    page = new_page(viewport=DESKTOP)
    sign_in(page, "staf")
    page.goto(f"/admin/sentra/sentra/{centre.pk}/change/")
    add_row = page.locator("#planned_progress-group .add-row a")
    add_row.click()
    add_row.click()
    page.fill("#id_planned_progress-0-planned_on", "01/01/2026")
    page.fill("#id_planned_progress-0-planned_percent", "0")
    page.fill("#id_planned_progress-1-planned_on", "01/01/2027")
    page.fill("#id_planned_progress-1-planned_percent", "100")
    page.locator("#milestones-group .add-row a").click()
    page.select_option("#id_milestones-0-kind", label="Tender")
    page.fill("#id_milestones-0-planned_on", "01/03/2026")
    page.locator("#problems-group .add-row a").click()
    page.fill("#id_problems-0-reported_on", "10/11/2026")
    page.fill("#id_problems-0-description", "Lahan belum dibebaskan.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist li:not(.error)").first).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)

    assert list(centre.planned_progress.values_list("planned_percent", flat=True)) == [0, 100]
    assert centre.milestones.get().kind == "tender"
    assert centre.problems.get().description == "Lahan belum dibebaskan."
    page.goto(f"/en{centre.get_absolute_url()}")
    expect(page.locator(".flag").first).not_to_have_text("No plan published")
    expect(page.get_by_text("Lahan belum dibebaskan.")).to_be_visible()
