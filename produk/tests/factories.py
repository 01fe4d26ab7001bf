import datetime

import factory
from django.utils import timezone

from produk.curation import Curation
from produk.models import Category, Event, Product, Tenant
from sentra.tests.factories import SentraFactory


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    name = factory.Sequence(lambda n: f"UMKM Uji {n}")
    sentra = factory.SubFactory(SentraFactory)
    stall_number = factory.Sequence(lambda n: f"A-{n:03d}")
    category = Tenant.Category.CULINARY
    curation_status = Curation.APPROVED  # most tests are about public listings


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.Sequence(lambda n: f"kategori-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    tenant = factory.SubFactory(TenantFactory)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Produk {n}")
    price = 10000
    curation_status = Curation.APPROVED  # most tests are about public listings


class EventFactory(factory.django.DjangoModelFactory):
    """An event at a centre, a week from the real now, from 09:00 to 17:00 WITA."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Acara Uji {n}")
    kind = Event.Kind.BAZAAR
    sentra = factory.SubFactory(SentraFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(
            datetime.datetime.combine(
                timezone.localdate() + datetime.timedelta(days=7), datetime.time(9)
            )
        )
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=8))
    organiser = "Dinas Koperasi dan UMKM (uji)"
