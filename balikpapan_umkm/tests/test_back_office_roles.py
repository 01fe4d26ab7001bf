"""Who may do what in the back office: Staf DPRD, Kurator, Pengelola Sentra, administrators."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.utils import timezone

from produk.curation import Curation
from produk.models import Product, Tenant
from produk.roles import ROLE_PERMISSIONS
from sentra.models import ProgressUpdate, Sentra
from sentra.offices import PUBLIC_TITLES

pytestmark = pytest.mark.django_db


def test_every_install_has_the_three_roles_with_their_permissions():
    for name, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(codes), name


def test_every_role_has_the_public_title_its_progress_figures_are_signed_with():
    assert set(PUBLIC_TITLES) == set(ROLE_PERMISSIONS)


class TestStafDPRD:
    def test_records_progress_with_the_short_form_from_the_centre_list(
        self,
        client,
        staf_dprd,
        demo_data,
        admin_url,
    ):
        client.force_login(staf_dprd)
        barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
        listing = client.get(admin_url(Sentra)).content.decode()
        assert f"/admin/sentra/progressupdate/add/?sentra={barat.pk}" in listing
        form = client.get(admin_url(ProgressUpdate, "add") + f"?sentra={barat.pk}")
        assert form.status_code == 200
        response = client.post(
            admin_url(ProgressUpdate, "add"),
            {
                "sentra": barat.pk,
                "physical_percent": 55,
                "note": "Atap terpasang",
                "source_kind": "document",
                "source_publisher": "Konsultan pengawas",
                "source_title": "Laporan konsultan pengawas, Juni 2025",
                "source_date": "2025-06-30",
                "recorded_on": "2025-06-30",
            },
        )
        assert response.status_code == 302
        barat.refresh_from_db()
        assert (barat.progress, barat.status) == (55, Sentra.Status.BUILDING)
        update = barat.progress_updates.latest_first().first()
        assert update.recorded_by == staf_dprd
        assert LogEntry.objects.filter(object_id=str(barat.pk), user=staf_dprd).exists()

    def test_edits_a_centres_facts_but_cannot_delete_it(
        self, client, staf_dprd, demo_data, admin_url
    ):
        client.force_login(staf_dprd)
        barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
        assert client.get(admin_url(Sentra, "change", barat.pk)).status_code == 200
        assert client.get(admin_url(Sentra, "delete", barat.pk)).status_code == 403

    def test_cannot_rewrite_or_delete_progress_history(
        self, client, staf_dprd, demo_data, admin_url
    ):
        client.force_login(staf_dprd)
        update = ProgressUpdate.objects.get(sentra__slug="sentra-umkm-balikpapan-barat")
        response = client.post(
            admin_url(ProgressUpdate, "change", update.pk),
            {"sentra": update.sentra_id, "physical_percent": 99, "recorded_on": "2025-01-31"},
        )
        assert response.status_code == 403
        assert client.get(admin_url(ProgressUpdate, "delete", update.pk)).status_code == 403
        update.refresh_from_db()
        assert update.physical_percent == 40

    def test_cannot_change_tenants(self, client, staf_dprd, demo_data, admin_url, tenant_form_data):
        client.force_login(staf_dprd)
        tenant = Tenant.objects.first()
        response = client.post(
            admin_url(Tenant, "change", tenant.pk), tenant_form_data(tenant, name="X")
        )
        assert response.status_code == 403


class TestKurator:
    def test_approves_a_draft_which_then_goes_public(self, client, kurator, demo_data, admin_url):
        tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
        Tenant.objects.filter(pk=tenant.pk).update(curation_status=Curation.DRAFT)
        assert client.get(tenant.get_absolute_url()).status_code == 404
        client.force_login(kurator)
        response = client.post(
            admin_url(Tenant),
            {"action": "approve_selected", "_selected_action": [tenant.pk]},
        )
        assert response.status_code == 302
        client.logout()
        assert client.get(tenant.get_absolute_url()).status_code == 200

    def test_a_rejection_needs_a_note_which_the_manager_then_reads(
        self,
        client,
        kurator,
        manager_of_pujasera,
        admin_url,
        tenant_form_data,
    ):
        tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
        client.force_login(kurator)
        url = admin_url(Tenant, "change", tenant.pk)
        response = client.post(url, tenant_form_data(tenant, curation_status="rejected"))
        assert response.status_code == 200
        assert "curation_note" in response.context["adminform"].form.errors
        note = "Foto produk buram; unggah foto yang lebih jelas."
        response = client.post(
            url, tenant_form_data(tenant, curation_status="rejected", curation_note=note)
        )
        assert response.status_code == 302
        tenant.refresh_from_db()
        assert (tenant.curation_status, tenant.curated_by) == (Curation.REJECTED, kurator)
        client.force_login(manager_of_pujasera)
        assert note in client.get(url).content.decode()

    def test_unpublishing_hides_a_product_from_the_catalogue(
        self, client, kurator, demo_data, admin_url
    ):
        product = Product.objects.get(slug="kepiting-saus-padang-kepiting-saus-klandasan")
        client.force_login(kurator)
        client.post(
            admin_url(Product), {"action": "unpublish_selected", "_selected_action": [product.pk]}
        )
        client.logout()
        assert client.get(product.get_absolute_url()).status_code == 404
        assert product.name not in client.get("/produk/?q=kepiting").content.decode()

    def test_cannot_add_tenants_or_touch_centres(self, client, kurator, demo_data, admin_url):
        client.force_login(kurator)
        assert client.get(admin_url(Tenant, "add")).status_code == 403
        barat = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
        assert client.post(admin_url(Sentra, "change", barat.pk), {}).status_code == 403

    def test_may_import_and_export_spreadsheets(self, client, kurator, demo_data):
        client.force_login(kurator)
        assert client.get("/admin/produk/tenant/import/").status_code == 200
        assert client.get("/admin/produk/product/export/").status_code == 200


class TestCentreManager:
    def test_lists_only_the_tenants_and_products_of_their_own_centre(
        self,
        client,
        manager_of_pujasera,
        admin_url,
    ):
        client.force_login(manager_of_pujasera)
        tenants = client.get(admin_url(Tenant)).context["cl"].result_list
        assert {t.sentra.slug for t in tenants} == {"pujasera-contoh-klandasan"}
        products = client.get(admin_url(Product)).context["cl"].result_list
        assert {p.tenant.sentra.slug for p in products} == {"pujasera-contoh-klandasan"}

    def test_cannot_reach_another_centres_tenant_by_url(
        self, client, manager_of_pujasera, admin_url, tenant_form_data
    ):
        other = Tenant.objects.get(slug="amplang-teritip-bahari")
        client.force_login(manager_of_pujasera)
        response = client.get(admin_url(Tenant, "change", other.pk))
        assert response.status_code == 302  # the admin's "does not exist" redirect
        response = client.post(
            admin_url(Tenant, "change", other.pk), tenant_form_data(other, name="Diambil alih")
        )
        other.refresh_from_db()
        assert other.name == "Amplang Teritip Bahari"

    def test_cannot_choose_another_centre_in_a_form(
        self, client, manager_of_pujasera, admin_url, tenant_form_data
    ):
        teritip = Sentra.objects.get(slug="sentra-ikm-teritip")
        client.force_login(manager_of_pujasera)
        form = client.get(admin_url(Tenant, "add")).content.decode()
        assert f'<option value="{teritip.pk}"' not in form
        data = tenant_form_data(
            Tenant(
                name="Lapak Baru",
                slug="lapak-baru",
                sentra=teritip,
                stall_number="Z-1",
                category="culinary",
            ),
        )
        response = client.post(admin_url(Tenant, "add"), data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["sentra"]
        assert not Tenant.objects.filter(slug="lapak-baru").exists()

    def test_cannot_move_a_product_to_another_centres_tenant(
        self, client, manager_of_pujasera, admin_url
    ):
        product = Product.objects.get(slug="nasi-putih-kepiting-saus-klandasan")
        other_tenant = Tenant.objects.get(slug="amplang-teritip-bahari")
        client.force_login(manager_of_pujasera)
        response = client.post(
            admin_url(Product, "change", product.pk),
            {
                "name": product.name,
                "slug": product.slug,
                "tenant": other_tenant.pk,
                "category": product.category_id,
                "price": product.price,
                "is_available": "on",
                "version": product.version,
            },
        )
        assert response.status_code == 200
        assert "tenant" in response.context["adminform"].form.errors
        product.refresh_from_db()
        assert product.tenant.slug == "kepiting-saus-klandasan"

    def test_adds_a_tenant_as_a_draft_and_cannot_approve_it(
        self, client, manager_of_pujasera, admin_url, tenant_form_data
    ):
        pujasera = Sentra.objects.get(slug="pujasera-contoh-klandasan")
        client.force_login(manager_of_pujasera)
        data = tenant_form_data(
            Tenant(
                name="Sate Payau",
                slug="sate-payau",
                sentra=pujasera,
                stall_number="K-09",
                category="culinary",
                whatsapp="0812 5400 0199",
            ),
            curation_status="approved",
        )
        response = client.post(admin_url(Tenant, "add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        tenant = Tenant.objects.get(slug="sate-payau")
        assert tenant.curation_status == Curation.DRAFT
        assert tenant.whatsapp == "+6281254000199"
        client.logout()
        assert client.get(tenant.get_absolute_url()).status_code == 404

    def test_closes_a_tenant_but_cannot_delete_it(
        self, client, manager_of_pujasera, admin_url, tenant_form_data
    ):
        tenant = Tenant.objects.get(slug="nasi-kuning-subuh")
        client.force_login(manager_of_pujasera)
        assert client.get(admin_url(Tenant, "delete", tenant.pk)).status_code == 403
        response = client.post(
            admin_url(Tenant, "change", tenant.pk), tenant_form_data(tenant, status="closed")
        )
        assert response.status_code == 302
        tenant.refresh_from_db()
        assert tenant.status == Tenant.Status.CLOSED
        assert tenant.closed_on == timezone.localdate()

    def test_an_answered_rejection_goes_back_to_the_queue(
        self, client, manager_of_pujasera, admin_url, tenant_form_data
    ):
        tenant = Tenant.objects.get(slug="nasi-kuning-subuh")
        Tenant.objects.filter(pk=tenant.pk).update(
            curation_status=Curation.REJECTED, curation_note="Lengkapi deskripsi"
        )
        tenant.refresh_from_db()
        client.force_login(manager_of_pujasera)
        client.post(
            admin_url(Tenant, "change", tenant.pk),
            tenant_form_data(tenant, description="Nasi kuning dengan ikan haruan, sejak subuh."),
        )
        tenant.refresh_from_db()
        assert tenant.curation_status == Curation.DRAFT


def test_an_administrator_may_correct_history(client, admin_user, demo_data, admin_url):
    client.force_login(admin_user)
    update = ProgressUpdate.objects.first()
    assert client.get(admin_url(ProgressUpdate, "change", update.pk)).status_code == 200
    assert client.get(admin_url(ProgressUpdate, "delete", update.pk)).status_code == 200


def test_old_back_office_addresses_of_tenants_lead_to_their_new_home(client, kurator, demo_data):
    client.force_login(kurator)
    response = client.get("/admin/sentra/tenant/?review=changes")
    assert response.status_code == 302
    assert response["Location"] == "/admin/produk/tenant/?review=changes"


def test_a_curator_s_front_page_opens_with_what_waits_for_review(client, kurator, demo_data):
    from produk.curation import Curation
    from produk.models import Report, Tenant

    Tenant.objects.filter(slug="bingka-mama-ilir").update(curation_status=Curation.DRAFT)
    tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
    Report.objects.create(tenant=tenant, kind=Report.Kind.values[0])
    client.force_login(kurator)
    page = client.get("/admin/").content.decode()
    queue = page.split('class="module work-queue"', 1)[1].split("</div>", 1)[0]
    drafts = Tenant.objects.filter(curation_status=Curation.DRAFT).count()
    assert f'href="/admin/produk/tenant/?review=new"><strong>{drafts}</strong>' in queue
    assert 'href="/admin/produk/product/?review=changes"' in queue
    unhandled = Report.objects.unhandled().count()
    assert unhandled >= 1
    assert f"<strong>{unhandled}</strong> laporan pengunjung yang belum ditangani" in queue
    listed = client.get("/admin/produk/report/?status__in=new,in_progress")
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == unhandled


def test_a_centre_manager_s_front_page_has_no_review_queue(client, manager_of_pujasera):
    client.force_login(manager_of_pujasera)
    page = client.get("/admin/").content.decode()
    assert "work-queue" not in page
