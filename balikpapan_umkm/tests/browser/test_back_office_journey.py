"""A council staff member records progress from a phone; the public sees it at once."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from sentra.models import Sentra

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_photo(tmp_path):
    path = tmp_path / "atap-terpasang.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), "#8a5a00").save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_staff_records_progress_with_a_photo_and_the_centre_page_shows_it(
    new_page, live_server, demo_data, staf_dprd, site_photo
):
    from .conftest import MOBILE

    page = new_page(viewport=MOBILE)
    barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")

    page.goto("/admin/login/")
    page.fill("#id_username", "staf")
    page.fill("#id_password", "kata-sandi-uji-123")
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")

    page.goto("/admin/sentra/sentra/")
    page.click(f"a[href$='progressupdate/add/?sentra={barat.pk}']")
    page.fill("#id_physical_percent", "55")
    page.get_by_label("Dokumen").check()  # the staff see Indonesian
    page.fill("#id_source_publisher", "Konsultan pengawas")
    page.fill("#id_source_title", "Laporan konsultan pengawas, Juni 2025")
    page.fill("#id_source_date", page.input_value("#id_recorded_on"))  # dated today too
    page.fill("#id_note", "Atap terpasang seluruhnya.")
    page.set_input_files("#id_photo", str(site_photo))
    page.click("input[name=_save]")
    expect(page).to_have_url(f"{live_server.url}/admin/sentra/sentra/")
    expect(page.locator(".messagelist")).to_contain_text("55%")

    page.goto(barat.get_absolute_url())
    expect(page.locator("main progress").first).to_have_attribute("value", "55")
    newest = page.locator(".timeline__item").first
    expect(newest).to_contain_text("55%")
    expect(newest).to_contain_text("Atap terpasang seluruhnya.")
    expect(newest).to_contain_text("Laporan konsultan pengawas, Juni 2025")
    expect(newest).to_contain_text("Staf Komisi II DPRD")
    expect(newest.locator("img")).to_have_count(1)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_record_progress_is_the_first_thing_staff_see_for_each_centre(
    new_page, demo_data, staf_dprd, sign_in, viewport
):
    from .conftest import DESKTOP, MOBILE

    size = MOBILE if viewport == "phone" else DESKTOP
    page = new_page(viewport=size)
    sign_in(page, "staf")
    barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    barat.progress_updates.filter(recorded_on=barat.progress_recorded_on).update(
        source_kind="document",
        source_publisher="Konsultan pengawas",
        source_title="Laporan konsultan pengawas, Januari 2025",
    )

    def on_first_screen(locator):
        box = locator.bounding_box()
        assert box is not None
        assert box["x"] >= 0, box
        assert box["x"] + box["width"] <= size["width"], box
        assert box["y"] + box["height"] <= size["height"], box

    # The centre list: the button is each row's first cell.
    page.goto("/admin/sentra/sentra/")
    first_cells = page.locator(
        "#result_list tbody tr td:first-child, #result_list tbody tr th:first-child"
    )
    expect(first_cells.first.get_by_role("link", name="Catat progres")).to_be_visible()
    rows = page.locator("#result_list tbody tr")
    for index in range(rows.count()):
        expect(rows.nth(index).locator("> *").first.locator("a.record-progress")).to_have_count(1)
    on_first_screen(page.locator("a.record-progress").first)

    # The centre's own page: a button at the top.
    page.goto(f"/admin/sentra/sentra/{barat.pk}/change/")
    button = page.locator(".object-tools a.record-progress")
    expect(button).to_be_visible()
    on_first_screen(button)

    # The form shows the figure it adds to, with its date and source, and asks for a source.
    button.click()
    current = page.locator(".current-progress")
    expect(current).to_contain_text("40%")
    expect(current).to_contain_text("31 Januari 2025")
    expect(current).to_contain_text("Laporan konsultan pengawas, Januari 2025")
    expect(page.locator("#id_source_kind_0")).to_have_attribute("required", "")
