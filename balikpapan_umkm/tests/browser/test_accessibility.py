"""Main pages are accessible and error-free: axe-core finds nothing serious, the console nothing.

axe-core comes bundled with axe-playwright-python and runs offline in the page.
Each page is checked on a desktop screen and on a 360 px phone, where the
layout (and so contrast, overlap and target sizes) differs. The same visit
listens to the console: no script error and no failed request but map tiles,
which these machines cannot reach.
"""

import pytest

from .conftest import MAIN_PAGES, record_console_errors, serious_accessibility_problems

PAGES = [
    *MAIN_PAGES,
    "/produk/kepiting-saus-padang-kepiting-saus-klandasan/",
    "/en/",
    "/en/kuliner/",
]
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 360, "height": 740},
}


@pytest.mark.parametrize("path", PAGES)
def test_axe_and_the_console_find_nothing_wrong(reading_page, path):
    """Loaded on a desktop, then narrowed to a phone: axe runs on both layouts.

    Narrowing the same page applies the phone's media queries (and Leaflet
    follows the resize), which is what axe's layout rules look at; it saves a
    second load and a second injection of axe per page. The phone journeys
    and the sideways-scroll test load their pages at 360 px from the start.
    """
    page = reading_page(viewport=VIEWPORTS["desktop"])
    problems = record_console_errors(page)
    page.goto(path)  # "load": scripts have run; axe then waits for nothing more

    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        found = serious_accessibility_problems(page)
        assert not found, f"axe-core on {path} ({viewport}, {size['width']} px):\n{found}"
        assert page.evaluate("document.documentElement.clientWidth") == size["width"]
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)
