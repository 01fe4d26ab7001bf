"""A public listing changes only with a curator: a manager's edit of it is a proposal."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from produk.curation import Curation
from produk.models import Product, Tenant

pytestmark = pytest.mark.django_db

BINGKA = "bingka-mama-ilir"


def jpeg(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return SimpleUploadedFile("baru.jpg", buffer.getvalue(), content_type="image/jpeg")


def public_page(client, tenant):
    client.logout()
    response = client.get(tenant.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def proposed(client, manager_of_pujasera, admin_url, tenant_form_data):
    """The manager of the centre changed the public name and description of an approved tenant."""
    tenant = Tenant.objects.get(slug=BINGKA)
    client.force_login(manager_of_pujasera)
    response = client.post(
        admin_url(Tenant, "change", tenant.pk),
        tenant_form_data(tenant, name="Bingka Mama Ilir Baru", description="Resep baru."),
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "menunggu peninjauan kurator" in page  # the manager is told what happens next
    return Tenant.objects.get(pk=tenant.pk)


def test_a_managers_edit_of_a_public_listing_waits_and_the_approved_version_stays_public(
    client, proposed
):
    assert proposed.name == "Bingka Mama Ilir"
    assert proposed.pending_changes == {
        "name": "Bingka Mama Ilir Baru",
        "description": "Resep baru.",
    }
    assert proposed.curation_status == Curation.APPROVED
    page = public_page(client, proposed)
    assert "Bingka Mama Ilir Baru" not in page
    assert "Resep baru." not in page


def test_the_manager_goes_on_from_what_they_proposed(
    client, proposed, manager_of_pujasera, admin_url
):
    client.force_login(manager_of_pujasera)
    form = client.get(admin_url(Tenant, "change", proposed.pk)).content.decode()
    assert 'value="Bingka Mama Ilir Baru"' in form
    assert "Resep baru." in form


def test_a_manager_taking_back_the_change_leaves_nothing_to_review(
    client,
    proposed,
    manager_of_pujasera,
    admin_url,
    tenant_form_data,
):
    client.force_login(manager_of_pujasera)
    response = client.post(
        admin_url(Tenant, "change", proposed.pk),
        tenant_form_data(proposed),  # the approved values again
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.pending_changes == {}
    assert proposed.changes_proposed_at is None


def test_the_curator_sees_what_changed_beside_the_public_version(
    client, proposed, kurator, admin_url
):
    client.force_login(kurator)
    queue = client.get(admin_url(Tenant) + "?review=changes").content.decode()
    assert "Bingka Mama Ilir" in queue
    form = client.get(admin_url(Tenant, "change", proposed.pk)).content.decode()
    assert "Perubahan menunggu peninjauan" in form
    row = form.split("Resep baru.", 1)[0].rsplit("<tr>", 1)[1]
    assert "Bingka Mama Ilir: UMKM contoh" in row  # the public description, beside the new one
    assert 'name="proposal_decision"' in form


def test_the_curator_publishes_the_proposal(client, proposed, kurator, admin_url, tenant_form_data):
    client.force_login(kurator)
    data = tenant_form_data(
        proposed, proposal_decision="publish", curation_status=Curation.APPROVED
    )
    response = client.post(admin_url(Tenant, "change", proposed.pk), data)
    assert response.status_code == 302
    tenant = Tenant.objects.get(pk=proposed.pk)
    assert (tenant.name, tenant.description, tenant.pending_changes) == (
        "Bingka Mama Ilir Baru",
        "Resep baru.",
        {},
    )
    assert tenant.curated_by == kurator
    assert "Bingka Mama Ilir Baru" in public_page(client, tenant)


def test_declining_needs_a_note_and_keeps_the_approved_version(
    client, proposed, kurator, admin_url, tenant_form_data
):
    client.force_login(kurator)
    url = admin_url(Tenant, "change", proposed.pk)
    base = tenant_form_data(proposed, curation_status=Curation.APPROVED)
    refused = client.post(url, {**base, "proposal_decision": "decline"})
    assert refused.status_code == 200
    assert "curation_note" in refused.context["adminform"].form.errors
    assert Tenant.objects.get(pk=proposed.pk).has_pending_changes

    note = "Nama baru belum sesuai izin usaha."
    response = client.post(url, {**base, "proposal_decision": "decline", "curation_note": note})
    assert response.status_code == 302
    tenant = Tenant.objects.get(pk=proposed.pk)
    assert (tenant.name, tenant.pending_changes, tenant.curation_note) == (
        "Bingka Mama Ilir",
        {},
        note,
    )
    assert tenant.curation_status == Curation.APPROVED


def test_the_approve_action_publishes_proposals_too(client, proposed, kurator, admin_url):
    client.force_login(kurator)
    response = client.post(
        admin_url(Tenant),
        {"action": "approve_selected", "_selected_action": [proposed.pk]},
    )
    assert response.status_code == 302
    assert Tenant.objects.get(pk=proposed.pk).name == "Bingka Mama Ilir Baru"


def test_publishing_a_proposal_makes_an_open_editor_copy_stale(client, proposed, kurator):
    opened_version = Tenant.objects.get(pk=proposed.pk).version
    proposed.approve(by=kurator)
    assert Tenant.objects.get(pk=proposed.pk).version == opened_version + 1


def test_what_the_public_does_not_see_changes_at_once(
    client, manager_of_pujasera, admin_url, tenant_form_data
):
    tenant = Tenant.objects.get(slug=BINGKA)
    client.force_login(manager_of_pujasera)
    response = client.post(
        admin_url(Tenant, "change", tenant.pk), tenant_form_data(tenant, owner_name="Bu Ilir")
    )
    assert response.status_code == 302
    tenant.refresh_from_db()
    assert (tenant.owner_name, tenant.pending_changes) == ("Bu Ilir", {})


def test_a_listing_that_is_not_public_yet_takes_the_edit_at_once(
    client, manager_of_pujasera, admin_url, tenant_form_data
):
    tenant = Tenant.objects.get(slug=BINGKA)
    Tenant.objects.filter(pk=tenant.pk).update(curation_status=Curation.DRAFT)
    tenant.refresh_from_db()
    client.force_login(manager_of_pujasera)
    response = client.post(
        admin_url(Tenant, "change", tenant.pk), tenant_form_data(tenant, name="Nama Draf Baru")
    )
    assert response.status_code == 302
    tenant.refresh_from_db()
    assert (tenant.name, tenant.pending_changes) == ("Nama Draf Baru", {})


def test_a_new_photo_and_price_wait_for_the_curator(
    client, manager_of_pujasera, kurator, admin_url
):
    product = Product.objects.get(slug="mantau-bingka-mama-ilir")
    public_photo = product.photo.name
    url = admin_url(Product, "change", product.pk)
    data = {
        "name": product.name,
        "slug": product.slug,
        "tenant": product.tenant_id,
        "category": product.category_id,
        "price": 99000,
        "unit": product.unit,
        "description": product.description,
        "is_available": "on",
        "is_halal": "on",
        "version": product.version,
        "photo": jpeg("#aa0000"),
    }
    client.force_login(manager_of_pujasera)
    assert client.post(url, data).status_code == 302

    product.refresh_from_db()
    assert (product.price, product.photo.name) == (15000, public_photo)
    assert set(product.pending_changes) == {"price", "photo"}
    assert product.pending_changes["photo"] != public_photo
    client.logout()
    assert product not in client.get("/produk/?harga_min=90000").context["page_obj"].object_list

    client.force_login(kurator)
    form = client.get(url).content.decode()
    assert product.pending_changes["photo"] in form  # the proposed picture is shown
    product.approve(by=kurator)
    product.refresh_from_db()
    assert product.price == 99000
    assert product.photo.name == product.pending_changes.get("photo", product.photo.name)
    assert product.photo.name != public_photo
