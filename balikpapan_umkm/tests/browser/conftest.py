"""Real-browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every test in this folder is marked `browser`. Nothing here downloads a browser:
`playwright install` cannot work on these machines, so the tests launch Debian's
Chromium headless shell (package chromium-headless-shell, the same engine and version
as /usr/bin/chromium). Without it they fail, on a developer's machine as in CI: a
skipped test checks nothing.
"""

import os
import re
import socket
import threading
from itertools import chain
from pathlib import Path

import playwright
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in the test thread; Django would then refuse
# the ORM calls that fixtures and tests make there. Set when this file loads, before any test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
# The headless shell is what Playwright itself runs for headless Chromium: the browser
# without its window machinery. Here a fresh context with one page costs a quarter of the
# CPU that /usr/bin/chromium (the full browser, headless) takes, which halves the time of
# the browser tests on two cores. Not the /usr/bin wrapper, which runs it as a child of sh.
CHROMIUM = Path("/usr/lib/chromium/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Map tiles come from OpenStreetMap, which these machines cannot reach: the name
    # fails at once, so nothing waits for an unreachable host. (Not a Playwright route:
    # routing turns off the browser's HTTP cache.)
    "--host-resolver-rules=MAP openstreetmap.org ~NOTFOUND, MAP *.openstreetmap.org ~NOTFOUND",
]
# The pages a visitor meets first, one of each kind.
MAIN_PAGES = [
    "/",
    "/produk/",
    "/kuliner/",
    "/progres/",
    "/sentra/pujasera-contoh-klandasan/",
    "/tenan/kepiting-saus-klandasan/",
    "/kecamatan/balikpapan-kota/",
    "/tenan/kepiting-saus-klandasan/laporkan/",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 360, "height": 740}
SMALLEST_PHONE = {"width": 320, "height": 640}

# Lists the elements that stick out to the right of the viewport, most specific first,
# so that a failure names what to fix.
OVERFLOWING_ELEMENTS_JS = """
() => {
  const limit = window.innerWidth;
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    if (typeof el.className === "string" && el.className.trim()) {
      text += "." + el.className.trim().split(/\\s+/).join(".");
    }
    return text;
  };
  const sticksOut = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > limit + 0.5;
  };
  // Where the overflow starts: elements that stick out inside a parent that does not,
  // and that no ancestor clips (a clipped picture cannot widen the page).
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)) && !clipped(el)) {
      const parent = el.parentElement ? describe(el.parentElement) + " > " : "";
      const right = Math.round(el.getBoundingClientRect().right);
      found.push(parent + describe(el) + " (right edge " + right + "px)");
    }
  }
  return found.slice(0, 8);
}
"""


def assert_no_sideways_scroll(page):
    """The page is no wider than its window; if it is, the message names what sticks out.

    Measured once the page has loaded: a layout read before the stylesheet has arrived
    (right after a click that navigates, say) is the unstyled page's.
    """
    page.wait_for_load_state()
    width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= window, (
        f"{page.url} is {width}px wide in a {window}px window. Sticking out:\n  "
        + "\n  ".join(page.evaluate(OVERFLOWING_ELEMENTS_JS))
    )


# Map tiles' addresses: their failed loads are the only console errors a page may have.
TILES = re.compile(r"^https?://([a-z0-9-]+\.)*openstreetmap\.org/")


def record_console_errors(page):
    """A list that fills with the page's script errors and console errors from now on
    (anything the Content-Security-Policy refuses is one), bar failed map tiles."""
    problems = []

    def on_console(message):
        if message.type == "error" and not TILES.match(message.location.get("url") or ""):
            problems.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


# axe-core as axe-playwright-python bundles it: it runs offline, in the page.
AXE_SOURCE = Axe().axe_script
AXE_BLOCKING_IMPACTS = {"serious", "critical"}


