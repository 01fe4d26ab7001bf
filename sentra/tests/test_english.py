"""A centre's English description: shown on English pages, else the Indonesian one, marked."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from produk.demo import SENTRA
from sentra.models import Sentra

from .factories import SentraFactory

pytestmark = pytest.mark.django_db

TERITIP = "sentra-ikm-teritip"  # has an English description in the demo
PUJASERA = "pujasera-contoh-klandasan"  # has none


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def test_an_english_centre_page_leads_with_the_english_description(client, demo_data):
    teritip = Sentra.objects.get(slug=TERITIP)
    page = html(client.get(f"/en/sentra/{TERITIP}/"))
    assert f'<p class="lead">{teritip.description_en}</p>' in page
    assert teritip.description not in page
    assert "Description in Indonesian" not in page
    (place,) = json_ld(page)
    assert place["description"] == teritip.description_en


def test_without_one_the_indonesian_description_is_marked_for_readers_and_screen_readers(
    client, demo_data
):
    pujasera = Sentra.objects.get(slug=PUJASERA)
    assert not pujasera.description_en
    page = html(client.get(f"/en/sentra/{PUJASERA}/"))
    assert (
        '<p class="description-note">Description in Indonesian</p>'
        f'<p class="lead" lang="id">{pujasera.description}</p>'
    ) in page
    (place,) = json_ld(page)
    assert place["description"] == pujasera.description


def test_the_indonesian_page_keeps_the_indonesian_description(client, demo_data):
    teritip = Sentra.objects.get(slug=TERITIP)
    page = html(client.get(f"/sentra/{TERITIP}/"))
    assert f'<p class="lead">{teritip.description}</p>' in page
    assert teritip.description_en not in page
    assert 'name="description" content="Sentra industri kecil' in page


@pytest.mark.parametrize("text", ["Built to 40 percent.", "Occupancy 75%."])
def test_an_english_description_may_not_state_a_percentage_either(text):
    sentra = SentraFactory.build(description_en=text)
    with pytest.raises(ValidationError) as error:
        sentra.clean()
    assert "description_en" in error.value.message_dict


def test_demo_english_texts_state_no_figure_that_the_portal_computes():
    for entry in SENTRA:
        assert not re.search(r"\d\s*(%|percent)", entry.get("description_en", "")), entry["slug"]


def test_the_back_office_form_has_the_english_description_after_the_indonesian_one(
    client, admin_user, demo_data
):
    client.force_login(admin_user)
    teritip = Sentra.objects.get(slug=TERITIP)
    form = html(client.get(f"/admin/sentra/sentra/{teritip.pk}/change/"))
    assert form.index('name="description"') < form.index('name="description_en"')
    assert form.index('name="description_en"') < form.index('name="data_source"')
