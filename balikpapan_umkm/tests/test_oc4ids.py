"""OC4IDS: every centre as an infrastructure project, and all of them as one project package.

Every file is validated against the OC4IDS 0.9.5 JSON Schemas kept in the repository
(balikpapan_umkm/oc4ids/schema/0.9.5/), offline: the package schema's $ref to the project
schema resolves to the kept file, and dates and URIs are checked by this module's own
format checks. A centre built with factories is read back field by field against its
rows; each centre status maps to its projectStatus code; the files are public, cacheable
and cookieless, and cost five queries however many centres there are.
"""

import datetime
import io
import json
import re
import zoneinfo
from decimal import Decimal
from unittest import mock
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft4Validator, FormatChecker
from PIL import Image
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from balikpapan_umkm import oc4ids
from sentra.models import (
    BudgetLine,
    FundingSource,
    Milestone,
    PlannedProgress,
    ProgressUpdate,
    Sentra,
    SourceKind,
)
from sentra.tests.factories import KelurahanFactory, SentraFactory

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


# --- The kept schema, validated offline -------------------------------------------------


def kept(name):
    return json.loads((oc4ids.SCHEMA_DIR / name).read_text())


PROJECT_SCHEMA = kept("project-schema.json")
PACKAGE_SCHEMA = kept("project-package-schema.json")

