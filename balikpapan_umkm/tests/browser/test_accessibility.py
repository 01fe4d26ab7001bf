"""Main pages fit the smallest phone and are accessible and error-free: no sideways scroll at
320 px, axe-core finds nothing serious, the console nothing.

axe-core comes bundled with axe-playwright-python and runs offline in the page.
Each page is loaded on a 320 px phone, the smallest still sold, then checked on a
desktop screen and on a 360 px phone, where the layout (and so contrast, overlap
and target sizes) differs. The same visit listens to the console: no script error
and no failed request but map tiles, which these machines cannot reach.
"""

import pytest

from .conftest import (
    MAIN_PAGES,
    SMALLEST_PHONE,
    assert_no_sideways_scroll,
    record_console_errors,
    serious_accessibility_problems,
)

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
def test_it_fits_320_px_and_axe_and_the_console_find_nothing_wrong(reading_page, path):
    """Loaded at 320 px, then widened to a desktop and narrowed to a phone: axe runs on
    both layouts.

    Resizing the same page applies each width's media queries (the layout is the
    stylesheet's alone: no script reads the width when the page loads, and Leaflet
    follows the resize), which is what the sideways-scroll check and axe's layout
    rules look at; it saves a load and an injection of axe per width. The phone
    journeys load their pages at 360 px from the start.
    """
    page = reading_page(viewport=SMALLEST_PHONE)
    problems = record_console_errors(page)
    page.goto(path)  # "load": scripts have run; axe then waits for nothing more
    assert_no_sideways_scroll(page)

    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        found = serious_accessibility_problems(page)
        assert not found, f"axe-core on {path} ({viewport}, {size['width']} px):\n{found}"
        assert page.evaluate("document.documentElement.clientWidth") == size["width"]
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)
