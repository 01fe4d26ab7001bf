"""Council staff set a centre's point on a map in the centre form, on a laptop and on a phone.

Map tiles are unreachable here (the fixtures abort them), as they may be in the
field: the map is grey, and picking a point must work all the same. The
latitude and longitude boxes stay the form's values, with or without JavaScript.
"""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sentra.models import Sentra

from .conftest import DESKTOP, MOBILE, assert_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)

CITY_CENTRE = (-1.2667, 116.8333)
# The marker's point, read from Leaflet (the picker keeps its map on the map's element).
MARKER = """(box) => {
  let point = null;
  box.leafletMap.eachLayer((layer) => {
    if (layer instanceof L.Marker) point = layer.getLatLng();
  });
  return point && [point.lat, point.lng];
}"""
MAP_CENTRE = "(box) => [box.leafletMap.getCenter().lat, box.leafletMap.getCenter().lng]"


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.com", password="kata-sandi-uji-123"
    )


@pytest.fixture
def barat(demo_data):
    """A centre with budget lines and a progress update, and no point yet."""
    centre = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    assert (centre.latitude, centre.longitude) == (None, None)
    return centre


def open_centre_form(new_page, sign_in, centre, viewport=DESKTOP, **options):
    """(page, refusals): the centre's form as staf, and what the CSP refused on it."""
    page = new_page(viewport=viewport, **options)
    refusals = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refusals.append(message.text),
    )
    sign_in(page, "staf")
    page.goto(f"/admin/sentra/sentra/{centre.pk}/change/")
    return page, refusals


def fits_its_box(locator):
    """Nothing inside (a table's columns, say) sticks out sideways."""
    return locator.evaluate("(box) => box.scrollWidth <= box.clientWidth")


def save_and_expect_success(page):
    page.click("input[name=_save]")
    expect(page.locator(".messagelist li:not(.error)").first).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)


def test_staff_click_the_map_and_the_saved_centre_has_that_point(
    new_page, barat, staf_dprd, sign_in
):
    page, refusals = open_centre_form(new_page, sign_in, barat)
    map_box = page.locator(".location-picker__map")
    expect(map_box).to_be_visible()
    assert_no_sideways_scroll(page)
    # No point yet: the city centre, without a marker.
    assert map_box.evaluate(MARKER) is None
    assert map_box.evaluate(MAP_CENTRE) == pytest.approx(CITY_CENTRE, abs=1e-3)

    size = map_box.bounding_box()
    map_box.click(position={"x": size["width"] / 2 + 90, "y": size["height"] / 2 - 40})

    latitude, longitude = map_box.evaluate(MARKER)
    expect(page.locator("#id_latitude")).to_have_value(f"{latitude:.6f}")
    expect(page.locator("#id_longitude")).to_have_value(f"{longitude:.6f}")
    # North-east of the city centre, where the click was.
    assert CITY_CENTRE[0] < latitude < CITY_CENTRE[0] + 0.05
    assert CITY_CENTRE[1] < longitude < CITY_CENTRE[1] + 0.05
    save_and_expect_success(page)

    barat.refresh_from_db()
    assert (barat.latitude, barat.longitude) == (
        Decimal(f"{latitude:.6f}"),
        Decimal(f"{longitude:.6f}"),
    )
    assert refusals == []


def test_typing_the_numbers_moves_the_marker_and_clear_empties_both(
    new_page, barat, staf_dprd, sign_in
):
    page, refusals = open_centre_form(new_page, sign_in, barat)
    map_box = page.locator(".location-picker__map")
    expect(map_box).to_be_visible()

    page.fill("#id_latitude", "-1.2268")
    page.fill("#id_longitude", "116.8506")
    assert map_box.evaluate(MARKER) == pytest.approx([-1.2268, 116.8506], abs=1e-9)
    expect(page.locator(".location-picker__marker")).to_be_visible()

    page.fill("#id_longitude", "116.9000")
    assert map_box.evaluate(MARKER) == pytest.approx([-1.2268, 116.9], abs=1e-9)

    page.click(".location-picker__clear")
    expect(page.locator("#id_latitude")).to_have_value("")
    expect(page.locator("#id_longitude")).to_have_value("")
    assert map_box.evaluate(MARKER) is None
    assert map_box.evaluate(MAP_CENTRE) == pytest.approx(CITY_CENTRE, abs=1e-3)
    assert refusals == []


