"""The back office refuses what would lose or corrupt work: stale saves, bad files, bad values."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from balikpapan_umkm.locking import StaleObjectError
from produk.curation import Curation
from produk.models import Permit, Product, Tenant
from sentra.models import Sentra

pytestmark = pytest.mark.django_db


# --- No lost update ----------------------------------------------------------


def test_a_save_from_an_outdated_copy_is_refused(demo_data):
    first = Tenant.objects.get(slug="bingka-mama-ilir")
    second = Tenant.objects.get(slug="bingka-mama-ilir")
    first.description = "Bingka kentang khas Banjar, dipanggang tiap sore."
    first.save()
    second.description = "Menimpa tanpa tahu."
    with pytest.raises(StaleObjectError):
        second.save()
    assert Tenant.objects.get(pk=first.pk).description.startswith("Bingka kentang khas Banjar")


def test_two_people_editing_one_tenant_in_the_admin_the_later_is_refused(
    client,
    kurator,
    manager_of_pujasera,
    admin_url,
    tenant_form_data,
):
    tenant = Tenant.objects.get(slug="bingka-mama-ilir")
    url = admin_url(Tenant, "change", tenant.pk)
    opened_by_both = tenant_form_data(tenant)  # both opened the form at the same version

    client.force_login(manager_of_pujasera)
    first = client.post(url, {**opened_by_both, "owner_name": "Versi pengelola"})
    assert first.status_code == 302

    client.force_login(kurator)
    second = client.post(url, {**opened_by_both, "stall_number": "K-99"})
    assert second.status_code == 200
    page = second.content.decode()
    errors = second.context["adminform"].form.non_field_errors().as_data()
    assert [error.code for error in errors] == ["conflict"]
    assert "Orang lain telah menyimpan" in page  # said in the back office's language
    assert 'value="K-99"' in page  # what they typed is still in the form
    tenant.refresh_from_db()
    assert tenant.owner_name == "Versi pengelola"
    assert tenant.stall_number != "K-99"


def test_two_people_editing_one_product_the_later_is_refused(
    client, kurator, manager_of_pujasera, admin_url
):
    product = Product.objects.get(slug="mantau-bingka-mama-ilir")
    url = admin_url(Product, "change", product.pk)
    opened = {
        "name": product.name,
        "slug": product.slug,
        "tenant": product.tenant_id,
        "category": product.category_id,
        "price": product.price,
        "is_available": "on",
        "is_halal": "on",
        "curation_status": product.curation_status,
        "version": product.version,
    }
    sold_out = {name: value for name, value in opened.items() if name != "is_available"}
    client.force_login(manager_of_pujasera)
    assert client.post(url, sold_out).status_code == 302
    client.force_login(kurator)
    assert client.post(url, {**opened, "price": 99000}).status_code == 200
    product.refresh_from_db()
    assert product.is_available is False
    assert product.price == 15000


def test_curating_does_not_conflict_with_a_managers_open_form(
    client, kurator, manager_of_pujasera, admin_url, tenant_form_data
):
    tenant = Tenant.objects.get(slug="bingka-mama-ilir")
    opened = tenant_form_data(tenant)
    tenant.unpublish(by=kurator, note="Periksa ulang")
    client.force_login(manager_of_pujasera)
    response = client.post(
        admin_url(Tenant, "change", tenant.pk), {**opened, "owner_name": "Ibu Ilir"}
    )
    assert response.status_code == 302
    tenant.refresh_from_db()
    assert (tenant.owner_name, tenant.curation_status) == ("Ibu Ilir", Curation.UNPUBLISHED)


# --- Bad input in forms: a clear message, nothing saved, the rest kept ----------


def progress_post(client, sentra, **fields):
    data = {
        "sentra": sentra.pk,
        "physical_percent": 50,
        "recorded_on": "2025-06-30",
        "source_kind": "site_visit",
        "source_visitor": "Staf Komisi II DPRD",
        "source_date": "2025-06-30",
        "note": "",
    }
    data.update(fields)
    return client.post(reverse("admin:sentra_progressupdate_add"), data)


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"physical_percent": 150}, "physical_percent"),
        ({"physical_percent": -3}, "physical_percent"),
        ({"physical_percent": "empat puluh"}, "physical_percent"),
        ({"financial_percent": 101}, "financial_percent"),
        ({"recorded_on": "2999-01-01"}, "recorded_on"),
        ({"recorded_on": "31/31/2025"}, "recorded_on"),
        ({"physical_percent": 20}, "note"),  # lower than 40 % without a reason
        ({"source_kind": ""}, "source_kind"),  # a new figure says where it comes from
        ({"source_visitor": ""}, "source_visitor"),  # a site visit says who went
        ({"source_date": "2025-06-01"}, "source_date"),  # not before the day observed
    ],
)
def test_a_bad_progress_update_is_refused_with_a_message(
    client, staf_dprd, demo_data, fields, error_field
):
    barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    client.force_login(staf_dprd)
    response = progress_post(client, barat, note=fields.pop("note", ""), **fields)
    assert response.status_code == 200
    assert error_field in response.context["adminform"].form.errors
    assert barat.progress_updates.count() == 1


def test_a_lower_progress_with_a_reason_is_recorded(client, staf_dprd, demo_data):
    barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    client.force_login(staf_dprd)
    response = progress_post(
        client, barat, physical_percent=35, note="Koreksi: dinding timur dibongkar ulang."
    )
    assert response.status_code == 302
    barat.refresh_from_db()
    assert barat.progress == 35


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"whatsapp": "0812"}, "whatsapp"),
        ({"whatsapp": "+1 202 555 0100"}, "whatsapp"),
        ({"stall_number": "K-02"}, "__all__"),  # Bingka Mama Ilir's stall
    ],
)
def test_bad_tenant_values_are_refused_and_the_form_keeps_the_rest(
    client,
    manager_of_pujasera,
    changes,
    field,
    admin_url,
    tenant_form_data,
):
    tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
    client.force_login(manager_of_pujasera)
    data = tenant_form_data(tenant, owner_name="Pak Udin", **changes)
    response = client.post(admin_url(Tenant, "change", tenant.pk), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert 'value="Pak Udin"' in response.content.decode()
    tenant.refresh_from_db()
    assert tenant.owner_name != "Pak Udin"


@pytest.mark.parametrize(
    ("kind", "number", "valid_until", "field"),
    [
        ("nib", "12345", "", "number"),
        ("bpom", "XY 123", "", "number"),
        ("halal", "ID35110000123450824", "2020-01-01", "valid_until"),
    ],
)
def test_malformed_or_expired_permits_are_refused(
    client,
    manager_of_pujasera,
    kind,
    number,
    valid_until,
    field,
    admin_url,
    tenant_form_data,
):
    tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
    client.force_login(manager_of_pujasera)
    data = tenant_form_data(
        tenant,
        **{
            "permits-TOTAL_FORMS": 1,
            "permits-0-kind": kind,
            "permits-0-number": number,
            "permits-0-valid_until": valid_until,
        },
    )
    response = client.post(admin_url(Tenant, "change", tenant.pk), data)
    assert response.status_code == 200
    permit_forms = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.model is Permit
    ).formset
    assert field in permit_forms.errors[0]
    assert (
        not tenant.permits.filter(number__contains=number.replace(" ", "")[:5], kind=kind)
        .exclude(number__startswith="9999")
        .exclude(number__startswith="ID9999")
        .exists()
    )


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("nib", " 1234567890123 ", "1234567890123"),
        ("pirt", "2056471010123-29", "2056471010123-29"),
        ("bpom", "BPOM RI MD 224131001234", "MD224131001234"),
        ("hki", "idm000123456", "IDM000123456"),
    ],
)
def test_permit_numbers_are_stored_in_one_form(demo_data, kind, typed, stored):
    permit = Permit(tenant=Tenant.objects.first(), kind=kind, number=typed)
    permit.full_clean()
    permit.save()
    assert permit.number == stored


# --- Imports -------------------------------------------------------------------


def import_csv(client, url, content):
    upload = SimpleUploadedFile("data.csv", content.encode(), "text/csv")
    response = client.post(url, {"import_file": upload, "format": "0", "resource": "0"})
    return response


def test_importing_tenants_previews_then_saves_every_row_as_a_draft(client, kurator, demo_data):
    client.force_login(kurator)
    csv = (
        "name,sentra,stall_number,category,whatsapp,status\n"
        "Soto Banjar Bu Imah,pujasera-contoh-klandasan,K-20,culinary,0812 5400 0201,active\n"
        "Kue Cincin Pak Amat,pujasera-contoh-klandasan,K-21,culinary,0813-5400-0202,active\n"
    )
    preview = import_csv(client, "/admin/produk/tenant/import/", csv)
    assert preview.status_code == 200
    assert not Tenant.objects.filter(name="Soto Banjar Bu Imah").exists()  # a preview only
    confirm_form = preview.context["confirm_form"]
    confirmed = client.post(
        "/admin/produk/tenant/process_import/", {**confirm_form.initial, "confirm": "1"}
    )
    assert confirmed.status_code == 302
    soto = Tenant.objects.get(name="Soto Banjar Bu Imah")
    assert (soto.curation_status, soto.data_source, soto.whatsapp) == (
        Curation.DRAFT,
        "import",
        "+6281254000201",
    )
    assert Tenant.objects.filter(name="Kue Cincin Pak Amat").exists()


def test_an_import_with_one_bad_row_imports_nothing_and_names_the_row(client, kurator, demo_data):
    client.force_login(kurator)
    before = Tenant.objects.count()
    csv = (
        "name,sentra,stall_number,category,whatsapp,status\n"
        "Soto Banjar Bu Imah,pujasera-contoh-klandasan,K-20,culinary,0812 5400 0201,active\n"
        "Nomor Salah,pujasera-contoh-klandasan,K-22,culinary,12345,active\n"
        "Lapak Dobel,pujasera-contoh-klandasan,K-01,culinary,,active\n"
    )
    response = import_csv(client, "/admin/produk/tenant/import/", csv)
    assert response.status_code == 200
    page = response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert "12345" in page
    assert "Nomor Salah" in page
    assert Tenant.objects.count() == before


def test_a_centre_manager_cannot_import(client, manager_of_pujasera):
    client.force_login(manager_of_pujasera)
    assert client.get("/admin/produk/tenant/import/").status_code == 403


# --- Login protection ------------------------------------------------------------


def login(client, username, password, address):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_repeated_failures_lock_one_username_from_one_address(client, staf_dprd, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "staf", "salah", "10.0.0.7").status_code == 200
    assert login(client, "staf", "salah", "10.0.0.7").status_code == 429  # the last allowed failure
    locked = login(client, "staf", "kata-sandi-uji-123", "10.0.0.7")  # even the right password
    assert locked.status_code == 429
    assert "Terlalu banyak" in locked.content.decode()
    # The same person from another address, and another user from that address, still get in.
    assert login(client, "staf", "kata-sandi-uji-123", "10.0.0.8").status_code == 302
    client.logout()
    assert login(client, "kurator", "kata-sandi-uji-123", "10.0.0.7").status_code in (200, 302)


def test_a_lockout_can_be_lifted(client, staf_dprd, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "staf", "salah", "10.0.0.9")
    assert login(client, "staf", "kata-sandi-uji-123", "10.0.0.9").status_code == 429
    call_command("axes_reset_username", "staf", stdout=io.StringIO())
    assert login(client, "staf", "kata-sandi-uji-123", "10.0.0.9").status_code == 302
