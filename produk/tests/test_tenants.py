"""Tenants: stalls, WhatsApp numbers, permits and slugs."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from produk.models import Permit, Product, Tenant
from produk.whatsapp import normalise_whatsapp
from sentra.tests.factories import SentraFactory

from .factories import TenantFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    [
        "0812-3456-7890",
        "0812 3456 7890",
        "62 812 3456 7890",
        "+62 (812) 3456-7890",
        "812.3456.7890",
    ],
)
def test_whatsapp_numbers_are_stored_in_one_form(typed):
    assert normalise_whatsapp(typed) == "+6281234567890"


@pytest.mark.parametrize(
    "typed",
    ["12345", "0212345678", "+1 415 555 0100", "0812-3456-789O", "08123456789012345", "wa.me/0812"],
)
def test_malformed_whatsapp_numbers_are_refused_with_a_message(typed):
    with pytest.raises(ValidationError):
        normalise_whatsapp(typed)


def test_saving_a_tenant_normalises_its_whatsapp_number_and_links_to_wa_me():
    tenant = TenantFactory(whatsapp="0812-5400-0101", instagram="@amplang.demo")
    tenant.refresh_from_db()
    assert tenant.whatsapp == "+6281254000101"
    assert tenant.whatsapp_link == "https://wa.me/6281254000101"
    assert tenant.instagram == "amplang.demo"


def test_full_clean_reports_a_malformed_whatsapp_number_on_its_field():
    tenant = TenantFactory.build(sentra=SentraFactory(), whatsapp="12345", slug="x")
    with pytest.raises(ValidationError) as error:
        tenant.full_clean()
    assert "whatsapp" in error.value.message_dict


def test_the_database_refuses_a_whatsapp_number_that_was_not_normalised():
    tenant = TenantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant.objects.filter(pk=tenant.pk).update(whatsapp="0812 3456 7890")


def test_two_active_tenants_cannot_share_a_stall_in_one_centre():
    first = TenantFactory(stall_number="A-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        TenantFactory(sentra=first.sentra, stall_number="A-01")


def test_the_same_stall_number_is_fine_in_another_centre():
    TenantFactory(stall_number="A-01")
    TenantFactory(stall_number="A-01")
    assert Tenant.objects.filter(stall_number="A-01").count() == 2


def test_a_closed_tenant_frees_its_stall_and_stays_findable():
    closed = TenantFactory(stall_number="A-01")
    closed.status = Tenant.Status.CLOSED
    closed.save()
    successor = TenantFactory(sentra=closed.sentra, stall_number="A-01")
    assert successor.pk
    closed.refresh_from_db()
    assert closed.closed_on is not None
    assert Tenant.objects.filter(slug=closed.slug).exists()
    assert list(Tenant.objects.active()) == [successor]


def test_tenant_slugs_are_made_unique():
    first = TenantFactory(name="Amplang Bahari")
    second = TenantFactory(name="Amplang Bahari")
    assert (first.slug, second.slug) == ("amplang-bahari", "amplang-bahari-2")


def test_the_database_refuses_a_duplicate_slug():
    first = TenantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TenantFactory(slug=first.slug)


def test_a_permit_is_valid_until_its_date_and_forever_without_one():
    tenant = TenantFactory()
    halal = Permit.objects.create(
        tenant=tenant,
        kind=Permit.Kind.HALAL,
        number="ID123",
        valid_until=datetime.date(2026, 1, 31),
    )
    nib = Permit.objects.create(tenant=tenant, kind=Permit.Kind.NIB, number="1234567890123")
    assert halal.is_valid_on(datetime.date(2026, 1, 31))
    assert not halal.is_valid_on(datetime.date(2026, 2, 1))
    assert nib.is_valid_on(datetime.date(2099, 1, 1))


def test_a_permit_without_a_number_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Permit.objects.create(tenant=TenantFactory(), kind=Permit.Kind.NIB, number="")


@pytest.mark.parametrize(
    ("field", "model"),
    [
        ("category", "tenant"),
        ("status", "tenant"),
        ("data_source", "tenant"),
        ("curation_status", "tenant"),
        ("curation_status", "product"),
        ("kind", "permit"),
    ],
)
def test_a_value_outside_its_choices_is_refused_by_the_database(demo_data, field, model):
    """Check constraints are built from the TextChoices, so a raw update cannot slip past."""
    rows = {"tenant": Tenant, "product": Product, "permit": Permit}[model].objects
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.filter(pk=rows.first().pk).update(**{field: "xyz"})  # short enough for every column
