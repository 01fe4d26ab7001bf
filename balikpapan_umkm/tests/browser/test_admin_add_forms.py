"""Every add form that staff use saves in a real browser, from the blank form to the database.

Each test fills in only what a person would, clicks Save, and then finds the
row in the database; the page must show the success message and no list of
errors (.errornote). The back office speaks Indonesian, so the tests look at
the database and the page's structure rather than at English text.
"""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image
from playwright.sync_api import expect

from produk.models import Category, Permit, Product, Report, Tenant
from sentra.models import BudgetLine, ProgressUpdate, Sentra

from .conftest import MOBILE

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "kata-sandi-uji-123"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.com", password=PASSWORD
    )


@pytest.fixture
def product_photo(tmp_path):
    path = tmp_path / "kepiting-lada-hitam.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "#b0401a").save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def add_inline_row(page, prefix):
    """Click the inline's "add another" link; the new row is `<prefix>-0`."""
    page.locator(f"#{prefix}-group .add-row a").click()
    expect(page.locator(f"#id_{prefix}-0-id")).to_be_attached()


def choose_in_autocomplete(page, field_id, typed, option):
    """Open a select2 autocomplete, type part of a name, and pick the matching result."""
    page.click(f"#{field_id} + .select2")
    page.fill(".select2-search__field", typed)
    page.locator(".select2-results__option", has_text=option).click()
    expect(page.locator(f"#{field_id} + .select2 .select2-selection__rendered")).to_contain_text(
        option
    )


def type_into(page, selector, text):
    """Type key by key, as a person does: the admin fills the slug from the keystrokes."""
    page.locator(selector).press_sequentially(text)


def save_and_expect_success(page):
    """Save; the admin confirms (a success or, for progress, an info message) with no errors."""
    page.click("input[name=_save]")
    expect(page.locator(".messagelist li:not(.error)").first).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)


def test_a_centre_manager_on_a_phone_adds_a_tenant_with_its_nib(
    new_page, manager_of_pujasera, sign_in
):
    page = new_page(viewport=MOBILE)
    sign_in(page, "pengelola")

    page.goto("/admin/produk/tenant/add/")
    type_into(page, "#id_name", "Pisang Gapit Pantai")
    expect(page.locator("#id_slug")).to_have_value("pisang-gapit-pantai")
    page.select_option("#id_sentra", label="Pujasera Contoh Klandasan")
    page.fill("#id_stall_number", "K-07")
    page.select_option("#id_category", "culinary")
    page.fill("#id_owner_name", "Bu Sari")
    page.fill("#id_whatsapp", "0812-3456-7890")
    add_inline_row(page, "permits")
    page.select_option("#id_permits-0-kind", "nib")
    page.fill("#id_permits-0-number", "1234567890123")
    for field in ("kind", "number", "valid_until"):  # every permit field in reach on the phone
        box = page.locator(f"#id_permits-0-{field}").bounding_box()
        assert box["x"] >= 0, field
        assert box["x"] + box["width"] <= MOBILE["width"], field
    save_and_expect_success(page)

    tenant = Tenant.objects.get(slug="pisang-gapit-pantai")
    assert tenant.sentra.slug == "pujasera-contoh-klandasan"
    assert tenant.whatsapp == "+6281234567890"
    assert list(tenant.permits.values_list("kind", "number")) == [
        (Permit.Kind.NIB, "1234567890123")
    ]


def test_a_centre_manager_adds_a_product_with_a_photo_choosing_the_tenant_by_typing(
    new_page,
    manager_of_pujasera,
    product_photo,
    sign_in,
):
    page = new_page()
    sign_in(page, "pengelola")

    page.goto("/admin/produk/product/add/")
    type_into(page, "#id_name", "Kepiting Lada Hitam")
    choose_in_autocomplete(page, "id_tenant", "kepiting", "Kepiting Saus Klandasan")
    page.select_option("#id_category", label="Makanan")
    page.fill("#id_price", "85000")
    page.fill("#id_unit", "per porsi")
    page.set_input_files("#id_photo", str(product_photo))
    save_and_expect_success(page)

    product = Product.objects.get(name="Kepiting Lada Hitam")
    assert product.tenant.slug == "kepiting-saus-klandasan"
    assert product.price == 85000
    assert product.photo.name.startswith("produk/")
    assert default_storage.exists(product.photo.name)


