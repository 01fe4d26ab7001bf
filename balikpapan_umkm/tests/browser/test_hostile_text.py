"""Markup and script typed into any field stay text on every page that shows them.

Every text field that reaches a public page or the admin gets a payload that would
run script if it were ever treated as HTML (in the page, in an attribute, in JSON or
in a Leaflet tooltip or popup). Each page is opened, its maps pointed at and clicked;
no dialog may open, no payload element may exist, and the text shows literally.
"""

import datetime

import pytest
from playwright.sync_api import expect

from produk.models import Category, Product, Report, Tenant
from sentra.models import BudgetLine, Kecamatan, ProgressUpdate, Sentra

from .conftest import record_console_errors

pytestmark = pytest.mark.django_db(transaction=True)


def payload(tag):
    """Text that breaks out of HTML, attributes and script blocks if not escaped."""
    return (
        f"{tag} \"'><img src=x id=xss-img-{tag} onerror=alert(1)>"
        f"</script><script id=xss-script-{tag}>window.__xss='{tag}';alert(1)</script>"
        f"<svg id=xss-svg-{tag} onload=alert(1)></svg>"
    )


def short_payload(tag):
    """The same attack, short enough for a code, a unit or a handle."""
    return f"\"'><svg id=xss-{tag} onload=alert(1)>"


def hostile(model, **tags):
    """Field values for `model`: the full payload where it fits the column, else the short one.

    PostgreSQL refuses text longer than a column, so each field gets what it can hold.
    """
    values = {}
    for field, tag in tags.items():
        limit = model._meta.get_field(field).max_length
        text = payload(tag)
        if limit and len(text) > limit:
            text = short_payload(tag)
        assert not limit or len(text) <= limit, (field, limit)
        values[field] = text
    return values


NAME = payload("centre")
assert len(NAME) <= Sentra._meta.get_field("name").max_length
TENANT = payload("tenant")
PRODUCT = payload("product")

PUBLIC_PAGES = [
    "/",
    "/kecamatan/",
    "/kecamatan/balikpapan-kota/",
    "/sentra/pujasera-contoh-klandasan/",
    "/kuliner/",
    "/en/kuliner/",
    "/progres/",
    "/produk/",
    "/produk/?q=script&kecamatan=balikpapan-kota",
    "/cari/?q=tenant",
    "/produk/kepiting-saus-padang-kepiting-saus-klandasan/",
    "/tenan/kepiting-saus-klandasan/",
    "/tenan/kepiting-saus-klandasan/laporkan/",
    "/en/produk/kepiting-saus-padang-kepiting-saus-klandasan/",
]


@pytest.fixture
def hostile_data(demo_data, kurator):
    sentra = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    Sentra.objects.filter(pk=sentra.pk).update(
        name=NAME,
        contact_phone="0542-000<b>",
        **hostile(
            Sentra,
            address="address",
            description="description",
            contact_name="contact",
            contractor="contractor",
            contract_number="contract",
        ),
    )
    Kecamatan.objects.filter(slug="balikpapan-kota").update(description=payload("district"))
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                sentra=sentra,
                recorded_on=datetime.date(2024, 5, 1),
                physical_percent=100,
                source_kind="report",
                source_date=datetime.date(2024, 5, 1),
                source_url="javascript:alert(1)",
                **hostile(
                    ProgressUpdate,
                    note="note",
                    source_publisher="publisher",
                    source_title="source",
                ),
            )
        ]
    )
    BudgetLine.objects.create(
        sentra=sentra, source="csr", **hostile(BudgetLine, partner="partner", note="budget")
    )
    tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
    Tenant.objects.filter(pk=tenant.pk).update(
        name=TENANT,
        **hostile(
            Tenant, description="tenant-description", owner_name="owner", curation_note="curation"
        ),
        instagram="x\"'><script>alert(1)</script>",
        tiktok="y\"'><img src=x onerror=alert(1)>",
        website="javascript:alert(1)",
        shopee_url="https://shopee.example/\"'><script>alert(1)</script>",
        tokopedia_url="javascript:alert(document.domain)",
        data_source="self",
        whatsapp="+6281254000107",
    )
    Product.objects.filter(slug="kepiting-saus-padang-kepiting-saus-klandasan").update(
        name=PRODUCT, **hostile(Product, description="product-description", unit="unit")
    )
    Category.objects.filter(slug="makanan").update(
        **hostile(Category, name="category", name_en="category-en")
    )
    Report.objects.create(
        tenant=tenant, kind="other", **hostile(Report, message="report", contact="reporter")
    )
    return sentra


def record_dialogs(page):
    """The messages of every dialog the page opens (each dismissed at once), with the
    page's script and console errors (a script error, or anything the
    Content-Security-Policy refused)."""
    found = record_console_errors(page)

    def dismiss(dialog):
        found.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return found


def assert_nothing_ran(page, dialogs):
    assert dialogs == [], dialogs
    assert page.evaluate("window.__xss === undefined"), page.evaluate("window.__xss")
    injected = page.locator("[id^=xss-]")
    expect(injected).to_have_count(0)
    assert page.locator("a[href^='javascript:' i]").count() == 0


def open_maps(page):
    """Point at and click every marker, so that tooltips and popups are built."""
    markers = page.locator(".leaflet-interactive")
    for index in range(markers.count()):
        marker = markers.nth(index)
        marker.hover(force=True)
        expect(page.locator(".leaflet-tooltip")).to_contain_text("centre \"'><img")
        marker.click(force=True)
        expect(page.locator(".leaflet-popup-content")).to_contain_text("address \"'>")
    return markers.count()


def test_hostile_text_stays_text_on_every_public_page_and_map(new_page, hostile_data):
    # One viewport: phones get the same markup and scripts, only laid out narrower.
    page = new_page()
    dialogs = record_dialogs(page)
    maps_seen = 0
    for url in PUBLIC_PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        if page.locator("[data-map]").count():
            expect(page.locator(".map--ready")).to_have_count(1)
            maps_seen += open_maps(page)
        assert_nothing_ran(page, dialogs)
    assert maps_seen >= 3  # the centre page and both culinary guides
    page.goto(hostile_data.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)


def test_hostile_text_stays_text_in_the_back_office(new_page, hostile_data, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.id", "sandi-uji-123")
    page = new_page()
    dialogs = record_dialogs(page)
    page.goto("/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "sandi-uji-123")
    page.click("input[type=submit]")
    tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
    product = Product.objects.get(slug="kepiting-saus-padang-kepiting-saus-klandasan")
    urls = [
        "/admin/sentra/sentra/",
        f"/admin/sentra/sentra/{hostile_data.pk}/change/",
        "/admin/produk/tenant/",
        f"/admin/produk/tenant/{tenant.pk}/change/",
        "/admin/produk/product/",
        f"/admin/produk/product/{product.pk}/change/",
        "/admin/produk/category/",
        "/admin/produk/report/",
        f"/admin/produk/report/{Report.objects.get().pk}/change/",
        "/admin/sentra/progressupdate/",
        "/admin/sentra/budgetline/",
        "/admin/sentra/kecamatan/",
    ]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        assert_nothing_ran(page, dialogs)
    # The tenant autocomplete lists names it fetched as JSON.
    page.goto(f"/admin/produk/product/{product.pk}/change/")
    page.locator("#id_tenant + .select2").click()
    page.locator(".select2-search__field").fill("tenant")
    expect(page.locator(".select2-results__option").first).to_contain_text("tenant \"'><img")
    assert_nothing_ran(page, dialogs)
