"""Main pages are accessible and error-free: axe-core finds nothing serious, the console nothing.

axe-core comes bundled with axe-playwright-python and runs offline in the page.
Each page is checked on a desktop screen and on a 360 px phone, where the
layout (and so contrast, overlap and target sizes) differs. The same visit
listens to the console: no script error and no failed request but map tiles,
which these machines cannot reach.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import MAIN_PAGES, TILES

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
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(violations, nodes_shown=3):
    """One readable paragraph per violated rule: what, how bad, and where."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:nodes_shown]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
        if len(violation["nodes"]) > nodes_shown:
            lines.append(f"    ... and {len(violation['nodes']) - nodes_shown} more")
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES)
def test_axe_and_the_console_find_nothing_wrong(reading_page, axe, path):
    """Loaded on a desktop, then narrowed to a phone: axe runs on both layouts.

    Narrowing the same page applies the phone's media queries (and Leaflet
    follows the resize), which is what axe's layout rules look at; it saves a
    second load and a second injection of axe per page. The phone journeys
    and the sideways-scroll test load their pages at 360 px from the start.
    """
    page = reading_page(viewport=VIEWPORTS["desktop"])
    problems = []

    def on_console(message):
        if message.type == "error" and not TILES.match(message.location.get("url") or ""):
            problems.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.goto(path)  # "load": scripts have run; axe then waits for nothing more

    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        # Only violations are read: axe then skips recording the passes.
        violations = axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe-core on {path} ({viewport}, {size['width']} px):\n" + describe(
            blocking
        )
        assert page.evaluate("document.documentElement.clientWidth") == size["width"]
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)
