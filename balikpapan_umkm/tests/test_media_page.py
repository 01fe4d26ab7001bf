"""The page for media and content creators (/untuk-media/): pictures, cards, texts to paste."""

import html
import re

import pytest
from django.test import override_settings

from balikpapan_umkm import media_kit
from balikpapan_umkm.sharing import card_path
from produk.curation import Curation
from produk.models import Product, Tenant
from produk.synthetic import generate
from produk.tests.factories import ProductFactory, TenantFactory
from sentra.models import Sentra

pytestmark = pytest.mark.django_db


def page(client, path="/en/untuk-media/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def item(text, anchor):
    """The <article> of one product ("produk-<slug>") or centre ("sentra-<slug>")."""
    return re.search(
        rf'<article class="media-item" aria-labelledby="{anchor}-title">.*?</article>', text, re.S
    ).group(0)


def field(article, field_id):
    return html.unescape(
        re.search(rf'id="{field_id}"[^>]*>(.*?)</textarea>', article, re.S).group(1)
    )


def test_it_lists_the_public_flagship_products_and_nothing_else(client, demo_data):
    tenant = Tenant.objects.get(slug="kepiting-saus-klandasan")
    hidden = [
        ProductFactory(
            tenant=tenant, name="Draft unggulan", is_flagship=True, curation_status=Curation.DRAFT
        ),
        ProductFactory(tenant=tenant, name="Habis unggulan", is_flagship=True, is_available=False),
        ProductFactory(
            tenant=TenantFactory(curation_status=Curation.DRAFT),
            name="Tenan draf unggulan",
            is_flagship=True,
        ),
        ProductFactory(tenant=tenant, name="Biasa saja", is_flagship=False),
    ]
    text = page(client)
    shown = re.findall(
        r'<article class="media-item" aria-labelledby="produk-([-a-z0-9]+)-title"', text
    )
    expected = Product.objects.public().flagship().order_by("name", "pk")
    assert shown == [product.slug for product in expected]
    assert len(shown) == 8
    for product in hidden:
        assert product.slug not in shown


def test_it_lists_every_centre(client, demo_data):
    text = page(client)
    shown = re.findall(
        r'<article class="media-item" aria-labelledby="sentra-([-a-z0-9]+)-title"', text
    )
    assert sorted(shown) == sorted(Sentra.objects.values_list("slug", flat=True))


def test_each_item_offers_its_picture_its_card_and_its_page(client, demo_data):
    product = Product.objects.for_listing().get(slug="kepiting-saus-padang-kepiting-saus-klandasan")
    article = item(page(client), f"produk-{product.slug}")
    assert f'<a href="{product.photo.url}" download>Download the full-size picture</a>' in article
    assert (
        f'<a href="http://testserver{card_path(product)}">Share card (1200 \u00d7 630)</a>'
        in article
    )
    assert f'<a href="/en/produk/{product.slug}/">Kepiting saus padang</a>' in article
    assert "Demo data (fictional)" in article
    centre = Sentra.objects.get(slug="sentra-umkm-wonorejo")  # no picture yet
    assert "No picture yet." in item(page(client), f"sentra-{centre.slug}")


def test_texts_are_ready_in_both_languages_whatever_the_pages_language(client, demo_data):
    slug = "kepiting-saus-padang-kepiting-saus-klandasan"
    product = Product.objects.get(slug=slug)
    for path in ("/untuk-media/", "/en/untuk-media/"):
        article = item(page(client, path), f"produk-{slug}")
        english = field(article, f"produk-{slug}-en-caption")
        assert english == (
            "Kepiting saus padang by Kepiting Saus Klandasan, Pujasera Contoh Klandasan, "
            "Balikpapan."
        )
        paragraph = field(article, f"produk-{slug}-en-paragraph")
        assert "for Rp120,000\u2013250,000." in paragraph
        assert paragraph.endswith(f"http://testserver/en/produk/{slug}/")
        indonesian = field(article, f"produk-{slug}-id-paragraph")
        assert indonesian.startswith(product.description)  # its own text first
        assert "Rp120.000\u2013250.000" in indonesian
        assert indonesian.endswith(f"http://testserver/produk/{slug}/")
        assert f'id="produk-{slug}-id-caption" lang="id"' in article
        assert f'id="produk-{slug}-en-caption" lang="en"' in article


def test_a_centre_under_construction_says_how_far_it_has_come(client, demo_data):
    centre = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    article = item(page(client), f"sentra-{centre.slug}")
    paragraph = field(article, f"sentra-{centre.slug}-en-paragraph")
    assert f"is under construction: {centre.progress}% built." in paragraph


def test_every_text_can_be_copied(client, demo_data):
    text = page(client)
    fields = re.findall(r'<textarea class="copy-field__text" id="([^"]+)"[^>]*readonly', text)
    buttons = re.findall(r'data-copy="([^"]+)"', text)
    assert fields
    assert buttons == fields
    assert text.count('aria-live="polite"') == len(fields) // 4
    assert '<script src="/static/js/share.js" defer></script>' in text


@override_settings(OPEN_DATA_LICENCE="ODbL", OPEN_DATA_LICENCE_URL="")
def test_it_names_the_licence_of_the_texts(client, demo_data):
    assert "<dd>ODbL. Credit: Portal Sentra UMKM Balikpapan." in page(client)


def test_it_links_the_default_licence(client, demo_data):
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in (
        page(client)
    )


def test_on_a_demonstration_site_it_says_the_pictures_are_not_real(client, demo_data, settings):
    assert "its pictures are drawings made for the demo" in page(client)
    settings.DEMO_SITE = False
    text = page(client)
    assert "its pictures are drawings" not in text
    assert "The portal does not record who took them" in text


def test_the_contact_shows_only_when_set(client, demo_data, settings):
    settings.SITE_CONTACT_EMAIL = ""
    settings.SITE_CONTACT_PHONE = ""
    assert 'id="contact-title"' not in page(client)
    settings.SITE_CONTACT_EMAIL = "humas@example.org"
    settings.SITE_CONTACT_PHONE = "0542 123 456"
    text = page(client)
    assert 'id="contact-title"' in text
    assert '<a href="mailto:humas@example.org">humas@example.org</a>' in text
    assert '<a href="tel:0542123456">0542 123 456</a>' in text


def test_a_long_list_of_flagship_products_links_to_the_catalogue(client, demo_data, monkeypatch):
    monkeypatch.setattr(media_kit, "FLAGSHIP_SHOWN", 3)
    text = page(client)
    assert len(re.findall(r'<article class="media-item" aria-labelledby="produk-', text)) == 3
    assert 'href="/en/produk/?unggulan=1"' in text


def test_it_is_linked_from_every_pages_footer_and_listed_in_the_sitemap(client, demo_data):
    assert 'href="/untuk-media/">' in page(client, "/")
    assert 'href="/en/untuk-media/">For media and content creators</a>' in page(client, "/en/")
    assert "<loc>http://testserver/untuk-media/</loc>" in page(client, "/sitemap-halaman-id.xml")
    assert "<loc>http://testserver/en/untuk-media/</loc>" in page(client, "/sitemap-halaman-en.xml")


@pytest.mark.parametrize("path", ["/untuk-media/", "/en/untuk-media/"])
def test_it_sets_no_cookie_and_varies_on_nothing(client, demo_data, path):
    response = client.get(path)
    assert not response.cookies
    assert not response.has_header("Vary")


def test_its_queries_stay_fixed_as_the_data_grows(client, demo_data, django_assert_num_queries):
    # flagship products with their tenants, centres and districts; centres with their
    # districts; the footer's date of the last change
    with django_assert_num_queries(3):
        page(client)
    generate(products=1500)  # adds flagship products (one in 97) and their tenants
    assert Product.objects.public().flagship().count() > 8
    with django_assert_num_queries(3):
        page(client)
