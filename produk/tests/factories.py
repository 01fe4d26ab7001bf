import factory

from produk.curation import Curation
from produk.models import Category, Product, Tenant
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