def test_an_administrator_adds_a_centre_with_its_opening_hours(
    new_page, wilayah, superuser, sign_in
):
    page = new_page()
    sign_in(page, "admin")

    page.goto("/admin/sentra/sentra/add/")
    type_into(page, "#id_name", "Sentra Kuliner Manggar")
    expect(page.locator("#id_slug")).to_have_value("sentra-kuliner-manggar")
    page.select_option("#id_kind", "market")
    page.select_option("#id_kecamatan", label="Balikpapan Timur")
    page.fill("#id_address", "Jl. Mulawarman, dekat Pantai Manggar")
    page.fill("#id_stall_count", "30")
    add_inline_row(page, "opening_hours")
    page.select_option("#id_opening_hours-0-weekday", "5")
    page.fill("#id_opening_hours-0-opens", "16:00")
    page.fill("#id_opening_hours-0-closes", "23:00")
    save_and_expect_success(page)

    sentra = Sentra.objects.get(slug="sentra-kuliner-manggar")
    assert sentra.kecamatan.name == "Balikpapan Timur"
    saturday = sentra.opening_hours.get()
    assert (saturday.weekday, f"{saturday.opens:%H:%M}", f"{saturday.closes:%H:%M}") == (
        5,
        "16:00",
        "23:00",
    )


def test_council_staff_record_progress_from_the_blank_form(new_page, demo_data, staf_dprd, sign_in):
    page = new_page()
    sign_in(page, "staf")

    page.goto("/admin/sentra/progressupdate/add/")
    page.select_option("#id_sentra", label="Sentra UMKM Wonorejo")
    page.fill("#id_physical_percent", "5")
    page.get_by_label("Kunjungan lapangan").check()  # the staff see Indonesian
    page.fill("#id_source_visitor", "Staf Komisi II DPRD")
    page.fill("#id_source_date", page.input_value("#id_recorded_on"))  # visited today
    page.fill("#id_note", "Pembersihan lahan dimulai.")
    save_and_expect_success(page)

    update = ProgressUpdate.objects.get(
        sentra__slug="sentra-umkm-wonorejo", note="Pembersihan lahan dimulai."
    )
    assert update.physical_percent == 5
    assert update.recorded_by == staf_dprd
    assert (update.source_kind, update.source_visitor) == ("site_visit", "Staf Komisi II DPRD")
    assert Sentra.objects.get(slug="sentra-umkm-wonorejo").progress == 5


def test_council_staff_add_a_budget_line(new_page, demo_data, staf_dprd, sign_in):
    page = new_page()
    sign_in(page, "staf")

    page.goto("/admin/sentra/budgetline/add/")
    page.select_option("#id_sentra", label="Sentra UMKM Wonorejo")
    page.select_option("#id_source", "apbd")
    page.fill("#id_fiscal_year", "2026")
    page.fill("#id_amount", "1500000000")
    page.fill("#id_note", "Pagu awal pembangunan")
    save_and_expect_success(page)

    line = BudgetLine.objects.get(sentra__slug="sentra-umkm-wonorejo")
    assert (line.source, line.fiscal_year, line.amount) == ("apbd", 2026, 1_500_000_000)


def test_an_administrator_adds_a_product_category(new_page, superuser, sign_in):
    page = new_page()
    sign_in(page, "admin")

    page.goto("/admin/produk/category/add/")
    type_into(page, "#id_name", "Olahan laut")
    expect(page.locator("#id_slug")).to_have_value("olahan-laut")
    page.fill("#id_name_en", "Seafood products")
    page.fill("#id_position", "7")
    save_and_expect_success(page)

    category = Category.objects.get(slug="olahan-laut")
    assert (category.name, category.name_en, category.position) == (
        "Olahan laut",
        "Seafood products",
        7,
    )


def test_a_curator_resolves_a_visitors_report_with_a_note(new_page, demo_data, kurator, sign_in):
    report = Report.objects.create(
        tenant=Tenant.objects.get(slug="es-kelapa-pantai"),
        kind=Report.Kind.WRONG_PRICE,
        message="Harga es kelapa sekarang Rp 12.000.",
    )
    page = new_page()
    sign_in(page, "kurator")

    page.goto(f"/admin/produk/report/{report.pk}/change/")
    page.select_option("#id_status", Report.Status.RESOLVED)
    page.fill("#id_staff_note", "Harga diperbarui bersama pengelola.")
    save_and_expect_success(page)

    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED
    assert report.staff_note == "Harga diperbarui bersama pengelola."
    assert report.handled_by == kurator
    assert report.handled_at is not None
