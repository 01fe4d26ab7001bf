"""The admin's add forms save what a browser sends, and refuse forged values with a form error."""

import pytest

from produk.models import Category, Product, Tenant
from sentra.models import Kecamatan, Sentra

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.id", "sandi-uji-123")


def rendered_inputs(response):
    return response.content.decode()


@pytest.mark.parametrize("model", [Tenant, Product, Sentra])
def test_an_add_form_carries_no_version_to_check(
    client, demo_data, administrator, model, admin_url
):
    client.force_login(administrator)
    page = rendered_inputs(client.get(admin_url(model, "add")))
    assert 'name="version"' not in page


@pytest.mark.parametrize("model", [Tenant, Product, Sentra])
def test_a_change_form_carries_the_version_it_was_opened_at(
    client,
    demo_data,
    administrator,
    model,
    admin_url,
):
    client.force_login(administrator)
    obj = model.objects.first()
    page = rendered_inputs(client.get(admin_url(model, "change", obj.pk)))
    assert f'name="version" value="{obj.version}"' in page


def test_a_product_added_with_only_the_visible_fields_is_saved(
    client, manager_of_pujasera, admin_url
):
    tenant = Tenant.objects.get(slug="bingka-mama-ilir")
    client.force_login(manager_of_pujasera)
    response = client.post(
        admin_url(Product, "add"),
        {
            "name": "Amparan tatak",
            "slug": "amparan-tatak",
            "tenant": tenant.pk,
            "category": Category.objects.get(slug="kue-roti").pk,
            "price": 5000,
            "is_available": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    product = Product.objects.get(slug="amparan-tatak")
    assert (product.tenant, product.version) == (tenant, 0)


def test_a_tenant_added_with_only_the_visible_fields_is_saved(
    client, manager_of_pujasera, admin_url
):
    pujasera = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    client.force_login(manager_of_pujasera)
    response = client.post(
        admin_url(Tenant, "add"),
        {
            "name": "Soto Banjar Pantai",
            "slug": "soto-banjar-pantai",
            "sentra": pujasera.pk,
            "stall_number": "K-09",
            "category": Tenant.Category.CULINARY,
            "status": Tenant.Status.ACTIVE,
            "permits-TOTAL_FORMS": 0,
            "permits-INITIAL_FORMS": 0,
            "products-TOTAL_FORMS": 0,
            "products-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Tenant.objects.get(slug="soto-banjar-pantai").curation_status == "draft"


@pytest.mark.parametrize("forged", ["abc", "1e3", "", " ", "99999999999999999999999", "-1"])
@pytest.mark.parametrize("who", ["administrator", "manager_of_pujasera"])
def test_a_forged_tenant_in_the_product_form_is_a_form_error(
    client, request, demo_data, who, forged, admin_url
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    before = Product.objects.count()
    response = client.post(
        admin_url(Product, "add"),
        {
            "name": "Palsu",
            "tenant": forged,
            "category": Category.objects.first().pk,
            "price": 1000,
        },
    )
    assert response.status_code == 200
    assert "tenant" in response.context["adminform"].form.errors
    assert Product.objects.count() == before


@pytest.mark.parametrize(
    ("field", "forged"),
    [("kecamatan", "abc"), ("kelurahan", "abc"), ("kelurahan", "99999999999999999999999")],
)
def test_forged_places_in_the_centre_form_are_form_errors(
    client,
    demo_data,
    administrator,
    field,
    forged,
    admin_url,
):
    client.force_login(administrator)
    data = {
        "name": "Sentra Palsu",
        "kind": Sentra.Kind.MARKET,
        "kecamatan": Kecamatan.objects.first().pk,
        "data_source": "dinas",
        "opening_hours-TOTAL_FORMS": 0,
        "opening_hours-INITIAL_FORMS": 0,
        "budget_lines-TOTAL_FORMS": 0,
        "budget_lines-INITIAL_FORMS": 0,
        "progress_updates-TOTAL_FORMS": 0,
        "progress_updates-INITIAL_FORMS": 0,
        field: forged,
    }
    response = client.post(admin_url(Sentra, "add"), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Sentra.objects.filter(name="Sentra Palsu").exists()
