"""A centre manager changes a public listing from a phone; it goes live when a curator says so."""

import pytest
from playwright.sync_api import expect

from produk.models import Tenant

from .conftest import DESKTOP, MOBILE, assert_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_managers_new_description_waits_for_the_curator_then_goes_live(
    new_page,
    live_server,
    manager_of_pujasera,
    kurator,
    sign_in,
):
    """The manager on a phone, the curator on a desktop: the tenant form fits both."""
    tenant = Tenant.objects.get(slug="bingka-mama-ilir")
    public_description = tenant.description

    manager = new_page(viewport=MOBILE)
    sign_in(manager, "pengelola")
    manager.goto(f"/admin/produk/tenant/{tenant.pk}/change/")
    # The whole form fits the screen's width: nothing to scroll sideways to.
    assert_no_sideways_scroll(manager)
    manager.fill("#id_description", "Bingka kentang dipanggang tiap sore, resep keluarga.")
    manager.click("input[name=_save]")
    expect(manager.locator(".messagelist")).to_contain_text("menunggu peninjauan kurator")

    visitor = new_page()
    visitor.goto(tenant.get_absolute_url())
    expect(visitor.locator("main")).to_contain_text(public_description.split(":")[0])
    expect(visitor.locator("main")).not_to_contain_text("resep keluarga")

    curator = new_page(viewport=DESKTOP)
    sign_in(curator, "kurator")
    curator.goto("/admin/produk/tenant/?review=changes")
    curator.get_by_role("link", name="Bingka Mama Ilir").click()
    proposal = curator.locator("fieldset", has_text="Perubahan menunggu peninjauan")
    expect(proposal).to_contain_text("resep keluarga")
    expect(proposal).to_contain_text(public_description)
    assert_no_sideways_scroll(curator)
    curator.get_by_label("Tayangkan perubahan yang diusulkan").check()
    curator.click("input[name=_save]")
    expect(curator.locator(".messagelist")).to_be_visible()

    visitor.reload()
    expect(visitor.locator("main")).to_contain_text("resep keluarga")
    tenant.refresh_from_db()
    assert tenant.pending_changes == {}
