"""Open data: /data/ documents each dataset, and its CSV and JSON downloads hold what it says.

The files are read back with the csv and json modules and compared with the
database; only public rows are in them; the product download lists exactly
what the catalogue lists for the same filters; spreadsheet formulas are made
text; a 30,000-product file streams in flat memory with a fixed number of queries.
"""

import csv
import datetime
import io
import json
import math
import re
import tracemalloc
import zoneinfo
from dataclasses import replace
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.functional import Promise

from balikpapan_umkm import open_data
from balikpapan_umkm.open_data import Field, FieldType
from produk.curation import Curation
from produk.models import Category, Product, Tenant
from produk.synthetic import generate
from produk.tests.factories import ProductFactory, TenantFactory
from sentra.models import (
    BudgetLine,
    FundingSource,
    Milestone,
    PlannedProgress,
    Problem,
    ProgressUpdate,
    Sentra,
    SourceKind,
)
from sentra.tests.factories import SentraFactory

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")

# The datasets with one row per page of the portal (keyed by slug); "progres" and "rencana"
# (rows of a centre's curves) are read back in their own tests.
DATASETS = ["sentra", "tenan", "produk"]
ALL_DATASETS = [*DATASETS, "progres", "rencana"]
DOWNLOADS = [f"/data/{slug}.{format}" for slug in ALL_DATASETS for format in ("csv", "json")]
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def body(response):
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response), newline="")))


def csv_table(response):
    return list(csv.reader(io.StringIO(body(response), newline="")))


def json_file(response):
    return json.loads(body(response))