def test_dragging_the_marker_writes_the_numbers(new_page, barat, staf_dprd, sign_in):
    page, refusals = open_centre_form(new_page, sign_in, barat)
    page.fill("#id_latitude", "-1.2400")
    page.fill("#id_longitude", "116.8500")
    marker = page.locator(".location-picker__marker")
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 60, steps=5)
    page.mouse.up()

    latitude, longitude = page.locator(".location-picker__map").evaluate(MARKER)
    assert latitude < -1.24  # dragged down: south
    assert longitude > 116.85  # and right: east
    expect(page.locator("#id_latitude")).to_have_value(f"{latitude:.6f}")
    expect(page.locator("#id_longitude")).to_have_value(f"{longitude:.6f}")
    assert refusals == []


# Every inline of the centre form, and the ones a new row can be added to. Pujasera
# Contoh Klandasan has rows in all of them but problems: opening spans, a budget line,
# progress updates, a planned curve and milestones.
INLINES = [
    "opening_hours",
    "budget_lines",
    "progress_updates",
    "planned_progress",
    "milestones",
    "problems",
]
ADDABLE = ["opening_hours", "budget_lines", "planned_progress", "problems"]


@pytest.fixture
def pujasera(demo_data):
    return Sentra.objects.get(slug="pujasera-contoh-klandasan")


def assert_every_inline_fits(page, inlines):
    """A new row in each addable inline, then nothing sticks out of any, nor of the page."""
    for group in ADDABLE:
        if group in inlines:
            page.locator(f"#{group}-group .add-row a").click()
    for group in inlines:
        expect(page.locator(f"#{group}-group")).to_be_visible()
        assert fits_its_box(page.locator(f"#{group}-group")), group
    assert_no_sideways_scroll(page)


def test_the_add_form_fits_a_laptop_with_its_inlines_open(new_page, administrator, sign_in):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "admin")  # only administrators add centres
    page.goto("/admin/sentra/sentra/add/")
    expect(page.locator(".location-picker__map")).to_be_visible()
    # The history is read-only: an unsaved centre has none to show.
    assert_every_inline_fits(page, [group for group in INLINES if group != "progress_updates"])


@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_the_change_form_with_every_inline_fits_the_screen(
    new_page, pujasera, staf_dprd, sign_in, device
):
    viewport = {"laptop": DESKTOP, "phone": MOBILE}[device]
    page, refusals = open_centre_form(new_page, sign_in, pujasera, viewport=viewport)
    for group in ("opening_hours", "budget_lines", "progress_updates"):  # rows as saved
        expect(page.locator(f"#{group}-group .has_original").first).to_be_visible()
    expect(page.locator(".location-picker__map")).to_be_visible()
    assert_every_inline_fits(page, INLINES)
    assert refusals == []


def test_on_a_phone_the_form_has_no_sideways_scroll_and_the_record_button_shows(
    new_page, barat, staf_dprd, sign_in
):
    page, refusals = open_centre_form(new_page, sign_in, barat, viewport=MOBILE)
    button = page.locator(".object-tools a.record-progress")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= MOBILE["width"]
    map_box = page.locator(".location-picker__map")
    expect(map_box).to_be_visible()
    size = map_box.bounding_box()
    assert size["x"] >= 0
    assert size["x"] + size["width"] <= MOBILE["width"]
    assert_no_sideways_scroll(page)

    map_box.click(position={"x": size["width"] / 2, "y": size["height"] / 2})
    expect(page.locator("#id_latitude")).not_to_have_value("")
    assert refusals == []


def test_without_javascript_the_typed_numbers_are_saved(new_page, barat, staf_dprd, sign_in):
    page, _refusals = open_centre_form(new_page, sign_in, barat, java_script_enabled=False)
    expect(page.locator(".location-picker")).to_have_count(0)
    page.fill("#id_latitude", "-1.2401")
    page.fill("#id_longitude", "116.8402")
    save_and_expect_success(page)

    barat.refresh_from_db()
    assert (barat.latitude, barat.longitude) == (Decimal("-1.240100"), Decimal("116.840200"))


def test_a_point_outside_balikpapan_is_refused_with_a_message_beside_the_numbers(
    new_page, barat, staf_dprd, sign_in
):
    page, refusals = open_centre_form(new_page, sign_in, barat)
    page.fill("#id_latitude", "1.2401")  # the minus sign forgotten
    page.fill("#id_longitude", "116.8402")
    page.click("input[name=_save]")

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-latitude .errorlist")).to_be_visible()
    barat.refresh_from_db()
    assert barat.latitude is None
    assert refusals == []
