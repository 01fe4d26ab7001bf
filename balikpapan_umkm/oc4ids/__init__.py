"""OC4IDS: each centre as an infrastructure project, and all centres as one project package.

The Open Contracting for Infrastructure Data Standards (OC4IDS) describe an infrastructure
project's identity, status, budget, parties, progress and documents in one JSON shape,
which monitoring tools (CoST's among them) read. We publish release 0.9.5
(`SCHEMA_VERSION`), whose schemas and the open codelists we use are kept, with their
source and licence, in `schema/0.9.5/`; balikpapan_umkm/tests/test_oc4ids.py validates
every file against them, offline.

Two addresses (balikpapan_umkm/urls.py; views in `views.py`), the same file in both
languages, as the other downloads:
- `/data/oc4ids.json`: every centre, one project package;
- `/data/oc4ids/<slug>.json`: one centre, as a package of that one project. OC4IDS data is
  published in packages, which say what a project alone cannot: the schema version, the
  publisher, the licence and when the data last changed.

Text that the export writes itself (titles, descriptions) is in the site's language,
Indonesian (`language` "id"), as the centres' own descriptions are. Dates are Balikpapan
days (WITA): a day is written as its first moment, 00:00:00+08:00, except where it ends a
period (`endDate`), written as its last second, 23:59:59+08:00.

How our facts map
-----------------
- Centre -> project. `id`: the OC4IDS_PREFIX setting, "-sentra-", the centre's primary key
  (never its slug, which staff may edit). `title`: its name; `description`: its
  (Indonesian) description; `sector`: "economy"; `purpose`: what kind of centre it is.
- Status (`project_status`): closed -> "decommissioned" (out of service; whether the
  building was disposed of is not recorded); operating -> "maintenance" (OC4IDS: "also
  called operation"); under construction -> "implementation", or "completion" once the
  handover milestone has its actual date; planned (no progress recorded) ->
  "implementation" when a contract is known (a contractor or contract number on the
  signboard, or the tender or construction start achieved: OC4IDS's implementation
  includes procurement), "preparation" when the design is achieved or a budget line is
  recorded, else "identification" (only its place in the programme is known).
- `period`: from the earliest planned date (the milestones' planned dates, the signboard's
  construction start) to the latest (the milestones' planned dates, the signboard's
  planned end, the target opening date). `completion.endDate`: the day the centre opened,
  which ends the project's development (the programme builds centres to open them).
- Signboard (papan proyek) -> `contractingProcesses[0]` ("construction"): the contract
  number as `externalReference`, nature "construction", the contractor as the supplier
  (a party with role "supplier"), the contract value, and the construction start and
  planned end as `contractPeriod`.
- Budget lines -> `budget`: `amount` is the sum of the published amounts (rupiah, IDR);
  one breakdown "by funding source", one entry per line, with its amount, its fiscal year
  as the period and its source party. Source parties: the city government for the city
  budget (APBD Kota) and for aspirasi funds (the council members' earmarked share of
  that same budget; the entry's description names them), the provincial government of
  East Kalimantan for the provincial budget, the partner for CSR and other sources. Each
  is a party with the roles "funder" (the codelist's word) and "sourceParty" (which the
  schema's description of `sourceParty` asks for). A line without a published amount
  has no amount, and the budget's description says how many are left out of the total.
- Progress updates -> `metrics`: "physicalProgress" (every update) and "financialProgress"
  (updates that report it), one observation per update (id "progress-<pk>"), measured on
  its day, in percent (UN/CEFACT P1), its note and who recorded it (role and office) as
  `notes`. On a day with two updates, the one recorded later is the portal's figure.
- Planned progress curve (S-curve) -> `forecasts`: "physicalProgress", one observation per
  planned point.
- Milestones -> `milestones`, id the kind: design ("preProcurement"), tender
  ("procurement"), construction start (code "commencement"; no type fits), handover
  (type "delivery", code "completion") and opening (type "delivery": the service is
  delivered to the public). `dueDate` the planned date, `dateMet` the actual date; status
  "met" with an actual date, else "scheduled": the portal does not record when a
  milestone was last reviewed, so an overdue one is not called "notMet"; its `dueDate`
  shows it is overdue.
- Location -> `locations[0]`: the point (GeoJSON, longitude first) when published, the
  address (street, kelurahan and kecamatan; Balikpapan, Kalimantan Timur, Indonesia),
  the Kemendagri region code of the kelurahan (else the kecamatan) as a gazetteer entry
  with the scheme "KEMENDAGRI" (not in the open locationGazetteers codelist, which has
  no Indonesian gazetteer), and the centre's page.
- Documents: the centre's page; its cover photo ("illustration"); for each progress
  update its source (a document or a site visit: "physicalProgressReport"; a published
  report such as a news article: no type fits, none is given), with its title, author
  (publisher, or who made the visit), date and link; and its photo ("illustration").
  Ids "progress-<pk>-source" and "progress-<pk>-photo" match the observation's.
- Package: `publisher` Komisi II DPRD Kota Balikpapan (who keeps the data, as every
  page's footer says), `license` the open data licence's URL, `publicationPolicy` the
  OC4IDS section of /data/, `publishedDate` the latest change of any centre in it (its
  last save or its newest progress update).

What is not published, and why
------------------------------
- `type` (construction, rehabilitation...) and `publicAuthority`: the portal records
  neither for a centre, and guessing would mislead.
- The contract's status, final value and modifications, the budget's approval dates,
  transactions: not recorded.
- Problems (kendala): OC4IDS 0.9.5 has no field for a project's open issues; they are on
  the centre's page and in its "Progress history".
- The flag (on track, behind, late) and "not updated since": derived figures, which a
  reader computes from `forecasts` and `metrics` with the rules on /progres/.
- English descriptions: OC4IDS publishes another language as another package; we publish
  the site's language only.
- Opening hours, tenants, products and occupancy: not construction data; they are in the
  CSV and JSON datasets of /data/.
"""