def as_csv(value):
    """A database value as the CSV writes it (this test's own reading of the format)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def as_json(value):
    if value == "":
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


# Columns that are a database column as stored: the file's name -> the ORM's path.
STORED = {
    "sentra": {
        "name": "name",
        "kecamatan": "kecamatan__name",
        "kecamatan_code": "kecamatan__code",
        "kelurahan": "kelurahan__name",
        "kelurahan_code": "kelurahan__code",
        "address": "address",
        "latitude": "latitude",
        "longitude": "longitude",
        "kind": "kind",
        "status": "status",
        "progress_percent": "progress",
        "progress_date": "progress_recorded_on",
        "target_opening_date": "target_opening_date",
        "opened_on": "opened_on",
        "closed_on": "closed_on",
        "stall_count": "stall_count",
        "contractor": "contractor",
        "contract_number": "contract_number",
        "contract_value_rp": "contract_value",
        "construction_start": "construction_start",
        "construction_planned_end": "construction_planned_end",
        "description": "description",
        "description_en": "description_en",
        "data_source": "data_source",
    },
    "tenan": {
        "name": "name",
        "centre": "sentra__name",
        "centre_slug": "sentra__slug",
        "kecamatan": "sentra__kecamatan__name",
        "kecamatan_code": "sentra__kecamatan__code",
        "stall_number": "stall_number",
        "category": "category",
        "description": "description",
        "description_en": "description_en",
        "verified": "verified",
        "instagram": "instagram",
        "tiktok": "tiktok",
        "shopee_url": "shopee_url",
        "tokopedia_url": "tokopedia_url",
        "website": "website",
        "data_source": "data_source",
    },
    "produk": {
        "name": "name",
        "tenant": "tenant__name",
        "tenant_slug": "tenant__slug",
        "centre": "tenant__sentra__name",
        "centre_slug": "tenant__sentra__slug",
        "kecamatan": "tenant__sentra__kecamatan__name",
        "kecamatan_code": "tenant__sentra__kecamatan__code",
        "category": "category__slug",
        "category_name": "category__name",
        "category_name_en": "category__name_en",
        "price_rp": "price",
        "price_max_rp": "price_max",
        "unit": "unit",
        "is_halal": "is_halal",
        "is_flagship": "is_flagship",
        "description": "description",
        "description_en": "description_en",
        "data_source": "tenant__data_source",
    },
}
# What the public may see of each, and where its pages live.
PUBLIC = {
    "sentra": lambda: Sentra.objects.all(),
    "tenan": lambda: Tenant.objects.filter(
        curation_status=Curation.APPROVED, status=Tenant.Status.ACTIVE
    ),
    "produk": lambda: Product.objects.filter(
        curation_status=Curation.APPROVED,
        is_available=True,
        tenant__curation_status=Curation.APPROVED,
        tenant__status=Tenant.Status.ACTIVE,
    ),
}
PAGE_PREFIX = {"sentra": "/sentra/", "tenan": "/tenan/", "produk": "/produk/"}


def database_rows(slug):
    """{slug: {column: value}} of the public rows, read straight from the database."""
    columns = STORED[slug]
    return {
        row.pop("slug"): {name: row[path] for name, path in columns.items()}
        for row in PUBLIC[slug]().values("slug", *columns.values())
    }


@pytest.fixture
def funded(demo_data):
    """Budget lines with amounts, beside the demo's unpublished ones, on the demo's first centre."""
    centre = Sentra.objects.get(slug="sentra-umkm-balikpapan-barat")
    BudgetLine.objects.filter(sentra=centre, source=FundingSource.APBD).update(amount=2_500_000_000)
    BudgetLine.objects.create(
        sentra=centre, source=FundingSource.APBD, fiscal_year=2026, amount=500_000_000
    )
    BudgetLine.objects.create(sentra=centre, source=FundingSource.PROVINCE, amount=750_000_000)
    return centre


# --- Read back and compared with the database --------------------------------------


@pytest.mark.parametrize("slug", DATASETS)
def test_the_csv_read_back_holds_every_public_row_as_the_database_has_it(client, funded, slug):
    rows = csv_rows(client.get(f"/data/{slug}.csv"))
    expected = database_rows(slug)
    by_slug = {row["slug"]: row for row in rows}
    assert len(by_slug) == len(rows) == len(expected) > 0
    assert by_slug.keys() == expected.keys()
    for row_slug, values in expected.items():
        row = by_slug[row_slug]
        assert {name: row[name] for name in values} == {
            name: as_csv(value) for name, value in values.items()
        }, row_slug
        assert row["url"] == f"http://testserver{PAGE_PREFIX[slug]}{row_slug}/"


@pytest.mark.parametrize("slug", DATASETS)
def test_the_json_read_back_holds_every_public_row_with_typed_values(client, funded, slug):
    document = json_file(client.get(f"/data/{slug}.json"))
    expected = database_rows(slug)
    assert document["count"] == len(document["rows"]) == len(expected) > 0
    by_slug = {row["slug"]: row for row in document["rows"]}
    assert by_slug.keys() == expected.keys()
    for row_slug, values in expected.items():
        row = by_slug[row_slug]
        assert {name: row[name] for name in values} == {
            name: as_json(value) for name, value in values.items()
        }, row_slug


@pytest.mark.parametrize("slug", DATASETS)
def test_csv_and_json_hold_the_same_rows_in_the_same_order(client, funded, slug):
    table = csv_table(client.get(f"/data/{slug}.csv"))
    document = json_file(client.get(f"/data/{slug}.json"))
    header, *rows = table
    assert header == [field["name"] for field in document["fields"]]
    assert [row[header.index("slug")] for row in rows] == [row["slug"] for row in document["rows"]]
    for cells, row in zip(rows, document["rows"], strict=True):
        values = [row[name] for name in header]
        assert len(cells) == len(values)
        for cell, value in zip(cells, values, strict=True):
            if isinstance(value, float):  # a decimal: "-1.276400" in CSV, -1.2764 in JSON
                assert float(cell) == value
            else:
                assert cell == as_csv(value)


def test_centres_carry_their_counts_occupancy_and_budget_by_funding_source(client, funded):
    rows = {row["slug"]: row for row in json_file(client.get("/data/sentra.json"))["rows"]}
    barat = rows["sentra-umkm-balikpapan-barat"]
    assert (barat["progress_percent"], barat["progress_date"]) == (40, "2025-01-31")
    assert barat["budget_apbd_rp"] == 3_000_000_000  # both APBD lines
    assert barat["budget_province_rp"] == 750_000_000
    assert barat["budget_aspirasi_rp"] is None  # its amount is not published
    assert barat["budget_csr_rp"] is None
    assert barat["budget_total_rp"] == 3_750_000_000
    assert barat["budget_lines_unpublished"] == 2  # aspirasi and CSR
    assert rows["sentra-umkm-wonorejo"]["budget_total_rp"] is None

    for centre in Sentra.objects.all():
        row = rows[centre.slug]
        listed = Tenant.objects.listed().filter(sentra=centre).count()
        assert row["active_tenant_count"] == listed, centre.slug
        assert row["product_count"] == Product.objects.public().in_sentra(centre).count()
        occupancy = round(100 * listed / centre.stall_count) if centre.stall_count else None
        assert row["occupancy_percent"] == occupancy, centre.slug
    pujasera = rows["pujasera-contoh-klandasan"]
    assert (pujasera["stall_count"], pujasera["active_tenant_count"]) == (12, 6)
    assert pujasera["occupancy_percent"] == 50


def test_every_funding_source_has_its_own_column(client, demo_data):
    header = csv_table(client.get("/data/sentra.csv"))[0]
    for source in FundingSource.values:
        assert f"budget_{source}_rp" in header


def test_tenants_carry_their_public_product_count(client, demo_data):
    rows = json_file(client.get("/data/tenan.json"))["rows"]
    for row in rows:
        assert (
            row["product_count"]
            == Product.objects.public().filter(tenant__slug=row["slug"]).count()
        )
    assert any(row["product_count"] > 0 for row in rows)


def test_each_value_in_the_json_has_the_type_its_field_declares(client, funded):
    patterns = {
        FieldType.TEXT: lambda v: isinstance(v, str) and v != "",
        FieldType.URL: lambda v: isinstance(v, str) and v.startswith(("http://", "https://")),
        FieldType.INTEGER: lambda v: isinstance(v, int) and not isinstance(v, bool),
        FieldType.DECIMAL: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        FieldType.DATE: lambda v: isinstance(v, str) and bool(re.fullmatch(r"\d{4}-\d\d-\d\d", v)),
        FieldType.BOOLEAN: lambda v: isinstance(v, bool),
    }
    for slug in ALL_DATASETS:
        document = json_file(client.get(f"/data/{slug}.json"))
        fields = open_data.get(slug).fields
        for row in document["rows"]:
            for field in fields:
                value = row[field.name]
                assert value is None or patterns[field.type](value), (slug, field.name, value)
                if field.choices and value is not None:
                    assert value in field.choices.values, (slug, field.name, value)


# --- Construction: plan against actual, sources, history and planned curves ----------


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def monitored(db):
    """A centre under construction, 20 points under its plan when last measured.

    The plan runs from 0 % fifty days ago to 100 % fifty days ahead: thirty days into it,
    on the day of the latest figure (20 days ago), it expected 30 %; the figure is 10 %.
    """
    centre = SentraFactory(name="Sentra Uji Jadwal", status=Sentra.Status.BUILDING)
    for day, percent in ((days_ago(50), 0), (days_ago(-50), 100)):
        PlannedProgress.objects.create(sentra=centre, planned_on=day, planned_percent=percent)
    centre.record_progress(physical_percent=5, recorded_on=days_ago(40))
    centre.record_progress(
        physical_percent=10,
        financial_percent=8,
        recorded_on=days_ago(20),
        source_kind=SourceKind.REPORT,
        source_publisher="Dinas PU Kota Balikpapan",
        source_date=days_ago(18),
        source_title="Laporan mingguan 12",
        source_url="https://pu.example.go.id/laporan-12",
    )
    Milestone.objects.create(
        sentra=centre, kind=Milestone.Kind.TENDER, planned_on=days_ago(80), achieved_on=days_ago(75)
    )
    Milestone.objects.create(sentra=centre, kind=Milestone.Kind.HANDOVER, planned_on=days_ago(-50))
    Problem.objects.create(sentra=centre, reported_on=days_ago(30), description="Hujan deras")
    Problem.objects.create(
        sentra=centre,
        reported_on=days_ago(60),
        description="Material terlambat",
        status=Problem.Status.RESOLVED,
        resolution="Dikirim",
        resolved_on=days_ago(45),
    )
    return centre


def centre_row(client, path, slug):
    if path.endswith(".csv"):
        rows = csv_rows(client.get(path))
    else:
        rows = json_file(client.get(path))["rows"]
    return next(row for row in rows if row["slug"] == slug)


def test_a_centre_row_carries_its_flag_its_plan_and_the_source_of_its_latest_figure(
    client, monitored
):
    row = centre_row(client, "/data/sentra.json", monitored.slug)
    assert row["schedule_flag"] == "behind"
    assert row["planned_percent"] == 30
    assert row["progress_percent"] == 10
    assert row["planned_end"] == days_ago(-50).isoformat()
    assert row["not_updated_since"] is None  # 20 days old: current
    assert row["progress_financial_percent"] == 8
    assert row["progress_source_kind"] == "report"
    assert row["progress_source_publisher"] == "Dinas PU Kota Balikpapan"
    assert row["progress_source_date"] == days_ago(18).isoformat()
    assert row["progress_source_title"] == "Laporan mingguan 12"
    assert row["progress_source_url"] == "https://pu.example.go.id/laporan-12"
    assert row["milestone_tender_planned"] == days_ago(80).isoformat()
    assert row["milestone_tender_actual"] == days_ago(75).isoformat()
    assert row["milestone_handover_planned"] == days_ago(-50).isoformat()
    assert row["milestone_handover_actual"] is None
    assert row["milestone_design_planned"] is None
    assert row["open_problems"] == 1


def test_the_csv_says_the_same_of_the_plan_as_the_json(client, monitored):
    csv_row = centre_row(client, "/data/sentra.csv", monitored.slug)
    json_row = centre_row(client, "/data/sentra.json", monitored.slug)
    assert csv_row == {name: as_csv(value) for name, value in json_row.items()}


def test_a_figure_older_than_the_threshold_is_marked_not_updated_since(client, monitored, settings):
    settings.PROGRESS_STALE_AFTER_DAYS = 19
    row = centre_row(client, "/data/sentra.json", monitored.slug)
    assert row["not_updated_since"] == days_ago(20).isoformat()
    assert row["schedule_flag"] == "behind"  # an old figure is marked, not taken for a delay


def test_a_centre_without_a_plan_is_flagged_so_with_empty_plan_columns(client, db):
    centre = SentraFactory(status=Sentra.Status.PLANNED)
    row = centre_row(client, "/data/sentra.json", centre.slug)
    assert row["schedule_flag"] == "no_plan"
    assert row["planned_percent"] is None
    assert row["progress_source_kind"] is None
    assert row["open_problems"] == 0


def test_every_centre_has_the_flag_its_page_shows(client, demo_data):
    flags = {centre.slug: centre.schedule.flag.value for centre in Sentra.objects.with_schedule()}
    rows = json_file(client.get("/data/sentra.json"))["rows"]
    assert {row["slug"]: row["schedule_flag"] for row in rows} == flags
    assert len(set(flags.values())) > 1  # the demo shows more than one state


@pytest.mark.parametrize("format", ["csv", "json"])
def test_the_history_holds_every_figure_with_its_source_oldest_first(client, monitored, format):
    path = f"/data/progres.{format}"
    rows = csv_rows(client.get(path)) if format == "csv" else json_file(client.get(path))["rows"]
    convert = as_csv if format == "csv" else as_json
    updates = ProgressUpdate.objects.filter(sentra=monitored).order_by("recorded_on")
    assert [row for row in rows if row["sentra"] == monitored.slug] == [
        {
            "sentra": monitored.slug,
            "sentra_name": "Sentra Uji Jadwal",
            "recorded_on": convert(update.recorded_on),
            "physical_percent": convert(update.physical_percent),
            "financial_percent": convert(update.financial_percent),
            "note": convert(update.note),
            "source_kind": convert(update.source_kind),
            "source_publisher": convert(update.source_publisher),
            "source_visitor": convert(update.source_visitor),
            "source_date": convert(update.source_date),
            "source_title": convert(update.source_title),
            "source_url": convert(update.source_url),
            "recorded_by": convert(update.recorded_by_office),
            "photo_url": convert(None),
        }
        for update in updates
    ]
    assert len(updates) == 2


@pytest.mark.parametrize("dataset", ["progres", "rencana"])
def test_a_centre_page_links_to_its_own_rows_of_the_curves(client, demo_data, dataset):
    centre = Sentra.objects.get(slug="sentra-contoh-karang-rejo")  # a plan and a history
    page = client.get(centre.get_absolute_url()).content.decode()
    link = f"/data/{dataset}.csv?sentra={centre.slug}"
    assert f'href="{link}"' in page
    rows = csv_rows(client.get(link))
    model = ProgressUpdate if dataset == "progres" else PlannedProgress
    assert len(rows) == model.objects.filter(sentra=centre).count() > 0
    assert {row["sentra"] for row in rows} == {centre.slug}


def test_an_unknown_centre_is_named_and_left_out_of_the_curves_filter(client, demo_data):
    response = client.get("/data/progres.csv", {"sentra": "tidak-ada"})
    assert response["X-Ignored-Filters"] == "sentra"
    assert len(csv_rows(response)) == ProgressUpdate.objects.count()


def test_the_history_has_every_figure_of_the_demo(client, demo_data):
    rows = csv_rows(client.get("/data/progres.csv"))
    assert len(rows) == ProgressUpdate.objects.count() > 0
    assert {row["sentra"] for row in rows} == set(
        ProgressUpdate.objects.values_list("sentra__slug", flat=True)
    )


@pytest.mark.parametrize("format", ["csv", "json"])
def test_the_planned_curves_hold_every_point_by_date(client, monitored, format):
    path = f"/data/rencana.{format}"
    rows = csv_rows(client.get(path)) if format == "csv" else json_file(client.get(path))["rows"]
    convert = as_csv if format == "csv" else as_json
    assert rows == [
        {
            "sentra": monitored.slug,
            "sentra_name": "Sentra Uji Jadwal",
            "planned_on": convert(days_ago(50)),
            "planned_percent": convert(0),
        },
        {
            "sentra": monitored.slug,
            "sentra_name": "Sentra Uji Jadwal",
            "planned_on": convert(days_ago(-50)),
            "planned_percent": convert(100),
        },
    ]


# --- Only what the public may see -----------------------------------------------------


def test_drafts_listings_under_review_and_closed_tenants_are_left_out(client, demo_data):
    centre = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    category = Category.objects.get(slug="makanan")
    listed = TenantFactory(sentra=centre, name="Warung Terbit", stall_number="Z-1")
    shown = ProductFactory(tenant=listed, category=category, name="Nasi kuning terbit")
    draft = ProductFactory(
        tenant=listed, category=category, name="Draf", curation_status=Curation.DRAFT
    )
    sold_out = ProductFactory(tenant=listed, category=category, is_available=False)
    under_review = TenantFactory(sentra=centre, stall_number="Z-2", curation_status=Curation.DRAFT)
    closed = TenantFactory(sentra=centre, stall_number="Z-3", status=Tenant.Status.CLOSED)
    rejected = TenantFactory(sentra=centre, stall_number="Z-4", curation_status=Curation.REJECTED)
    hidden_products = [
        ProductFactory(tenant=tenant, category=category) for tenant in (under_review, closed)
    ]

    for format in ("csv", "json"):
        response = client.get(f"/data/tenan.{format}")
        tenants = csv_rows(response) if format == "csv" else json_file(response)["rows"]
        slugs = {row["slug"] for row in tenants}
        assert listed.slug in slugs
        assert not {under_review.slug, closed.slug, rejected.slug} & slugs

        response = client.get(f"/data/produk.{format}")
        products = csv_rows(response) if format == "csv" else json_file(response)["rows"]
        slugs = {row["slug"] for row in products}
        assert shown.slug in slugs
        assert not {draft.slug, sold_out.slug, *(p.slug for p in hidden_products)} & slugs


def test_a_change_awaiting_review_is_not_in_the_files(client, demo_data, staf_dprd):
    product = Product.objects.public().get(slug="kepiting-saus-padang-kepiting-saus-klandasan")
    product.name = "Nama usulan yang belum disetujui"
    product.hold_changes_for_review(by=staf_dprd)
    product.save()
    text = body(client.get("/data/produk.csv"))
    assert "Kepiting saus padang" in text
    assert "belum disetujui" not in text


def test_whatsapp_numbers_and_owners_names_stay_out(client, demo_data):
    Tenant.objects.filter(slug="kepiting-saus-klandasan").update(
        data_source="self", whatsapp="+6281254000107", owner_name="Ibu Pemilik Warung"
    )
    for path in ("/data/tenan.csv", "/data/tenan.json", "/data/produk.json"):
        text = body(client.get(path))
        assert "81254000107" not in text
        assert "Ibu Pemilik Warung" not in text


# --- The product download takes the catalogue's filters ------------------------------


def catalogue_slugs(client, query):
    """Every product the catalogue lists for `query`, page after page, in its order."""
    first = client.get("/en/produk/", query).content.decode()
    total = int(re.search(r'class="results-count">(\d+) products?<', first).group(1))
    slugs = []
    for page in range(1, math.ceil(total / 24) + 1):
        html = client.get("/en/produk/", {**query, "page": page}).content.decode()
        slugs += re.findall(r'<h3 class="card__title"><a href="/en/produk/([^/]+)/">', html)
    assert len(slugs) == total
    return slugs


CATALOGUE_QUERIES = [
    {},
    {"kecamatan": "balikpapan-kota"},
    {"kategori": "makanan", "halal": "1"},
    {"q": "kepiting"},
    {"sentra": "pujasera-contoh-klandasan", "urut": "-baru"},
    {"harga_min": "10000", "harga_max": "30000", "urut": "nama"},
    {"unggulan": "ya"},
]


@pytest.mark.parametrize("query", CATALOGUE_QUERIES)
def test_the_product_download_lists_what_the_catalogue_lists_in_its_order(client, demo_data, query):
    expected = catalogue_slugs(client, query)
    assert expected or query == {"unggulan": "ya"}  # the demo may have no flagship products
    from_csv = [row["slug"] for row in csv_rows(client.get("/data/produk.csv", query))]
    document = json_file(client.get("/data/produk.json", query))
    assert from_csv == expected
    assert [row["slug"] for row in document["rows"]] == expected
    assert document["ignored_filters"] == []


def test_sorted_by_price_it_lists_the_catalogues_products_cheapest_first(client, demo_data):
    """Equal prices have no order of their own (the catalogue leaves them to the database):
    the same products, in price order, ties in a fixed order (by key) in every download."""
    query = {"kategori": "makanan", "urut": "harga"}
    expected = catalogue_slugs(client, query)
    rows = csv_rows(client.get("/data/produk.csv", query))
    assert sorted(row["slug"] for row in rows) == sorted(expected)
    prices = [int(row["price_rp"]) for row in rows]
    assert prices == sorted(prices)
    assert len(set(prices)) < len(prices)  # the demo has ties, which this is about
    again = [row["slug"] for row in csv_rows(client.get("/data/produk.csv", query))]
    assert again == [row["slug"] for row in rows]


def test_the_download_covers_every_page_of_a_long_catalogue(client, demo_data):
    generate(products=120)
    expected = catalogue_slugs(client, {"halal": "1"})
    assert len(expected) > 24 * 2  # several pages
    rows = csv_rows(client.get("/data/produk.csv", {"halal": "1"}))
    assert [row["slug"] for row in rows] == expected


def test_bad_filter_values_are_left_out_as_in_the_catalogue_and_named(client, demo_data):
    bad = {"kecamatan": "atlantis", "harga_min": "murah", "halal": "1", "urut": "acak"}
    expected = catalogue_slugs(client, {"halal": "1"})
    assert catalogue_slugs(client, bad) == expected

    response = client.get("/data/produk.csv", bad)
    assert response["X-Ignored-Filters"] == "harga_min, kecamatan, urut"
    assert [row["slug"] for row in csv_rows(response)] == expected
    document = json_file(client.get("/data/produk.json", bad))
    assert document["ignored_filters"] == ["harga_min", "kecamatan", "urut"]
    assert [row["slug"] for row in document["rows"]] == expected
    assert "X-Ignored-Filters" not in client.get("/data/produk.csv", {"halal": "1"})


def test_the_catalogue_links_to_the_download_of_what_it_shows(client, demo_data):
    html = client.get(
        "/en/produk/", {"kecamatan": "balikpapan-kota", "halal": "1", "page": "1"}
    ).content.decode()
    assert 'href="/data/produk.csv?kecamatan=balikpapan-kota&amp;halal=1"' in html
    assert 'href="/data/produk.json?kecamatan=balikpapan-kota&amp;halal=1"' in html
    assert "Download these products as" in html
    unfiltered = client.get("/en/produk/").content.decode()
    assert 'href="/data/produk.csv"' in unfiltered


def test_other_datasets_ignore_a_query_string(client, demo_data):
    plain = body(client.get("/data/tenan.csv"))
    assert body(client.get("/data/tenan.csv", {"kecamatan": "balikpapan-kota"})) == plain


# --- Spreadsheet safety ---------------------------------------------------------------


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_made_text(client, demo_data):
    centre = Sentra.objects.get(slug="pujasera-contoh-klandasan")
    tenant = TenantFactory(
        sentra=centre,
        stall_number="Z-9",
        name='=HYPERLINK("http://evil.example","klik")',
        description="+62 812 cmd",
        instagram="@sum",
    )
    product = ProductFactory(
        tenant=tenant,
        category=Category.objects.get(slug="makanan"),
        name="-2+3",
        unit="\tper bungkus",
        description="\rbaris",
    )
    rows = {row["slug"]: row for row in csv_rows(client.get("/data/produk.csv"))}
    row = rows[product.slug]
    assert row["name"] == "'-2+3"
    assert row["tenant"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert row["unit"] == "'\tper bungkus"
    assert row["description"] == "'\rbaris"
    tenant_row = next(
        r for r in csv_rows(client.get("/data/tenan.csv")) if r["slug"] == tenant.slug
    )
    assert tenant_row["description"] == "'+62 812 cmd"
    # JSON is not a spreadsheet: the text stays as it is.
    document = json_file(client.get("/data/produk.json"))
    json_row = next(r for r in document["rows"] if r["slug"] == product.slug)
    assert (json_row["name"], json_row["unit"]) == ("-2+3", "\tper bungkus")
    # Numbers are numbers: a negative latitude is not escaped.
    centres = {row["slug"]: row for row in csv_rows(client.get("/data/sentra.csv"))}
    assert centres["pujasera-contoh-klandasan"]["latitude"] == "-1.276400"


# --- Streaming: flat memory, fixed queries ---------------------------------------------


def _stream_product_csv(client):
    """(peak traced memory while the CSV is written, data rows, bytes) for the whole catalogue."""
    response = client.get("/data/produk.csv")
    tracemalloc.start()
    lines = size = 0
    for piece in response.streaming_content:  # the query runs and every row is written here
        lines += piece.count(b"\r\n")
        size += len(piece)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, lines - 1, size


def _memory_to_hold(count):
    """What holding `count` public products as a list would take, from 1,500 of them."""
    queryset, _ignored = open_data.get("produk").rows()
    tracemalloc.start()
    held = list(queryset[:1500])
    _now, per_1500 = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(held) == 1500
    return per_1500 * count / 1500


def test_the_product_csv_streams_in_flat_memory(client, demo_data):
    """Four times the rows, the same memory: the download holds neither its rows nor the file.

    A first download warms what any request loads once (translations, compiled
    queries). Held rows or a held file would grow with the rows; a stream stays near
    one chunk (500 rows). At 30,000 products the peak measured 2 MB, against 47 MB to
    hold the rows; the sizes here are smaller, and the growth is what is checked.
    """
    _stream_product_csv(client)
    measured = {}
    for products in (2_000, 8_000):
        generate(products=products)
        public = Product.objects.public().count()
        peak, rows, size = _stream_product_csv(client)
        assert rows == public > products * 0.95  # every public row
        measured[products] = peak, size

    (small_peak, small_size), (large_peak, large_size) = measured[2_000], measured[8_000]
    assert large_size > small_size * 3.5
    assert large_peak < small_peak * 1.25, measured
    assert large_peak < _memory_to_hold(Product.objects.public().count()) / 5, measured


DOWNLOAD_BUDGETS = {
    # the centres with their tenant and product counts and budget sums; then, for the
    # chunk of centres (all of them), the centres again with their planned curves, their
    # histories, milestones and open problems (Sentra.schedule, not_updated_since)
    "/data/sentra.csv": 6,
    "/data/sentra.json": 6,
    # every progress figure with its centre; every planned point with its centre
    "/data/progres.csv": 1,
    "/data/progres.json": 1,
    "/data/rencana.csv": 1,
    "/data/rencana.json": 1,
    # the centres (to check the value sent), then that centre's figures
    "/data/progres.csv?sentra=sentra-umkm-balikpapan-barat": 2,
    "/data/rencana.json?sentra=sentra-contoh-karang-rejo": 2,
    # the tenants with their centre, district and product count
    "/data/tenan.csv": 1,
    "/data/tenan.json": 1,
    # the products with category, tenant, centre and district
    "/data/produk.csv": 1,
    "/data/produk.json": 1,
    # the district and category choices (to check the values sent), then the products
    "/data/produk.csv?kecamatan=balikpapan-kota&kategori=makanan&halal=1&q=kepiting": 3,
    "/data/produk.json?kecamatan=balikpapan-kota&urut=-harga": 2,
    # the open data page: only the footer's "last updated" date
    "/data/": 1,
    "/en/data/": 1,
}


def test_query_counts_stay_fixed_as_the_data_grows(client, demo_data):
    def counts():
        measured = {}
        for path, _budget in DOWNLOAD_BUDGETS.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
                assert response.status_code == 200, path
                if response.streaming:
                    b"".join(response.streaming_content)
            measured[path] = len(queries)
        return measured

    assert counts() == DOWNLOAD_BUDGETS
    generate(products=1500)
    assert counts() == DOWNLOAD_BUDGETS


# --- Headers ------------------------------------------------------------------------


@pytest.mark.parametrize("path", DOWNLOADS)
def test_a_download_is_a_dated_public_file_without_cookie_or_vary(client, demo_data, path):
    with mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(2025, 6, 6, 23, 30, tzinfo=WITA),
    ):
        response = client.get(path)
    slug, format = path.removeprefix("/data/").split(".")
    assert (
        response["Content-Type"]
        == {
            "csv": "text/csv; charset=utf-8",
            "json": "application/json",
        }[format]
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="sentra-umkm-balikpapan-{slug}-2025-06-06.{format}"'
    )
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies
    assert not response.has_header("Vary")
    assert body(response)


def test_a_head_request_gets_the_headers_and_no_rows(client, demo_data):
    with CaptureQueriesContext(connection) as queries:
        response = client.head("/data/produk.csv")
        assert b"".join(response.streaming_content) == b""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(queries) == 0


def test_the_json_says_what_it_is_where_it_comes_from_and_under_which_licence(
    client, demo_data, settings
):
    settings.SITE_URL = "https://sentra.example.id"
    with mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(2025, 6, 6, 23, 30, tzinfo=WITA),
    ):
        document = json_file(client.get("/data/produk.json", {"halal": "1", "q": "<b>"}))
    assert document["dataset"] == "produk"
    assert document["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert document["documentation"] == "https://sentra.example.id/data/#produk"
    assert document["source"] == "https://sentra.example.id/data/produk.json?halal=1&q=%3Cb%3E"
    assert document["generated_at"] == "2025-06-06T23:30:00+08:00"
    assert document["fields"] == [
        {"name": field.name, "type": field.type.value} for field in open_data.get("produk").fields
    ]
    assert list(document)[-2:] == ["rows", "count"]


@pytest.mark.parametrize("path", ["/data/kecamatan.csv", "/data/produk.xml", "/en/data/produk.csv"])
def test_unknown_datasets_and_formats_are_404(client, db, path):
    assert client.get(path).status_code == 404


def test_the_page_cache_never_keeps_a_download(client, demo_data, settings):
    """A stream is never stored (PageCacheMiddleware keeps complete pages only): every
    download is made from the data as it is, even before the cache hears of a change."""
    settings.PAGE_CACHE = True
    cache.clear()
    first = client.get("/data/tenan.csv")
    assert "Kepiting Saus Klandasan" in body(first)
    assert not first.has_header("X-Page-Cache")
    # Renamed without a save (no signal): a kept page would still show the old name.
    Tenant.objects.filter(slug="kepiting-saus-klandasan").update(name="Kepiting Baru")
    second = client.get("/data/tenan.csv")
    assert not second.has_header("X-Page-Cache")
    assert "Kepiting Baru" in body(second)
    # The page about the data is an ordinary page: kept.
    assert client.get("/data/")["X-Page-Cache"] == "miss"
    assert client.get("/data/")["X-Page-Cache"] == "hit"


# --- The /data/ page: written from the same definitions -----------------------------


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_page_documents_every_field_of_every_dataset(client, demo_data, prefix):
    page = client.get(f"{prefix}/data/").content.decode()
    language = "en" if prefix else "id"
    assert f'<html lang="{language}">' in page
    with translation.override(language):
        for dataset in open_data.DATASETS.values():
            assert f'id="{dataset.slug}"' in page
            assert f'href="/data/{dataset.slug}.csv"' in page
            assert f'href="/data/{dataset.slug}.json"' in page
            for field in dataset.fields:
                assert f'<code class="data-fields__name">{field.name}</code>' in page
                assert escape_text(field.description) in page, field.name
                assert escape_text(field.type.label) in page
                for value, label in field.choices.choices if field.choices else []:
                    assert f"<code>{value}</code>: {escape_text(label)}" in page


def escape_text(text):
    from django.utils.html import escape

    return escape(str(text))


def test_the_english_page_speaks_english_and_field_names_stay_identifiers(client, demo_data):
    english = client.get("/en/data/").content.decode()
    indonesian = client.get("/data/").content.decode()
    assert "Physical construction progress at the latest progress update" in english
    assert 'rel="license">CC BY 4.0</a>' in english

    def names(page):
        return re.findall(r'<code class="data-fields__name">([^<]+)</code>', page)

    assert names(english) == names(indonesian)
    for dataset in open_data.DATASETS.values():
        for field in dataset.fields:
            assert SNAKE_CASE.fullmatch(field.name), field.name
            assert isinstance(field.description, Promise), field.name  # translated per page
            assert isinstance(field.type.label, Promise)
        assert len(set(dataset.field_names)) == len(dataset.fields), dataset.slug
        assert isinstance(dataset.title, Promise)
        assert isinstance(dataset.row, Promise)


def test_the_file_header_is_the_same_whatever_language_is_asked(client, demo_data):
    plain = csv_table(client.get("/data/produk.csv"))[0]
    with translation.override("en"):
        english = csv_table(client.get("/data/produk.csv", HTTP_ACCEPT_LANGUAGE="en"))[0]
    assert plain == english == open_data.get("produk").field_names


def test_a_field_added_to_a_definition_appears_on_the_page_and_in_both_downloads(
    client, demo_data, monkeypatch
):
    products = open_data.get("produk")
    added = Field(
        "tenant_stall",
        FieldType.TEXT,
        "The stall where it is sold (a test field).",
        "tenant__stall_number",
    )
    monkeypatch.setitem(
        open_data.DATASETS, "produk", replace(products, fields=(*products.fields, added))
    )
    page = client.get("/en/data/").content.decode()
    assert '<code class="data-fields__name">tenant_stall</code>' in page
    assert "The stall where it is sold (a test field)." in page

    rows = csv_rows(client.get("/data/produk.csv"))
    stalls = dict(PUBLIC["produk"]().values_list("slug", "tenant__stall_number"))
    assert {row["slug"]: row["tenant_stall"] for row in rows} == stalls
    document = json_file(client.get("/data/produk.json"))
    assert {row["slug"]: row["tenant_stall"] for row in document["rows"]} == stalls
    assert {"name": "tenant_stall", "type": "text"} in document["fields"]


def test_the_licence_follows_the_settings(client, demo_data, settings):
    settings.OPEN_DATA_LICENCE = "Open Data Commons Attribution 1.0"
    settings.OPEN_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/by/1-0/"
    page = client.get("/en/data/").content.decode()
    assert (
        '<a href="https://opendatacommons.org/licenses/by/1-0/" rel="license">'
        "Open Data Commons Attribution 1.0</a>"
    ) in page
    assert json_file(client.get("/data/sentra.json"))["licence"]["name"] == (
        "Open Data Commons Attribution 1.0"
    )
    settings.OPEN_DATA_LICENCE_URL = ""
    page = client.get("/en/data/").content.decode()
    assert 'rel="license"' not in page
    assert "Open Data Commons Attribution 1.0." in page
    assert json_file(client.get("/data/sentra.json"))["licence"]["url"] is None


def test_the_licence_setting_names_its_url_only_for_its_default(monkeypatch):
    from importlib import reload

    from balikpapan_umkm import settings as portal_settings

    try:
        monkeypatch.setenv("OPEN_DATA_LICENCE", "Lisensi Kota Balikpapan")
        custom = reload(portal_settings)
        assert (custom.OPEN_DATA_LICENCE, custom.OPEN_DATA_LICENCE_URL) == (
            "Lisensi Kota Balikpapan",
            "",
        )
        monkeypatch.delenv("OPEN_DATA_LICENCE")
        default = reload(portal_settings)
        assert default.OPEN_DATA_LICENCE_URL == "https://creativecommons.org/licenses/by/4.0/"
    finally:
        monkeypatch.undo()
        reload(portal_settings)


def test_every_page_links_to_the_open_data_from_its_footer(client, demo_data):
    for path in ("/", "/en/kuliner/"):
        page = client.get(path).content.decode()
        prefix = "/en" if path.startswith("/en/") else ""
        assert f'<a href="{prefix}/data/">' in page
