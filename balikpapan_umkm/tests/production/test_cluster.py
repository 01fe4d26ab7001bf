"""Two app servers behind one balancer behave as one portal: they keep no state of their own.

Each test talks to the app servers directly (app1, app2) where it matters
which one answers, and to the balancer (nginx) as visitors do.
"""

import re
import threading
import time

import pytest
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from produk.reports import ALREADY_SENT_MESSAGE

pytestmark = pytest.mark.production

CENTRE = "sentra-umkm-wonorejo"  # planned in the demo: no other test records its progress


def _progress_percent(page_text):
    match = re.search(r'<progress[^>]*value="(\d+)"', page_text)
    return int(match.group(1)) if match else None


def test_the_balancer_and_both_app_servers_are_healthy(cluster, visitor):
    for base in (cluster.url, cluster.app_url("app1"), cluster.app_url("app2")):
        response = visitor.on(base).get("/healthz")
        assert (response.status, response.body) == (200, b"ok")
        assert "no-cache" in response.headers["Cache-Control"]


def test_progress_saved_through_one_server_shows_at_once_through_the_other(cluster, operator):
    on_app2 = operator.on(cluster.app_url("app2"))
    before = _progress_percent(on_app2.get(f"/sentra/{CENTRE}/").text) or 0
    saved = operator.record_progress("Wonorejo", before + 7, "Site visit: foundations poured.")
    assert saved.status == 302, saved.text[:3000]

    # The other app server, and the balancer, show it on the very next request.
    assert _progress_percent(on_app2.get(f"/sentra/{CENTRE}/").text) == before + 7
    assert _progress_percent(operator.on(cluster.url).get(f"/sentra/{CENTRE}/").text) == before + 7
    # The session made on app1 is valid on app2: sessions live in the shared database.
    assert on_app2.get("/admin/").status == 200


def _a_public_product(visitor):
    catalogue = visitor.get("/produk/").text
    return re.search(r'href="/produk/([a-z0-9-]+)/"', catalogue).group(1)


def test_a_report_form_sent_through_one_server_cannot_be_replayed_through_the_other(
    cluster, visitor
):
    """The single-use token is claimed in the shared cache (Redis), not in a worker."""
    product = _a_public_product(visitor)
    on_app1, on_app2 = visitor.on(cluster.app_url("app1")), visitor.on(cluster.app_url("app2"))
    action, fields = on_app1.form(f"/produk/{product}/laporkan/")
    report = {"kind": "closed", "message": "The stall was closed all week."}

    assert (
        on_app2.submit(
            action.replace(on_app1.base_url, on_app2.base_url), fields, changes=report
        ).status
        == 302
    )
    replay = on_app1.submit(action, fields, changes=report)
    assert replay.status == 409
    with translation.override("id"):
        assert escape(str(ALREADY_SENT_MESSAGE)) in replay.text


def test_the_report_limit_holds_across_both_app_servers(cluster, visitor):
    product = _a_public_product(visitor)
    statuses = []
    for attempt in range(7):
        server = visitor.on(cluster.app_url("app1" if attempt % 2 else "app2"))
        action, fields = server.form(f"/produk/{product}/laporkan/")
        response = server.submit(
            action, fields, changes={"kind": "closed", "message": f"Closed, visit {attempt}."}
        )
        statuses.append(response.status)
    # Five saved reports an hour from one address, wherever they arrive (produk.reports).
    assert statuses == [302] * 5 + [429, 429]


def test_a_picture_uploaded_through_one_server_is_served_through_the_other(
    cluster, operator, tmp_path
):
    picture = tmp_path / "amplang-baru.png"
    Image.new("RGB", (800, 600), (200, 120, 40)).save(picture)
    changelist = operator.get("/admin/produk/product/?q=amplang").text
    change_url = re.search(r'href="(/admin/produk/product/\d+/change/[^"]*)"', changelist)
    action, fields = operator.form(
        change_url.group(1).replace("&amp;", "&"), form_id="product_form"
    )
    saved = operator.submit(action, fields, files={"photo": picture})
    assert saved.status == 302, saved.text[:3000]

    slug = next(value for name, value in fields if name == "slug")
    page = operator.on(cluster.app_url("app2")).get(f"/produk/{slug}/").text
    sources = re.findall(r'src="(http://127\.0\.0\.1:\d+/media/[^"]+)"', page)
    assert sources, "no picture on the product page"
    assert "amplang-baru" in sources[0]
    thumbnails = re.findall(r"(http://\S+/media/thumbs/\S+\.webp)", page)
    assert thumbnails, "no thumbnail in the page's srcset"
    for source in (sources[0], thumbnails[0]):
        served = operator.get(source)  # through the balancer, from the bucket
        assert served.status == 200, source
        assert served.headers["Content-Type"] in ("image/png", "image/webp")
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Disposition" not in served.headers


