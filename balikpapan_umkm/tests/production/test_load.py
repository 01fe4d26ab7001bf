"""A bounded load test on the production start: visitors read while staff write.

Readers fetch the public pages through the balancer as fast as they can while
one staff member records construction progress and another edits a price,
through the admin's own forms. Nothing may fail, no worker may time out, and
every write must be there afterwards. Throughput is printed for the record
(run with -s); speed itself is measured by scripts/benchmark.sh, not here.
"""

import re
import statistics
import threading
import time

import pytest

pytestmark = pytest.mark.production

READERS = 6
SECONDS = 6  # reading goes on at least this long; the writes are spread over it
PROGRESS_WRITES = 12
PRICE_WRITES = 8
CENTRE = "sentra-umkm-balikpapan-barat"
PAGES = [
    "/",
    "/kecamatan/",
    "/kecamatan/balikpapan-barat/",
    f"/sentra/{CENTRE}/",
    "/kuliner/",
    "/progres/",
    "/produk/",
    "/produk/?kategori=makanan&urut=harga",
    "/produk/?q=amplang",
    "/en/produk/",
    "/sitemap.xml",
    "/healthz",
]


def _record_progress(operator, percents, outcomes):
    for percent in percents:
        response = operator.record_progress(
            "Balikpapan Barat", percent, f"Load test: weekly report at {percent}%."
        )
        outcomes.append(("progress", response.status))
        time.sleep(SECONDS / PROGRESS_WRITES)


def _edit_price(editor, change_url, prices, outcomes):
    for price in prices:
        action, fields = editor.form(change_url, form_id="product_form")
        response = editor.submit(action, fields, changes={"price": str(price)})
        outcomes.append(("price", response.status))
        time.sleep(SECONDS / PRICE_WRITES)


def test_visitors_read_while_staff_write_and_nothing_is_lost(cluster, operator, visitor):
    start_percent = int(
        re.search(r'<progress[^>]*value="(\d+)"', visitor.get(f"/sentra/{CENTRE}/").text).group(1)
    )
    percents = [start_percent + step for step in range(1, PROGRESS_WRITES + 1)]
    changelist = operator.get("/admin/produk/product/?q=bingka").text
    change_url = re.search(r'href="(/admin/produk/product/\d+/change/)', changelist).group(1)
    prices = [41_000 + 500 * step for step in range(PRICE_WRITES)]
    editor = operator.on(cluster.app_url("app2"))  # the second writer uses the other server

    reads, outcomes, stop = [], [], threading.Event()
    logged = {name: len(cluster.log(name)) for name in ("app1", "app2")}

    def read(offset):
        page = offset
        while not stop.is_set():
            path = PAGES[page % len(PAGES)]
            started = time.monotonic()
            status = visitor.get(path).status
            reads.append((path, status, time.monotonic() - started))
            page += 1

    readers = [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
    writers = [
        threading.Thread(target=_record_progress, args=(operator, percents, outcomes)),
        threading.Thread(target=_edit_price, args=(editor, change_url, prices, outcomes)),
    ]
    started = time.monotonic()
    for thread in readers + writers:
        thread.start()
    for writer in writers:
        writer.join(120)
    time.sleep(max(1, SECONDS - (time.monotonic() - started)))
    stop.set()
    for reader in readers:
        reader.join(60)
    elapsed = time.monotonic() - started

    latencies = sorted(seconds for _, _, seconds in reads)
    print(
        f"\n{len(reads)} reads in {elapsed:.1f} s ({len(reads) / elapsed:.0f}/s) by {READERS} "
        f"readers beside {len(outcomes)} saves; median "
        f"{statistics.median(latencies) * 1000:.0f} ms, p95 "
        f"{latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
    )
    failed = [(path, status) for path, status, _ in reads if status != 200]
    assert not failed, failed[:20]
    assert len(reads) > 100
    assert outcomes.count(("progress", 302)) == PROGRESS_WRITES, outcomes
    assert outcomes.count(("price", 302)) == PRICE_WRITES, outcomes
    logs = "".join(cluster.log(name)[offset:] for name, offset in logged.items())
    assert "WORKER TIMEOUT" not in logs
    assert "Traceback" not in logs

    # Every write is there, and public pages show the last of each at once.
    saved = cluster.manage(
        "shell",
        "--no-imports",
        "-c",
        "from sentra.models import ProgressUpdate; print(ProgressUpdate.objects.filter("
        f"sentra__slug='{CENTRE}', note__startswith='Load test').count())",
    ).stdout
    assert int(saved) == PROGRESS_WRITES
    centre_page = visitor.get(f"/sentra/{CENTRE}/").text
    assert f'value="{percents[-1]}"' in centre_page
    slug = re.search(r'name="slug"[^>]*value="([^"]+)"', operator.get(change_url).text).group(1)
    assert f"Rp{prices[-1]:,}".replace(",", ".") in visitor.get(f"/produk/{slug}/").text
