"""Products: prices in whole rupiah, never negative, and ranges that run upwards."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from produk.models import Product

from .factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_a_negative_price_is_refused_by_the_database():
    product = ProductFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(price=-1)


def test_a_price_range_must_run_upwards():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(price=20000, price_max=10000)
    product = ProductFactory.build(price=20000, price_max=10000, slug="x")
    with pytest.raises(ValidationError) as error:
        product.clean()
    assert "price_max" in error.value.message_dict


def test_product_slugs_are_unique():
    assert ProductFactory(name="Amplang").slug == "amplang"
    assert ProductFactory(name="Amplang").slug == "amplang-2"


def test_public_products_are_available_and_from_active_tenants():
    shown = ProductFactory()
    ProductFactory(is_available=False)
    ProductFactory(tenant__status="closed")
    assert list(Product.objects.public()) == [shown]


def test_a_category_shows_its_name_in_the_visitors_language():
    category = CategoryFactory(name="Oleh-oleh", name_en="Souvenir snacks")
    with translation.override("id"):
        assert str(category) == "Oleh-oleh"
    with translation.override("en"):
        assert str(category) == "Souvenir snacks"