import datetime
import mimetypes
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from balikpapan_umkm import site
from balikpapan_umkm.open_data import licence, stored_file
from balikpapan_umkm.templatetags.portal import web_link
from sentra.models import CentreStatus, FundingSource, MilestoneKind, Sentra, SourceKind

# The release the files follow, and the version a package states (major.minor).
SCHEMA_VERSION = "0.9.5"
VERSION = "0.9"
SCHEMA_DIR = Path(__file__).resolve().parent / "schema" / SCHEMA_VERSION

CURRENCY = "IDR"
PUBLISHER = "Komisi II DPRD Kota Balikpapan"
CITY_GOVERNMENT = "Pemerintah Kota Balikpapan"
PROVINCE_GOVERNMENT = "Pemerintah Provinsi Kalimantan Timur"
# The funder of each government budget; CSR and other sources name their partner.
GOVERNMENT_FUNDERS = {
    FundingSource.APBD: CITY_GOVERNMENT,
    FundingSource.ASPIRASI: CITY_GOVERNMENT,
    FundingSource.PROVINCE: PROVINCE_GOVERNMENT,
}
ADDRESS = {"locality": "Balikpapan", "region": "Kalimantan Timur", "countryName": "Indonesia"}
GAZETTEER = "KEMENDAGRI"
SECTORS = ["economy"]
# UN/CEFACT Recommendation 20, common code P1: percent.
PERCENT_UNIT = {"scheme": "UNCEFACT", "id": "P1"}

STATUS = {
    CentreStatus.CLOSED: "decommissioned",
    CentreStatus.OPERATING: "maintenance",
}
# (type, code) of each milestone kind; None where no code of the codelists fits.
MILESTONES = {
    MilestoneKind.DESIGN: ("preProcurement", None),
    MilestoneKind.TENDER: ("procurement", None),
    MilestoneKind.CONSTRUCTION_START: (None, "commencement"),
    MilestoneKind.HANDOVER: ("delivery", "completion"),
    MilestoneKind.OPENING: ("delivery", None),
}
SOURCE_DOCUMENT_TYPES = {
    SourceKind.DOCUMENT: "physicalProgressReport",
    SourceKind.SITE_VISIT: "physicalProgressReport",
}


def centres():
    """Every centre with all the rows its project reads: five queries, however many centres.

    The centres with their kecamatan and kelurahan, then their planned curves, progress
    histories, budget lines and milestones (one query each).
    """
    return (
        Sentra.objects.for_listing()
        .with_schedule()
        .prefetch_related("budget_lines", "milestones")
        .order_by("kecamatan__name", "name", "pk")
    )


