"""Map points: both numbers or neither, inside Balikpapan; the admin's form shows the picker."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sentra.models import Kecamatan, Sentra

from .factories import KecamatanFactory, SentraFactory

pytestmark = pytest.mark.django_db

KLANDASAN = (Decimal("-1.276400"), Decimal("116.823900"))


def centre_at(latitude=None, longitude=None):
    """A saved centre given these numbers, as a form would before validating them."""
    centre = SentraFactory()
    centre.latitude, centre.longitude = latitude, longitude
    return centre


def errors_of(place):
    """The messages full_clean() gives, in English."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            place.full_clean()
        return error.value.message_dict


def test_a_point_in_balikpapan_is_accepted():
    centre_at(*KLANDASAN).full_clean()


def test_a_centre_without_a_point_is_accepted():
    centre_at(None, None).full_clean()


def test_a_latitude_without_its_minus_sign_is_refused_with_a_hint():
    errors = errors_of(centre_at(Decimal("1.276400"), KLANDASAN[1]))
    assert list(errors) == ["latitude"]
    assert "not in Balikpapan" in errors["latitude"][0]
    assert "minus sign" in errors["latitude"][0]


def test_a_point_in_another_city_is_refused():
    errors = errors_of(centre_at(Decimal("-6.175400"), Decimal("106.827100")))  # Jakarta
    assert set(errors) == {"latitude", "longitude"}
    assert "between 116.5 and 117.5" in errors["longitude"][0]


@pytest.mark.parametrize(
    ("given", "missing"), [("latitude", "longitude"), ("longitude", "latitude")]
)
def test_half_a_point_is_refused_on_the_missing_number(given, missing):
    values = dict(zip(("latitude", "longitude"), KLANDASAN, strict=True))
    errors = errors_of(centre_at(**{given: values[given]}))
    assert list(errors) == [missing]
    assert "leave both numbers empty" in errors[missing][0]


def test_a_number_beyond_the_globe_gets_one_message_not_two():
    errors = errors_of(centre_at(Decimal("200"), KLANDASAN[1]))
    assert errors == {"latitude": ["Ensure this value is less than or equal to 90."]}  # Django's


def test_a_district_point_outside_balikpapan_is_refused_too():
    district = KecamatanFactory.build(latitude=Decimal("-1.2"), longitude=Decimal("16.9"))
    assert list(errors_of(district)) == ["longitude"]


def test_every_demo_centre_and_district_lies_in_balikpapan(demo_data):
    places = [
        *Sentra.objects.filter(latitude__isnull=False),
        *Kecamatan.objects.filter(latitude__isnull=False),
    ]
    assert len(places) >= 9  # three centres and six districts have a point
    for place in places:
        place.full_clean()


# --- The admin's form --------------------------------------------------------


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.id", "sandi-uji-123")


def test_the_centre_form_carries_the_map_picker_as_files_and_data(
    client, demo_data, administrator, admin_url
):
    client.force_login(administrator)
    pujasera = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    page = client.get(admin_url(Sentra, "change", pujasera.pk)).content.decode()

    assert 'data-location-picker="longitude"' in page
    assert 'value="-1.276400"' in page  # the numbers stay the form's values
    for path in ("leaflet/leaflet.js", "leaflet/leaflet.css", "js/admin-location-picker.js"):
        assert f"/static/{path}" in page
    assert 'data-centre="-1.2667,116.8333"' in page


def test_the_district_form_has_the_picker_too(client, demo_data, administrator, admin_url):
    client.force_login(administrator)
    district = Kecamatan.objects.get(name="Balikpapan Kota")
    page = client.get(admin_url(Kecamatan, "change", district.pk)).content.decode()
    assert 'data-location-picker="longitude"' in page


def test_a_point_outside_balikpapan_in_the_form_is_a_form_error(
    client, demo_data, administrator, admin_url
):
    client.force_login(administrator)
    data = {
        "name": "Sentra Salah Titik",
        "slug": "sentra-salah-titik",
        "kind": Sentra.Kind.MARKET,
        "kecamatan": Kecamatan.objects.first().pk,
        "data_source": "dinas",
        "latitude": "1.276400",  # the minus sign forgotten
        "longitude": "116.823900",
        "opening_hours-TOTAL_FORMS": 0,
        "opening_hours-INITIAL_FORMS": 0,
        "budget_lines-TOTAL_FORMS": 0,
        "budget_lines-INITIAL_FORMS": 0,
        "progress_updates-TOTAL_FORMS": 0,
        "progress_updates-INITIAL_FORMS": 0,
    }
    response = client.post(admin_url(Sentra, "add"), data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["latitude"]
    assert not Sentra.objects.filter(name="Sentra Salah Titik").exists()