def test_stopping_an_app_server_loses_no_request_at_the_balancer(cluster, visitor):
    """A deployment restarts app servers one at a time; visitors never see an error."""
    statuses, stop = [], threading.Event()

    def browse():
        while not stop.is_set():
            statuses.append(visitor.get("/kecamatan/").status)

    readers = [threading.Thread(target=browse) for _ in range(3)]
    for reader in readers:
        reader.start()
    time.sleep(1)
    cluster.stop_app("app1")  # SIGTERM: requests in flight finish, new ones go to app2
    time.sleep(2)
    cluster.start_app("app1")
    time.sleep(1)
    stop.set()
    for reader in readers:
        reader.join()

    assert len(statuses) > 30
    assert set(statuses) == {200}, {status: statuses.count(status) for status in set(statuses)}
    assert "WORKER TIMEOUT" not in cluster.log("app1") + cluster.log("app2")


def test_a_backup_of_the_cluster_restores_into_a_new_database_and_bucket(cluster, tmp_path):
    """Rows from the cluster's database, files from its bucket; restored and verified."""
    archive = tmp_path / "cluster.tar.gz"
    made = cluster.manage("backup", str(archive)).stdout
    assert re.search(r"Backed up \d+ rows and \d+ files", made), made

    cluster.create_bucket("sentra-restored")
    elsewhere = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/restored.sqlite3",
        "MEDIA_S3_BUCKET": "sentra-restored",
    }
    cluster.manage("migrate", "--noinput", env=elsewhere)
    restored = cluster.manage("restore", str(archive), env=elsewhere).stdout
    # restore compares every row count and every file's SHA-256 with the archive itself.
    rows, files = re.search(r"Backed up (\d+) rows and (\d+) files", made).groups()
    assert f"Restored {rows} rows and {files} files" in restored
    assert int(files) > 50  # the demo's pictures and their thumbnails


def test_every_page_in_the_sitemap_answers_head_without_a_warning(cluster, visitor):
    """Monitors and link checkers send HEAD: a quiet 200, no body, nothing in the logs."""
    logged = {name: len(cluster.log(name)) for name in ("app1", "app2")}
    sections = re.findall(r"<loc>([^<]+)</loc>", visitor.get("/sitemap.xml").text)
    pages = [
        page
        for section in sections
        for page in re.findall(r"<loc>([^<]+)</loc>", visitor.get(section).text)
    ]
    assert len(pages) > 50
    for page in [*pages, cluster.url + "/robots.txt", cluster.url + "/healthz"]:
        assert page.startswith(cluster.url + "/")  # absolute URLs from SITE_URL
        response = visitor.request(page, method="HEAD")
        assert (response.status, response.body) == (200, b""), page
    for name, offset in logged.items():
        new_lines = cluster.log(name)[offset:].splitlines()
        assert len(new_lines) >= len(pages) // 3  # both app servers served some
        assert not [line for line in new_lines if "WARNING" in line or "ERROR" in line]


def test_health_checks_say_when_the_shared_cache_is_down(cluster, visitor):
    cluster.stop_redis()
    try:
        for base in (cluster.app_url("app1"), cluster.app_url("app2")):
            response = visitor.on(base).get("/healthz")
            assert (response.status, response.body) == (503, b"unavailable: cache")
    finally:
        cluster.start_redis()
    for base in (cluster.app_url("app1"), cluster.app_url("app2")):  # they reconnect by themselves
        assert visitor.on(base).get("/healthz").status == 200