def project_id(centre):
    """The project's identifier: the registered prefix, then the centre's primary key."""
    return f"{settings.OC4IDS_PREFIX.rstrip('-')}-sentra-{centre.pk}"


def project_status(centre):
    """The projectStatus code of a centre (see the module's docstring)."""
    if centre.status in STATUS:
        return STATUS[centre.status]
    achieved = {milestone.kind for milestone in centre.milestones.all() if milestone.achieved_on}
    if centre.status == CentreStatus.BUILDING:
        return "completion" if MilestoneKind.HANDOVER in achieved else "implementation"
    contracted = centre.contractor or centre.contract_number
    if contracted or achieved & {MilestoneKind.TENDER, MilestoneKind.CONSTRUCTION_START}:
        return "implementation"
    if MilestoneKind.DESIGN in achieved or centre.budget_lines.all():
        return "preparation"
    return "identification"


def last_change(centre):
    """When the centre's project last changed: its last save or its newest progress update."""
    return max(
        [centre.updated_at, *(update.created_at for update in centre.progress_updates.all())]
    )


def project(centre):
    """The OC4IDS project of a centre loaded by `centres()` (no query of its own)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _pruned(_Project(centre).build())


def package(centre_list, *, uri):
    """A project package of `centre_list` (loaded by `centres()`, at least one), at `uri`."""
    with translation.override(settings.LANGUAGE_CODE):
        licence_url = licence()[1]
        return _pruned(
            {
                "uri": uri,
                "publishedDate": _moment(max(last_change(centre) for centre in centre_list)),
                "version": VERSION,
                "publisher": {"name": PUBLISHER},
                "license": licence_url,
                "publicationPolicy": site.absolute(reverse("portal:data")) + "#oc4ids",
                "projects": [project(centre) for centre in centre_list],
            }
        )


class _Project:
    """Builds one centre's project; collects the parties that its parts name."""

    def __init__(self, centre):
        self.centre = centre
        self.parties = {}
        self.page = site.absolute(centre.get_absolute_url())
        self.updates = sorted(
            centre.progress_updates.all(),
            key=lambda update: (update.recorded_on, update.created_at, update.pk),
        )

    def build(self):
        centre = self.centre
        # The parts that name parties come first, so that `parties` holds them all.
        budget = self.budget()
        contracting_process = self.contracting_process()
        return {
            "id": project_id(centre),
            "updated": _moment(last_change(centre)),
            "language": settings.LANGUAGE_CODE,
            "title": centre.name,
            "description": centre.description.strip(),
            "status": project_status(centre),
            "period": self.period(),
            "sector": SECTORS,
            "purpose": gettext("%(kind)s: stalls for local micro and small businesses (UMKM).")
            % {"kind": centre.get_kind_display()},
            "locations": [self.location()],
            "budget": budget,
            "parties": list(self.parties.values()),
            "contractingProcesses": [contracting_process],
            "forecasts": [self.planned_progress()],
            "metrics": [self.physical_progress(), self.financial_progress()],
            "milestones": [self.milestone(milestone) for milestone in centre.milestones.all()],
            "completion": {"endDate": _day_start(centre.opened_on)},
            "documents": self.documents(),
        }

    # Parties ---------------------------------------------------------------------

    def party(self, name, *roles):
        """A reference to the party of that name, added to `parties` with `roles`."""
        name = (name or "").strip()
        if not name:
            return None
        key = slugify(name) or f"party-{len(self.parties) + 1}"
        entry = self.parties.setdefault(key, {"id": key, "name": name, "roles": []})
        entry["roles"].extend(role for role in roles if role not in entry["roles"])
        return {"id": entry["id"], "name": entry["name"]}

    # Dates, place, contract, budget ----------------------------------------------------

    def period(self):
        centre = self.centre
        planned = [m.planned_on for m in centre.milestones.all() if m.planned_on]
        starts = [*planned, centre.construction_start]
        ends = [*planned, centre.construction_planned_end, centre.target_opening_date]
        return {
            "startDate": _day_start(min(filter(None, starts), default=None)),
            "endDate": _day_end(max(filter(None, ends), default=None)),
        }

    def location(self):
        centre = self.centre
        region = centre.kelurahan or centre.kecamatan
        return {
            "id": "centre",
            "description": centre.name,
            "geometry": {
                "type": "Point",
                "coordinates": [float(centre.longitude), float(centre.latitude)],
            }
            if centre.has_location
            else None,
            "gazetteer": {"scheme": GAZETTEER, "identifiers": [region.code]},
            "address": {"streetAddress": centre.full_address, **ADDRESS},
            "uri": self.page,
        }

    def contracting_process(self):
        centre = self.centre
        if not (
            centre.contractor
            or centre.contract_number
            or centre.contract_value is not None
            or centre.construction_start
            or centre.construction_planned_end
        ):
            return None
        supplier = self.party(centre.contractor, "supplier")
        return {
            "id": "construction",
            "summary": {
                "externalReference": centre.contract_number.strip(),
                "nature": ["construction"],
                "suppliers": [supplier],
                "contractValue": _value(centre.contract_value),
                "contractPeriod": {
                    "startDate": _day_start(centre.construction_start),
                    "endDate": _day_end(centre.construction_planned_end),
                },
            },
        }

    def budget(self):
        lines = list(self.centre.budget_lines.all())
        if not lines:
            return None
        published = [line.amount for line in lines if line.amount is not None]
        unpublished = len(lines) - len(published)
        description = gettext("Funding by source, as recorded on the portal, in rupiah.")
        if unpublished:
            description += " " + ngettext(
                "%(count)s budget line has no published amount and is left out of the total.",
                "%(count)s budget lines have no published amount and are left out of the total.",
                unpublished,
            ) % {"count": unpublished}
        return {
            "description": description,
            "amount": _value(sum(published)) if published else None,
            "budgetBreakdowns": [
                {
                    "id": "funding-source",
                    "description": gettext("By funding source: one entry per budget line."),
                    "budgetBreakdown": [self.budget_line(line) for line in lines],
                }
            ],
        }

    def budget_line(self, line):
        funder = GOVERNMENT_FUNDERS.get(line.source) or line.partner
        source_party = self.party(funder, "funder", "sourceParty")
        words = [line.get_source_display()]
        if line.partner.strip() and line.partner.strip() != funder.strip():
            words.append(line.partner.strip())
        words.append(line.note.strip())
        year = line.fiscal_year
        return {
            "id": f"budget-line-{line.pk}",
            "description": " \N{EN DASH} ".join(word for word in words if word),
            "amount": _value(line.amount),
            "period": {
                "startDate": _day_start(datetime.date(year, 1, 1)),
                "endDate": _day_end(datetime.date(year, 12, 31)),
            }
            if year
            else None,
            "sourceParty": source_party,
        }

    # Progress, plan and milestones ------------------------------------------------------

    def planned_progress(self):
        points = sorted(self.centre.planned_progress.all(), key=lambda point: point.planned_on)
        if not points:
            return None
        return {
            "id": "physicalProgress",
            "title": gettext("Physical progress"),
            "description": gettext(
                "The planned share of the works completed by each date, in percent: the "
                "points of the planned progress curve (S-curve); between two points the plan "
                "is a straight line."
            ),
            "observations": [
                {
                    "id": f"plan-{point.planned_on:%Y-%m-%d}",
                    "period": _on(point.planned_on),
                    "measure": point.planned_percent,
                    "unit": _percent(),
                }
                for point in points
            ],
        }

    def physical_progress(self):
        if not self.updates:
            return None
        return {
            "id": "physicalProgress",
            "title": gettext("Physical progress"),
            "description": gettext(
                "The share of the construction works completed, in percent, as observed on "
                "the day of each progress update."
            ),
            "observations": [
                {
                    "id": f"progress-{update.pk}",
                    "period": _on(update.recorded_on),
                    "measure": update.physical_percent,
                    "unit": _percent(),
                    "notes": _notes(update),
                }
                for update in self.updates
            ],
        }

    def financial_progress(self):
        reported = [update for update in self.updates if update.financial_percent is not None]
        if not reported:
            return None
        return {
            "id": "financialProgress",
            "title": gettext("Financial progress"),
            "description": gettext(
                "The share of the budget spent, in percent, in the progress updates that report it."
            ),
            "observations": [
                {
                    "id": f"progress-{update.pk}",
                    "period": _on(update.recorded_on),
                    "measure": update.financial_percent,
                    "unit": _percent(),
                }
                for update in reported
            ],
        }

    def milestone(self, milestone):
        kind, code = MILESTONES[milestone.kind]
        return {
            "id": milestone.kind,
            "title": milestone.get_kind_display(),
            "type": kind,
            "code": code,
            "dueDate": _day_start(milestone.planned_on),
            "dateMet": _day_start(milestone.achieved_on),
            "status": "met" if milestone.achieved_on else "scheduled",
        }

    # Documents --------------------------------------------------------------------------

    def documents(self):
        centre = self.centre
        documents = [
            {
                "id": "centre-page",
                "title": gettext("%(name)s on Portal Sentra UMKM Balikpapan")
                % {"name": centre.name},
                "url": self.page,
                "format": "text/html",
                "language": settings.LANGUAGE_CODE,
            }
        ]
        if centre.cover_photo:
            documents.append(
                {
                    "id": "cover-photo",
                    "documentType": "illustration",
                    "title": gettext("Photo of the centre"),
                    "url": stored_file(centre.cover_photo.name),
                    "format": _media_type(centre.cover_photo.name),
                }
            )
        for update in self.updates:
            documents.append(self.source(update))
            if update.photo:
                documents.append(
                    {
                        "id": f"progress-{update.pk}-photo",
                        "documentType": "illustration",
                        "title": gettext("Construction photo of %(date)s")
                        % {"date": update.recorded_on.isoformat()},
                        "description": update.note.strip(),
                        "url": stored_file(update.photo.name),
                        "format": _media_type(update.photo.name),
                        "datePublished": _moment(update.created_at),
                    }
                )
        return documents

    def source(self, update):
        """The document behind a progress figure, or None when the update names no source."""
        if not update.has_source:
            return None
        kind = update.source_kind
        return {
            "id": f"progress-{update.pk}-source",
            "documentType": SOURCE_DOCUMENT_TYPES.get(kind),
            "title": update.source_title.strip()
            or (update.get_source_kind_display() if kind else ""),
            "description": gettext(
                "Source of the physical progress of %(percent)s%% observed on %(date)s."
            )
            % {"percent": update.physical_percent, "date": update.recorded_on.isoformat()},
            "url": web_link(update.source_url),
            "datePublished": _day_start(update.source_date),
            "author": update.source_visitor
            if kind == SourceKind.SITE_VISIT
            else update.source_publisher,
        }


