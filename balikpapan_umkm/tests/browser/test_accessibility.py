"""Accessibility: axe-core finds nothing serious or critical on the main pages.

axe-core comes bundled with axe-playwright-python and runs offline in the page.
Each page is checked on a desktop screen and on a 360 px phone, where the
layout (and so contrast, overlap and target sizes) differs.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import MAIN_PAGES

PAGES = [*MAIN_PAGES, "/produk/kepiting-saus-padang-kepiting-saus-klandasan/", "/en/"]
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


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(new_page, demo_data, axe, path, viewport):
    page = new_page(viewport=VIEWPORTS[viewport])
    page.goto(path)

    violations = axe.run(page).response["violations"]

    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, (
        f"axe-core on {path} ({viewport}, {VIEWPORTS[viewport]['width']} px):\n"
        + describe(blocking)
    )