# RFC 3339, as JSON Schema's "date-time" means it: a date, a time and an offset.
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
# Only the formats the schemas use, checked here rather than by optional packages.
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time")
def is_date_time(value):
    if not isinstance(value, str):
        return True
    if not RFC3339.fullmatch(value):
        return False
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@FORMATS.checks("uri")
def is_uri(value):
    """An absolute URI: a scheme, no spaces, and a host for web addresses."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return (
        bool(URI_SCHEME.fullmatch(parts.scheme))
        and not any(character.isspace() for character in value)
        and (parts.scheme not in ("http", "https") or bool(parts.netloc))
    )


# The package's items $ref the project schema by its published URL: the registry answers
# it with the kept file and knows nothing else, so nothing is ever fetched.
REGISTRY = Registry().with_resource(
    PROJECT_SCHEMA["id"], Resource.from_contents(PROJECT_SCHEMA, default_specification=DRAFT4)
)
PROJECT = Draft4Validator(PROJECT_SCHEMA, format_checker=FORMATS)
PACKAGE = Draft4Validator(PACKAGE_SCHEMA, registry=REGISTRY, format_checker=FORMATS)


def errors(validator, instance):
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def test_the_kept_schemas_are_the_named_release_in_draft_4():
    assert oc4ids.SCHEMA_VERSION == oc4ids.SCHEMA_DIR.name == "0.9.5"
    assert oc4ids.SCHEMA_VERSION.startswith(oc4ids.VERSION + ".")
    published = "https://standard.open-contracting.org/infrastructure/schema/0__9__5/"
    assert PROJECT_SCHEMA["id"] == published + "project-schema.json"
    assert PACKAGE_SCHEMA["id"] == published + "project-package-schema.json"
    assert PACKAGE_SCHEMA["properties"]["projects"]["items"] == {"$ref": PROJECT_SCHEMA["id"]}
    for schema in (PROJECT_SCHEMA, PACKAGE_SCHEMA):
        assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
        Draft4Validator.check_schema(schema)
    readme = (oc4ids.SCHEMA_DIR / "README.md").read_text()
    assert "0.9.5" in readme
    assert "github.com/open-contracting/infrastructure" in readme
    assert "Apache License" in readme


def test_the_package_schema_reaches_the_kept_project_schema_and_nothing_else():
    resolver = REGISTRY.resolver()
    assert resolver.lookup(PROJECT_SCHEMA["id"]).contents is PROJECT_SCHEMA
    # A project that breaks the project schema breaks the package: the $ref is followed.
    package = {
        "uri": "https://sentra.example.id/data/oc4ids.json",
        "publishedDate": "2025-06-06T23:30:00+08:00",
        "version": "0.9",
        "publisher": {"name": "Komisi II DPRD Kota Balikpapan"},
        "projects": [{"id": "x", "status": "building"}],
    }
    assert errors(PACKAGE, package) == [
        "projects/0/status: 'building' is not one of "
        + repr(PROJECT_SCHEMA["properties"]["status"]["enum"])
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("updated", "2025-06-06"),  # a date without its time
        ("updated", "2025-06-06T23:30:00"),  # a time without its offset
        ("updated", "6 June 2025"),
    ],
)
def test_the_format_checks_refuse_dates_that_are_not_rfc_3339(field, value):
    assert errors(PROJECT, {"id": "x", field: value}) == [
        f"{field}: {value!r} is not a 'date-time'"
    ]


@pytest.mark.parametrize("value", ["/data/oc4ids.json", "data oc4ids.json", "https://"])
def test_the_format_checks_refuse_addresses_that_are_not_absolute(value):
    document = {"id": "x", "documents": [{"id": "page", "url": value}]}
    assert errors(PROJECT, document) == [f"documents/0/url: {value!r} is not a 'uri'"]


# --- Every demo centre -----------------------------------------------------------------


def served(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_every_demo_centre_is_a_valid_project_in_a_valid_package(client, demo_data):
    centres = list(Sentra.objects.order_by("pk"))
    assert len(centres) >= 6
    statuses = set()
    for centre in centres:
        package = served(client, f"/data/oc4ids/{centre.slug}.json")
        assert errors(PACKAGE, package) == [], centre.slug
        [project] = package["projects"]
        assert errors(PROJECT, project) == [], centre.slug
        assert project["id"] == oc4ids.project_id(centre)
        assert project["title"] == centre.name
        assert package["uri"] == f"http://testserver/data/oc4ids/{centre.slug}.json"
        statuses.add(project["status"])
    # The demo shows centres at several stages, not one status copied everywhere.
    assert {"identification", "implementation", "maintenance"} <= statuses


def test_the_package_holds_every_centre_once_and_is_valid(client, demo_data, settings):
    settings.SITE_URL = "https://sentra.example.id"
    package = served(client, "/data/oc4ids.json")
    assert errors(PACKAGE, package) == []
    for project in package["projects"]:
        assert errors(PROJECT, project) == [], project["id"]
    expected = Sentra.objects.order_by("kecamatan__name", "name", "pk")
    assert [project["id"] for project in package["projects"]] == [
        oc4ids.project_id(centre) for centre in expected
    ]
    assert package["uri"] == "https://sentra.example.id/data/oc4ids.json"
    assert package["version"] == "0.9"
    assert package["publisher"] == {"name": "Komisi II DPRD Kota Balikpapan"}
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["publicationPolicy"] == "https://sentra.example.id/data/#oc4ids"
    # Generated on demand: dated by the latest change of what it holds.
    assert package["publishedDate"] == max(project["updated"] for project in package["projects"])


def test_the_codes_come_from_the_kept_codelists_but_two_documented_additions(client, demo_data):
    def codes(name):
        text = (oc4ids.SCHEMA_DIR / "codelists" / f"{name}.csv").read_text()
        return {line.split(",")[0] for line in text.splitlines()[1:]}

    used = {
        name: set()
        for name in (
            "documentType",
            "milestoneType",
            "milestoneCode",
            "metricID",
            "partyRole",
            "projectSector",
            "unitClassificationScheme",
            "locationGazetteers",
        )
    }
    for project in served(client, "/data/oc4ids.json")["projects"]:
        used["documentType"] |= {
            d["documentType"] for d in project["documents"] if "documentType" in d
        }
        used["milestoneType"] |= {m["type"] for m in project.get("milestones", []) if "type" in m}
        used["milestoneCode"] |= {m["code"] for m in project.get("milestones", []) if "code" in m}
        metrics = project.get("metrics", []) + project.get("forecasts", [])
        used["metricID"] |= {metric["id"] for metric in metrics}
        used["unitClassificationScheme"] |= {
            o["unit"]["scheme"] for metric in metrics for o in metric["observations"]
        }
        used["partyRole"] |= {
            role for party in project.get("parties", []) for role in party["roles"]
        }
        used["projectSector"] |= set(project["sector"])
        used["locationGazetteers"] |= {
            location["gazetteer"]["scheme"] for location in project["locations"]
        }
    outside = {name: values - codes(name) for name, values in used.items()}
    # 'sourceParty' is the role the schema's own description of budget sources asks for;
    # the codelist has no Indonesian gazetteer (balikpapan_umkm/oc4ids/__init__.py).
    assert outside == {
        **{name: set() for name in used},
        "partyRole": {"sourceParty"},
        "locationGazetteers": {"KEMENDAGRI"},
    }
    assert all(used.values()), used  # the demo uses each kind of code


# --- One centre, field by field ----------------------------------------------------------


def day(text):
    return datetime.date.fromisoformat(text)


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#8a5a00").save(buffer, "JPEG")
    return SimpleUploadedFile("pondasi.jpg", buffer.getvalue(), "image/jpeg")


@pytest.fixture
def built(db):
    """A centre under construction with every kind of construction record."""
    kelurahan = KelurahanFactory(
        code="64.71.99.1001",
        name="Kelurahan Uji",
        kecamatan__code="64.71.99",
        kecamatan__name="Kecamatan Uji",
    )
    centre = SentraFactory(
        name="Sentra Uji Lengkap",
        kecamatan=kelurahan.kecamatan,
        kelurahan=kelurahan,
        address="Jl. Uji No. 1",
        latitude=Decimal("-1.250000"),
        longitude=Decimal("116.850000"),
        description="Pusat lapak uji.",
        contractor="CV Uji Bangun",
        contract_number="001/UJI/2025",
        contract_value=3_000_000_000,
        construction_start=day("2025-01-06"),
        construction_planned_end=day("2025-10-31"),
        target_opening_date=day("2025-12-01"),
    )
    lines = {
        "apbd": BudgetLine.objects.create(
            sentra=centre,
            source=FundingSource.APBD,
            fiscal_year=2025,
            amount=1_500_000_000,
            note="Tahap 1",
        ),
        "aspirasi": BudgetLine.objects.create(
            sentra=centre, source=FundingSource.ASPIRASI, fiscal_year=2025, amount=500_000_000
        ),
        "province": BudgetLine.objects.create(
            sentra=centre, source=FundingSource.PROVINCE, fiscal_year=2024, amount=1_000_000_000
        ),
        "csr": BudgetLine.objects.create(
            sentra=centre, source=FundingSource.CSR, partner="PT Mitra Uji"
        ),
    }
    for planned_on, percent in (
        ("2025-01-06", 0),
        ("2025-04-01", 30),
        ("2025-07-01", 65),
        ("2025-10-31", 100),
    ):
        PlannedProgress.objects.create(
            sentra=centre, planned_on=day(planned_on), planned_percent=percent
        )
    for kind, planned_on, achieved_on in (
        (Milestone.Kind.DESIGN, "2024-09-01", "2024-09-10"),
        (Milestone.Kind.TENDER, "2024-11-01", "2024-11-20"),
        (Milestone.Kind.CONSTRUCTION_START, "2025-01-06", "2025-01-06"),
        (Milestone.Kind.HANDOVER, "2025-10-31", None),
        (Milestone.Kind.OPENING, "2025-12-01", None),
    ):
        Milestone.objects.create(
            sentra=centre,
            kind=kind,
            planned_on=day(planned_on),
            achieved_on=achieved_on and day(achieved_on),
        )
    updates = {
        "document": ProgressUpdate.objects.create(
            sentra=centre,
            recorded_on=day("2025-02-10"),
            physical_percent=10,
            financial_percent=5,
            note="Pondasi selesai.",
            photo=photo(),
            recorded_by_office="Staf Komisi II DPRD Kota Balikpapan",
            source_kind=SourceKind.DOCUMENT,
            source_publisher="Konsultan Pengawas Uji",
            source_title="Laporan mingguan 1",
            source_url="https://example.id/laporan-1.pdf",
            source_date=day("2025-02-11"),
        ),
        "visit": ProgressUpdate.objects.create(
            sentra=centre,
            recorded_on=day("2025-04-15"),
            physical_percent=35,
            source_kind=SourceKind.SITE_VISIT,
            source_visitor="Staf Komisi II DPRD",
            source_date=day("2025-04-15"),
        ),
        "report": ProgressUpdate.objects.create(
            sentra=centre,
            recorded_on=day("2025-06-20"),
            physical_percent=60,
            financial_percent=55,
            source_kind=SourceKind.REPORT,
            source_publisher="BorneoFlash",
            source_date=day("2025-06-21"),
        ),
        "unsourced": ProgressUpdate.objects.create(
            sentra=centre, recorded_on=day("2025-07-01"), physical_percent=62
        ),
    }
    centre.refresh_from_db()
    return centre, lines, updates


def project_of(client, centre):
    package = served(client, f"/data/oc4ids/{centre.slug}.json")
    assert errors(PACKAGE, package) == []
    [project] = package["projects"]
    assert errors(PROJECT, project) == []
    return project


def by_id(items):
    return {item["id"]: item for item in items}


def start(text):
    return f"{text}T00:00:00+08:00"


def end(text):
    return f"{text}T23:59:59+08:00"


def test_the_project_says_what_the_centre_is_and_when_it_last_changed(client, built):
    centre, _lines, updates = built
    project = project_of(client, centre)
    assert centre.status == Sentra.Status.BUILDING
    newest = max(centre.updated_at, *(update.created_at for update in updates.values()))
    assert project["id"] == oc4ids.project_id(centre)
    assert project["updated"] == timezone.localtime(newest, WITA).isoformat(timespec="seconds")
    assert (project["title"], project["description"]) == ("Sentra Uji Lengkap", "Pusat lapak uji.")
    assert (project["language"], project["status"], project["sector"]) == (
        "id",
        "implementation",
        ["economy"],
    )
    # From the first planned step (the design) to the last (the planned opening).
    assert project["period"] == {"startDate": start("2024-09-01"), "endDate": end("2025-12-01")}
    assert "completion" not in project  # not opened yet
    for absent in ("type", "publicAuthority"):  # not recorded: not guessed
        assert absent not in project


def test_the_location_is_the_point_the_address_and_the_region_code(client, built):
    centre, _lines, _updates = built
    [location] = project_of(client, centre)["locations"]
    assert location["geometry"] == {"type": "Point", "coordinates": [116.85, -1.25]}  # lon first
    assert location["gazetteer"] == {"scheme": "KEMENDAGRI", "identifiers": ["64.71.99.1001"]}
    assert location["address"] == {
        "streetAddress": "Jl. Uji No. 1, Kelurahan Uji, Kecamatan Uji",
        "locality": "Balikpapan",
        "region": "Kalimantan Timur",
        "countryName": "Indonesia",
    }
    assert location["uri"] == f"http://testserver/sentra/{centre.slug}/"


def test_the_budget_is_broken_down_by_line_with_its_source_party(client, built):
    centre, lines, _updates = built
    project = project_of(client, centre)
    budget = project["budget"]
    assert budget["amount"] == {"amount": 3_000_000_000, "currency": "IDR"}  # published only
    [breakdown] = budget["budgetBreakdowns"]
    entries = by_id(breakdown["budgetBreakdown"])
    assert set(entries) == {f"budget-line-{line.pk}" for line in lines.values()}
    city = {"id": "pemerintah-kota-balikpapan", "name": "Pemerintah Kota Balikpapan"}
    province = {
        "id": "pemerintah-provinsi-kalimantan-timur",
        "name": "Pemerintah Provinsi Kalimantan Timur",
    }
    expected = {
        "apbd": (1_500_000_000, "2025", city),
        "aspirasi": (500_000_000, "2025", city),  # earmarked within the city budget
        "province": (1_000_000_000, "2024", province),
        "csr": (None, None, {"id": "pt-mitra-uji", "name": "PT Mitra Uji"}),
    }
    for name, (amount, year, party) in expected.items():
        entry = entries[f"budget-line-{lines[name].pk}"]
        assert entry.get("amount") == (amount and {"amount": amount, "currency": "IDR"}), name
        assert entry.get("period") == (
            year and {"startDate": start(f"{year}-01-01"), "endDate": end(f"{year}-12-31")}
        ), name
        assert entry["sourceParty"] == party, name
        assert lines[name].get_source_display() in entry["description"]
    assert "Tahap 1" in entries[f"budget-line-{lines['apbd'].pk}"]["description"]


def test_parties_carry_their_roles_and_every_reference_finds_its_party(client, built):
    centre, _lines, _updates = built
    project = project_of(client, centre)
    parties = by_id(project["parties"])
    assert {key: party["roles"] for key, party in parties.items()} == {
        "pemerintah-kota-balikpapan": ["funder", "sourceParty"],
        "pemerintah-provinsi-kalimantan-timur": ["funder", "sourceParty"],
        "pt-mitra-uji": ["funder", "sourceParty"],
        "cv-uji-bangun": ["supplier"],
    }
    references = [
        entry["sourceParty"]
        for entry in project["budget"]["budgetBreakdowns"][0]["budgetBreakdown"]
    ] + project["contractingProcesses"][0]["summary"]["suppliers"]
    for reference in references:
        assert parties[reference["id"]]["name"] == reference["name"]


def test_the_signboard_is_the_construction_contract(client, built):
    centre, _lines, _updates = built
    [process] = project_of(client, centre)["contractingProcesses"]
    assert process == {
        "id": "construction",
        "summary": {
            "externalReference": "001/UJI/2025",
            "nature": ["construction"],
            "suppliers": [{"id": "cv-uji-bangun", "name": "CV Uji Bangun"}],
            "contractValue": {"amount": 3_000_000_000, "currency": "IDR"},
            "contractPeriod": {"startDate": start("2025-01-06"), "endDate": end("2025-10-31")},
        },
    }


def observations(metric):
    return [
        (o["id"], o["period"]["startDate"], o["period"]["endDate"], o["measure"], o["unit"]["id"])
        for o in metric["observations"]
    ]


def test_progress_over_time_is_a_metric_and_the_plan_a_forecast(client, built):
    centre, _lines, _updates = built
    project = project_of(client, centre)
    metrics = by_id(project["metrics"])
    history = ProgressUpdate.objects.filter(sentra=centre).order_by("recorded_on", "created_at")
    assert observations(metrics["physicalProgress"]) == [
        (
            f"progress-{u.pk}",
            start(f"{u.recorded_on}"),
            end(f"{u.recorded_on}"),
            u.physical_percent,
            "P1",
        )
        for u in history
    ]
    assert observations(metrics["financialProgress"]) == [
        (
            f"progress-{u.pk}",
            start(f"{u.recorded_on}"),
            end(f"{u.recorded_on}"),
            u.financial_percent,
            "P1",
        )
        for u in history
        if u.financial_percent is not None
    ]
    assert len(metrics["financialProgress"]["observations"]) == 2
    first = metrics["physicalProgress"]["observations"][0]
    assert "Pondasi selesai." in first["notes"]
    assert "Staf Komisi II DPRD Kota Balikpapan" in first["notes"]  # who recorded it
    [plan] = project["forecasts"]
    assert plan["id"] == "physicalProgress"
    assert [(o["period"]["startDate"], o["measure"]) for o in plan["observations"]] == [
        (start(f"{point.planned_on}"), point.planned_percent)
        for point in PlannedProgress.objects.filter(sentra=centre).order_by("planned_on")
    ]


def test_milestones_carry_their_planned_and_actual_dates(client, built):
    centre, _lines, _updates = built
    milestones = by_id(project_of(client, centre)["milestones"])
    assert {
        key: (m.get("type"), m.get("code"), m["dueDate"], m.get("dateMet"), m["status"])
        for key, m in milestones.items()
    } == {
        "design": ("preProcurement", None, start("2024-09-01"), start("2024-09-10"), "met"),
        "tender": ("procurement", None, start("2024-11-01"), start("2024-11-20"), "met"),
        "construction_start": (
            None,
            "commencement",
            start("2025-01-06"),
            start("2025-01-06"),
            "met",
        ),
        "handover": ("delivery", "completion", start("2025-10-31"), None, "scheduled"),
        "opening": ("delivery", None, start("2025-12-01"), None, "scheduled"),
    }
    assert all(m["title"] for m in milestones.values())


def test_documents_are_the_page_each_figures_source_and_each_photo(client, built):
    centre, _lines, updates = built
    documents = by_id(project_of(client, centre)["documents"])
    document, visit, report = (updates[name] for name in ("document", "visit", "report"))
    assert set(documents) == {
        "centre-page",
        f"progress-{document.pk}-source",
        f"progress-{document.pk}-photo",
        f"progress-{visit.pk}-source",
        f"progress-{report.pk}-source",
    }  # an update without a source or photo has no document
    assert documents["centre-page"]["url"] == f"http://testserver/sentra/{centre.slug}/"
    signed = documents[f"progress-{document.pk}-source"]
    assert signed["documentType"] == "physicalProgressReport"
    assert (signed["title"], signed["author"], signed["url"], signed["datePublished"]) == (
        "Laporan mingguan 1",
        "Konsultan Pengawas Uji",
        "https://example.id/laporan-1.pdf",
        start("2025-02-11"),
    )
    seen = documents[f"progress-{visit.pk}-source"]
    assert (seen["documentType"], seen["author"], seen["datePublished"]) == (
        "physicalProgressReport",
        "Staf Komisi II DPRD",
        start("2025-04-15"),
    )
    assert "url" not in seen
    news = documents[f"progress-{report.pk}-source"]
    assert "documentType" not in news  # a news report is no progress report of the project
    assert (news["author"], news["datePublished"]) == ("BorneoFlash", start("2025-06-21"))
    picture = documents[f"progress-{document.pk}-photo"]
    assert picture["documentType"] == "illustration"
    assert picture["format"] == "image/jpeg"
    assert picture["url"] == f"http://testserver/media/{document.photo.name}"
    assert picture["description"] == "Pondasi selesai."


# --- Status, for each centre status --------------------------------------------------------


def planned():
    return SentraFactory()


def planned_with_a_budget():
    centre = SentraFactory()
    BudgetLine.objects.create(sentra=centre, source=FundingSource.APBD)
    return centre


def planned_with_its_design_done():
    centre = SentraFactory()
    Milestone.objects.create(
        sentra=centre, kind=Milestone.Kind.DESIGN, achieved_on=day("2025-01-10")
    )
    return centre


def planned_with_a_contractor():
    return SentraFactory(contractor="CV Pemenang Tender")


def planned_with_its_tender_done():
    centre = planned_with_its_design_done()
    Milestone.objects.create(
        sentra=centre, kind=Milestone.Kind.TENDER, achieved_on=day("2025-03-01")
    )
    return centre


def building():
    centre = SentraFactory()
    centre.record_progress(physical_percent=30, recorded_on=day("2025-05-01"))
    return centre


def handed_over():
    centre = building()
    centre.record_progress(physical_percent=100, recorded_on=day("2025-09-01"))
    Milestone.objects.create(
        sentra=centre, kind=Milestone.Kind.HANDOVER, achieved_on=day("2025-09-15")
    )
    return centre


def operating():
    centre = handed_over()
    centre.opened_on = day("2025-10-01")
    centre.save()
    return centre


def closed():
    centre = operating()
    centre.closed_on = day("2026-03-01")
    centre.save()
    return centre


@pytest.mark.parametrize(
    ("make", "centre_status", "project_status"),
    [
        (planned, "planned", "identification"),
        (planned_with_a_budget, "planned", "preparation"),
        (planned_with_its_design_done, "planned", "preparation"),
        (planned_with_a_contractor, "planned", "implementation"),
        (planned_with_its_tender_done, "planned", "implementation"),
        (building, "building", "implementation"),
        (handed_over, "building", "completion"),
        (operating, "operating", "maintenance"),
        (closed, "closed", "decommissioned"),
    ],
)
def test_each_centre_status_maps_to_a_project_status(client, make, centre_status, project_status):
    centre = make()
    centre.refresh_from_db()
    assert centre.status == centre_status
    project = project_of(client, centre)
    assert project["status"] == project_status
    opened = centre.opened_on and {"endDate": start(f"{centre.opened_on}")}
    assert project.get("completion") == opened  # the day it opened ends the development


def test_a_centre_with_nothing_recorded_publishes_no_empty_parts(client, db):
    project = project_of(client, SentraFactory(name="Sentra Kosong"))
    assert set(project) == {
        "id",
        "updated",
        "language",
        "title",
        "status",
        "sector",
        "purpose",
        "locations",
        "documents",
    }
    assert [document["id"] for document in project["documents"]] == ["centre-page"]


def test_project_ids_begin_with_the_configured_prefix(client, db, settings):
    centre = SentraFactory()
    settings.OC4IDS_PREFIX = "oc4ids-qu8r7p"
    assert project_of(client, centre)["id"] == f"oc4ids-qu8r7p-sentra-{centre.pk}"
    settings.OC4IDS_PREFIX = "oc4ids-qu8r7p-"  # written with its joining hyphen: the same id
    assert project_of(client, centre)["id"] == f"oc4ids-qu8r7p-sentra-{centre.pk}"


def test_the_default_prefix_is_a_placeholder():
    from django.conf import settings

    assert settings.OC4IDS_PREFIX == "oc4ids-xxxxxx"


# --- The files as files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/data/oc4ids.json", "oc4ids"),
        ("/data/oc4ids/sentra-contoh-manggar.json", "oc4ids-sentra-contoh-manggar"),
    ],
)
def test_a_file_is_public_cacheable_json_without_cookie_or_vary(client, demo_data, path, name):
    with mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(2025, 6, 6, 23, 30, tzinfo=WITA),
    ):
        response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'inline; filename="sentra-umkm-balikpapan-{name}-2025-06-06.json"'
    )
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert not response.has_header("Vary")


@pytest.mark.parametrize(
    "path",
    [
        "/data/oc4ids/tidak-ada.json",
        "/data/oc4ids/sentra-contoh-manggar.csv",
        "/en/data/oc4ids.json",  # one address for both languages, as the other downloads
        "/data/oc4ids/..%2F..%2Fsettings.json",
        "/data/oc4ids/%3Cscript%3E.json",
        "/data/oc4ids/" + "a" * 300 + ".json",
    ],
)
def test_an_unknown_centre_or_address_is_404(client, demo_data, path):
    assert client.get(path).status_code == 404


def test_a_site_without_centres_has_no_package_yet(client, db):
    assert client.get("/data/oc4ids.json").status_code == 404


def test_only_reading_is_allowed(client, demo_data):
    assert client.post("/data/oc4ids.json").status_code == 405
    head = client.head("/data/oc4ids.json")
    assert head.status_code == 200
    assert head.content == b""


# --- Queries ----------------------------------------------------------------------------------


def more_centres(count):
    """`count` more centres, each with a plan, a history, budget lines and milestones."""
    kecamatan = Sentra.objects.first().kecamatan
    centres = Sentra.objects.bulk_create(
        Sentra(
            name=f"Sentra Tambahan {n}",
            slug=f"sentra-tambahan-{n}",
            kecamatan=kecamatan,
            contractor=f"CV Tambahan {n}",
            construction_start=day("2025-01-06"),
        )
        for n in range(count)
    )
    PlannedProgress.objects.bulk_create(
        PlannedProgress(sentra=centre, planned_on=day(planned_on), planned_percent=percent)
        for centre in centres
        for planned_on, percent in (("2025-01-06", 0), ("2025-06-30", 100))
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            sentra=centre,
            recorded_on=day(recorded_on),
            physical_percent=percent,
            financial_percent=percent // 2,
        )
        for centre in centres
        for recorded_on, percent in (("2025-02-01", 10), ("2025-04-01", 45))
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(sentra=centre, source=source, amount=1_000_000, partner=partner)
        for centre in centres
        for source, partner in ((FundingSource.APBD, ""), (FundingSource.CSR, "PT Tambahan"))
    )
    Milestone.objects.bulk_create(
        Milestone(sentra=centre, kind=kind, planned_on=day("2025-01-06"))
        for centre in centres
        for kind in (Milestone.Kind.DESIGN, Milestone.Kind.CONSTRUCTION_START)
    )


def test_queries_stay_five_however_many_centres(client, demo_data, django_assert_num_queries):
    """The centres (with district and kelurahan), then their planned curves, histories,
    budget lines and milestones: one query each, for the package and for one centre."""

    def measure():
        with django_assert_num_queries(5):
            package = served(client, "/data/oc4ids.json")
        with django_assert_num_queries(5):
            served(client, "/data/oc4ids/sentra-contoh-manggar.json")
        return len(package["projects"])

    before = measure()
    more_centres(40)
    assert measure() == before + 40


# --- Where the files are offered --------------------------------------------------------------


def test_the_open_data_page_explains_oc4ids_and_links_the_package(client, demo_data):
    page = BeautifulSoup(client.get("/en/data/").content, "html.parser")
    section = page.find("section", id="oc4ids")
    assert "Open Contracting for Infrastructure Data Standards" in section.get_text()
    assert "version 0.9.5" in " ".join(section.get_text().split())
    assert section.find("a", href=reverse("oc4ids-package"))
    addresses = [code.get_text() for code in section.select(".dataset__addresses code")]
    pattern = reverse("oc4ids-project", kwargs={"slug": "SLUG"}).replace("SLUG", "<slug>")
    assert addresses == ["http://testserver/data/oc4ids.json", f"http://testserver{pattern}"]
    assert page.find("a", href="#oc4ids")  # in the list of datasets at the top


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_centre_page_links_its_project_from_the_construction_section(client, demo_data, prefix):
    page = BeautifulSoup(
        client.get(f"{prefix}/sentra/sentra-contoh-manggar/").content, "html.parser"
    )
    construction = page.find("section", class_="construction")
    assert construction.find("a", href="/data/oc4ids/sentra-contoh-manggar.json")
