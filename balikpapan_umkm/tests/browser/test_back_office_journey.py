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
    expect(newest.locator("img")).to_have_count(1)