# --- Values ---------------------------------------------------------------------------


def _zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _day_start(day):
    """A Balikpapan day as its first moment (RFC 3339), or None."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=_zone()).isoformat()


def _day_end(day):
    """A Balikpapan day that ends a period, as its last second (RFC 3339), or None."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=_zone()).isoformat()


def _on(day):
    """The period of one day."""
    return {"startDate": _day_start(day), "endDate": _day_end(day)}


def _moment(value):
    """An aware datetime in Balikpapan time, to the second (RFC 3339)."""
    return timezone.localtime(value, _zone()).isoformat(timespec="seconds")


def _value(amount):
    """An amount of rupiah as an OC4IDS Value, or None when not published."""
    return None if amount is None else {"amount": amount, "currency": CURRENCY}


def _percent():
    return {"name": gettext("percent"), **PERCENT_UNIT}


def _notes(update):
    notes = [update.note.strip()]
    if update.recorded_by_office:
        notes.append(gettext("Recorded by %(office)s") % {"office": update.recorded_by_office})
    return "\n\n".join(note for note in notes if note)


def _media_type(name):
    return mimetypes.guess_type(name)[0]


def _pruned(value):
    """`value` without the empty: None, "", [] and {} are left out (OC4IDS forbids them).

    The schema gives most strings a minimum length of one, arrays at least one item and
    objects at least one property: a fact we do not have is absent, never empty. Zero
    and false stay.
    """
    if isinstance(value, dict):
        pruned = {key: _pruned(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if not _is_empty(item)}
    if isinstance(value, list):
        pruned = [_pruned(item) for item in value]
        return [item for item in pruned if not _is_empty(item)]
    return value


def _is_empty(value):
    return value is None or value == "" or value == [] or value == {}