def serious_accessibility_problems(page, nodes_shown=3):
    """What axe-core finds serious or critical on the page as it is now, one readable
    paragraph per rule (what, how bad, where); "" when nothing.

    axe is put in the page once per document, so a page checked again after a resize or
    a click is not sent its 500 KB again. Only violations are asked for: axe then skips
    recording the passes.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    violations = page.evaluate(
        "() => axe.run({resultTypes: ['violations']}).then((results) => results.violations)"
    )
    lines = []
    for violation in violations:
        if violation["impact"] not in AXE_BLOCKING_IMPACTS:
            continue
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:nodes_shown]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
        if len(violation["nodes"]) > nodes_shown:
            lines.append(f"    ... and {len(violation['nodes']) - nodes_shown} more")
    return "\n".join(lines)


def pytest_collection_modifyitems(items):
    """Mark every test in this folder `browser`: `-m "not browser"` leaves them out.

    When a session will run browser tests, the files Chromium and Playwright's driver
    start from are read ahead meanwhile (_read_ahead).
    """
    browser_tests = False
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            browser_tests = True
    if browser_tests:
        threading.Thread(target=_read_ahead, name="browser-read-ahead", daemon=True).start()


def _read_ahead():
    """Read the headless shell, its resources and Playwright's driver (node) once, in order.

    This machine (and CI's, made the same way) drops file pages that nobody touched
    for a minute or so: after 150 s idle, 85 MB of the 212 MB headless shell were gone,
    and reading them back ran at 30 MB/s. Twice in a first run after an idle spell, the
    first browser test in both workers took 20 to 27 s, at the same moment. Chromium and
    node fault their files in page by page as they start; read in sequence here while
    the other tests run, those 400 MB are back in memory well before the first browser
    test needs them. When they are still there, this costs a fraction of a second.
    """
    resources = (CHROMIUM.parent.glob(pattern) for pattern in ("*.pak", "*.dat", "*.bin"))
    driver = Path(playwright.__file__).parent / "driver"
    files = [CHROMIUM, *sorted(chain(*resources)), *sorted(driver.rglob("*"))]
    for path in files:
        if not path.is_file():  # the driver's folders; a missing Chromium fails at launch
            continue
        with open(path, "rb", buffering=0) as handle:
            while handle.read(1 << 20):
                pass


@pytest.fixture(scope="session")
def chromium_executable():
    """Debian's Chromium headless shell. Without it the browser tests fail: a skipped test
    checks nothing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium-headless-shell package "
            "(apt-get install chromium-headless-shell); `make test` and `.ci/run` do it "
            "through scripts/system_packages.sh.",
            pytrace=False,
        )
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def playwright_driver(chromium_executable):
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver, chromium_executable):
    browser = playwright_driver.chromium.launch(
        executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


def _page_maker(browser, base_url):
    """make(viewport=..., **context options) -> a page in a fresh context, and the contexts.

    Service workers are blocked unless a test allows them (`service_workers="allow"`):
    installing the portal's worker renders both offline pages and fetches the core files
    in every fresh context, some 5 requests a test. The pages work the same without it
    (pwa.js registers it only as an extra); the offline tests allow it and check it.
    """
    contexts = []

    def make(viewport=DESKTOP, **context_options):
        context_options.setdefault("service_workers", "block")
        context = browser.new_context(viewport=viewport, base_url=base_url, **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    return make, contexts


class CacheableFilesHandler(StaticFilesHandler):
    """Static files and uploads that the browser may keep, as nginx serves them in production.

    Django's test server sends them with no Cache-Control, so Chromium asked for every
    stylesheet, script, font and picture again on each page of a test: some 3,000
    requests over the browser tests, each through Python. A fresh context per test
    starts with an empty cache, so nothing is kept from one test to the next.
    """

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return super().__call__(environ, start_response)

        def start_cacheable_response(status, headers, exc_info=None):
            if status.startswith("200 ") and not any(
                name.lower() == "cache-control" for name, _value in headers
            ):
                headers = [*headers, ("Cache-Control", "max-age=3600")]
            return start_response(status, headers, exc_info)

        return super().__call__(environ, start_cacheable_response)


class NoDelayServer(ThreadedWSGIServer):
    """Django's test server, sending each response at once (TCP_NODELAY).

    Its handler writes a response in several small pieces (status line, Date, Server,
    headers, body). With Nagle's algorithm on, the last piece waited for the browser's
    delayed acknowledgement: one static file or page in five took 40 ms more, on every
    page a test loads. gunicorn and nginx, which serve the portal, set TCP_NODELAY
    themselves.
    """

    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


def _start_live_server():
    """pytest-django's live server, with cacheable static files and uploads, sent at once."""
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = CacheableFilesHandler
    server.thread.server_class = NoDelayServer
    server.start()
    return server


@pytest.fixture(scope="session")
def live_server():
    """Overrides pytest-django's: the same server (tests that use it are transactional,
    pytest-django's `_live_server_helper` sees to that), with CacheableFilesHandler."""
    server = _start_live_server()
    yield server
    server.stop()


@pytest.fixture
def new_page(browser, live_server):
    """Make pages in fresh contexts: `new_page(viewport=MOBILE, java_script_enabled=False)`.

    Uploads come from the test's MEDIA_ROOT through the live server itself (Django's
    LiveServerThread serves MEDIA_URL as the web server in front of Django does in
    production); answering them from Playwright instead cost some 30 ms each. The live
    server makes the test transactional: what the test writes, the server sees; the tables
    are emptied after.
    """
    make, contexts = _page_maker(browser, live_server.url)
    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def _reading_server(django_db_setup):
    """A second live server, for tests that only read the session's demo data.

    The demo rows loaded once per session are committed, so this server sees
    them without the flush and reload that every transactional test costs.
    pytest-django runs these (non-transactional) tests before any transactional
    test empties the tables; under pytest-xdist each worker keeps that order
    with `--dist load`, as `make test` runs it (reading_page checks).
    """
    server = _start_live_server()
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


def _demo_is_committed():
    """Whether the live servers' own connections see the demo rows (the test's do not count)."""
    from django.db import connections

    from sentra.models import Sentra

    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Sentra._meta.db_table)
            cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")
            return cursor.fetchone() is not None
    finally:
        connection.close()


@pytest.fixture
def reading_page(browser, demo_data, _reading_server):
    """Like `new_page`, for tests that change nothing: `reading_page(viewport=MOBILE)`."""
    if not _demo_is_committed():
        pytest.fail(
            "reading_page: a transactional test before this one emptied the demo data "
            "that the reading server shows. Run pytest-xdist with `--dist load` (as "
            "`make test` does): it keeps pytest-django's order in each worker.",
            pytrace=False,
        )
    make, contexts = _page_maker(browser, _reading_server.url)
    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in(live_server):
    """sign_in(page, username): the page's browser is logged in as that staff member.

    The session is made server-side (Client.force_login) and handed to the browser
    as its cookie, which saves a login page per test. The login form itself is
    used by the back-office journey (on a phone) and the hostile-text journey.
    """
    from django.contrib.auth import get_user_model
    from django.test import Client

    def sign_in_as(page, username):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return sign_in_as


@pytest.fixture
def page(new_page):
    """A desktop page (1280 x 800)."""
    return new_page()


@pytest.fixture
def mobile_page(new_page):
    """A small phone's page (360 x 740)."""
    return new_page(viewport=MOBILE)
