"""Open data: the datasets the portal publishes (centres, tenants, products), each defined once.

A `Dataset` says what one row is, which rows the public may see and in what order,
and lists its `Field`s: a stable identifier (English snake_case, the CSV header and
the JSON key in both languages), a type, a translatable description, and how the
value is read from a row. The /data/ page documents the datasets from these
definitions and the CSV and JSON writers (balikpapan_umkm/data_views.py) write them
from the same ones, so the page and the files cannot disagree: a field added here
appears in all three.

Each field names the column (an ORM path such as "tenant__sentra__kecamatan__name",
or an annotation) it is read from, and a dataset's query selects exactly those
columns: one query (related rows joined, counts and sums as subqueries) walked in
chunks with `.iterator()`, giving plain values, never model instances. The query
count cannot grow with the data (nothing is loaded lazily from a row of values),
and memory stays flat however many rows there are. A value that is derived (a
page's address, a photo's URL, the occupancy) is computed by the models' own rule
from the columns it names.

Only what the public sees: every centre (centres are public), listed tenants
(approved and active), public products (approved, available, of listed tenants).
Personal data stays out even where a page shows it: owners' names and WhatsApp
numbers (each tenant's page offers a chat).
"""

import datetime
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

import django_filters
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import F, Func, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm import site
from balikpapan_umkm.views import centres_for_listing
from produk.filters import ProductFilter, ShortListFilter
from produk.models import Product, Tenant
from produk.views import ProductListView
from sentra.models import (
    BudgetLine,
    CentreKind,
    CentreStatus,
    DataSource,
    FundingSource,
    MilestoneKind,
    PlannedProgress,
    Problem,
    ProgressUpdate,
    Sentra,
    SourceKind,
)
from sentra.schedule import ScheduleFlag

# Rows fetched from the database at a time: all that is ever held in memory.
CHUNK_SIZE = 500
SLUG_STAND_IN = "__slug__"


class FieldType(models.TextChoices):
    TEXT = "text", _("text")
    INTEGER = "integer", _("whole number")
    DECIMAL = "decimal", _("decimal number")
    DATE = "date", _("date (YYYY-MM-DD)")
    BOOLEAN = "boolean", _("true or false")
    URL = "url", _("web address")


@dataclass(frozen=True)
class Field:
    """One column of a dataset: a CSV column and a key of each JSON row."""

    name: str  # stable identifier, English snake_case, never translated
    type: FieldType
    description: str  # lazy: shown on /data/ in the page's language
    source: str | tuple[str, ...]  # the column(s) read: ORM paths or annotations of the query
    derive: Callable | None = None  # the published value from the column(s) read, if not as is
    choices: type[models.Choices] | None = None  # the documented values of a coded field

    @property
    def columns(self):
        return (self.source,) if isinstance(self.source, str) else self.source

    def read(self, row):
        """The value of this field in `row` (a dict of columns): None when unknown or empty."""
        values = [row[column] for column in self.columns]
        value = self.derive(*values) if self.derive else values[0]
        return None if value == "" else value


@dataclass(frozen=True)
class Dataset:
    slug: str  # its name in URLs and file names (Indonesian, as the site's paths)
    title: str
    row: str  # what one row is, and which rows are in it
    fields: tuple[Field, ...]
    queryset: Callable[[], models.QuerySet]  # every public row, in order, with its annotations
    filterset_class: type | None = None  # the catalogue's filters, for the product download
    note: str = ""
    # Columns no query gives: `attach(rows)` adds them to a chunk of rows (a few queries per
    # chunk), for values that only the models' rules in Python decide (a centre's flag).
    attached: tuple[str, ...] = ()
    attach: Callable[[list[dict]], None] | None = None

    @property
    def field_names(self):
        return [field.name for field in self.fields]

    @property
    def columns(self):
        """Every column the query gives, each once, in the fields' order."""
        read = dict.fromkeys(column for field in self.fields for column in field.columns)
        return [column for column in read if column not in self.attached]

    def walk(self, rows):
        """The rows of `rows` (a values() queryset) one at a time, CHUNK_SIZE read at once.

        Memory holds one chunk; the query count grows by the attached columns' few
        queries per chunk, never per row.
        """
        iterator = rows.iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
            if self.attach is not None:
                self.attach(chunk)
            yield from chunk

    def rows(self, request=None):
        """(the rows to write, as dicts of columns; the names of filters left out for bad values).

        A dataset with a filterset takes the request's query string exactly as its
        page does (django-filter's FilterView with strict=False): a bad value is left
        out and the other filters still apply.
        """
        ignored = []
        queryset = self.queryset()
        if self.filterset_class is not None:
            data = request.GET if request is not None else None
            filterset = self.filterset_class(data or None, queryset=queryset, request=request)
            ignored = sorted(filterset.form.errors) if filterset.is_bound else []
            queryset = filterset.qs
        return queryset.values(*self.columns), ignored

    def values(self, row):
        """(field, value) for each field of `row`."""
        return [(field, field.read(row)) for field in self.fields]


def licence():
    """(name, URL) of the open data licence; URL "" when a custom licence names none."""
    return settings.OPEN_DATA_LICENCE, settings.OPEN_DATA_LICENCE_URL


def page_of(model):
    """derive= for a row's page: its absolute URL, by the model's own get_absolute_url().

    Reversed once per language and site address with a stand-in slug, which each
    row's slug then replaces (a slug is letters, digits, "-" and "_", which a URL
    keeps as they are): a 30,000-row file makes no 30,000 model objects for it.
    """

    @functools.lru_cache(maxsize=8)
    def pattern(language, site_url):
        return site.absolute(model(slug=SLUG_STAND_IN).get_absolute_url())

    def page(slug):
        address = pattern(translation.get_language(), settings.SITE_URL)
        return address.replace(SLUG_STAND_IN, slug)

    return page


def stored_file(name):
    """derive= for an uploaded file: its public URL, absolute; None without a file."""
    if not name:
        return None
    url = default_storage.url(name)
    return url if urlsplit(url).scheme else site.absolute(url)


def occupancy(stall_count, active_tenant_count):
    """derive= for occupancy: Sentra.occupancy_percent, the one rule, from the two numbers."""
    centre = Sentra(stall_count=stall_count)
    centre.active_tenant_count = active_tenant_count
    return centre.occupancy_percent


def json_value(value):
    """A value as JSON has it: dates as ISO 8601 text, decimals as numbers."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


# --- Subqueries: counts and sums per row, without GROUP BY over the outer query ----


def _per_row(rows, link, expression, output_field):
    """A subquery over `rows` whose `link` is the outer row: one aggregate value (or NULL).

    A plain aggregate function, no GROUP BY (as produk's count_per_centre): the
    database reads only the outer row's lines.
    """
    values = (
        rows.filter(**{link: OuterRef("pk")}).order_by().annotate(value=expression).values("value")
    )
    return Subquery(values, output_field=output_field)


def _count_per_row(rows, link):
    return _per_row(rows, link, Func(Value(1), function="COUNT"), models.IntegerField())


def _published_budget(source=None):
    """The sum of a centre's published budget amounts (of one source): NULL when none is."""
    lines = BudgetLine.objects.filter(amount__isnull=False)
    if source is not None:
        lines = lines.filter(source=source)
    # Cast: PostgreSQL sums bigints as numeric, which would reach the JSON as a decimal.
    total = Cast(Func(F("amount"), function="SUM"), models.BigIntegerField())
    return _per_row(lines, "sentra", total, models.BigIntegerField())


# --- Centres -----------------------------------------------------------------------


def centre_rows():
    return (
        centres_for_listing()
        .annotate(
            product_count=Product.objects.public().count_per_centre(),
            budget_total=_published_budget(),
            budget_lines_unpublished=_count_per_row(
                BudgetLine.objects.filter(amount__isnull=True), "sentra"
            ),
            **{f"budget_{source}": _published_budget(source) for source in FundingSource.values},
        )
        .order_by("kecamatan__name", "name", "pk")
    )


# What a progress figure says of itself and of its source: (name, type, description, column)
# as the history has them; the centre row has its latest figure's, each prefixed "progress_".
FIGURE = (
    (
        "financial_percent",
        FieldType.INTEGER,
        _("share of the budget spent, in percent, when reported."),
        "financial_percent",
    ),
    (
        "source_kind",
        FieldType.TEXT,
        _("where the figure comes from; empty for older history without one."),
        "source_kind",
    ),
    (
        "source_publisher",
        FieldType.TEXT,
        _("who issued the document or published the report."),
        "source_publisher",
    ),
    (
        "source_visitor",
        FieldType.TEXT,
        _("for a site visit, who went, by role and office."),
        "source_visitor",
    ),
    (
        "source_date",
        FieldType.DATE,
        _("the date of the source: signed, visited or published."),
        "source_date",
    ),
    (
        "source_title",
        FieldType.TEXT,
        _("the title of the document or article, when given."),
        "source_title",
    ),
    (
        "source_url",
        FieldType.URL,
        _("where anyone can read the source, when there is a link."),
        "source_url",
    ),
    (
        "recorded_by",
        FieldType.TEXT,
        _("the role and office that recorded the figure (never a person's name)."),
        "recorded_by_office",
    ),
)
LATEST_FIGURE = "progress_"


def _figure_fields(prefix):
    """A figure's fields: as the history has them (prefix ""), or the centre's latest one's."""
    fields = []
    for name, type, description, column in FIGURE:
        if prefix:
            description = format_lazy(_("Of the latest progress figure: {what}"), what=description)
            column = f"{prefix}{column}"
        else:
            description = capfirst(description)
        choices = SourceKind if name == "source_kind" else None
        fields.append(Field(f"{prefix}{name}", type, description, column, choices=choices))
    return tuple(fields)


def _milestone_columns(kind):
    return f"milestone_{kind}_planned", f"milestone_{kind}_actual"


def _schedule_columns():
    columns = [
        "schedule_flag",
        "planned_percent",
        "planned_end",
        "not_updated_since",
        "open_problems",
        *(f"{LATEST_FIGURE}{column}" for *_field, column in FIGURE),
    ]
    for kind in MilestoneKind.values:
        columns.extend(_milestone_columns(kind))
    return tuple(columns)


def attach_schedules(rows):
    """A chunk of centre rows gets its plan against actual, latest source, milestones, problems.

    Decided by the models' own rules, the ones the pages use (Sentra.schedule for the
    flag and the plan, Sentra.not_updated_since for staleness): five queries a chunk.
    A centre deleted since the rows were read gets empty values.
    """
    centres = (
        Sentra.objects.filter(slug__in=[row["slug"] for row in rows])
        .with_schedule()
        .prefetch_related(
            "milestones",
            Prefetch("problems", queryset=Problem.objects.open(), to_attr="open_problems"),
        )
        .in_bulk(field_name="slug")
    )
    for row in rows:
        row.update(dict.fromkeys(_schedule_columns()))
        centre = centres.get(row["slug"])
        if centre is None:
            continue
        schedule = centre.schedule
        row["schedule_flag"] = schedule.flag.value
        row["planned_percent"] = schedule.expected_rounded
        row["planned_end"] = schedule.planned_end
        row["not_updated_since"] = centre.not_updated_since
        row["open_problems"] = len(centre.open_problems)
        latest = next(iter(centre.progress_updates.all()), None)  # prefetched newest first
        if latest is not None:
            for *_field, column in FIGURE:
                row[f"{LATEST_FIGURE}{column}"] = getattr(latest, column)
        for milestone in centre.milestones.all():
            planned, actual = _milestone_columns(milestone.kind)
            row[planned], row[actual] = milestone.planned_on, milestone.achieved_on


def _milestone_fields():
    """Two columns per milestone kind: a new kind in MilestoneKind adds its pair."""
    fields = []
    for kind in MilestoneKind:
        planned, actual = _milestone_columns(kind.value)
        fields.append(
            Field(
                planned,
                FieldType.DATE,
                format_lazy(_("Milestone {milestone}: the planned date."), milestone=kind.label),
                planned,
            )
        )
        fields.append(
            Field(
                actual,
                FieldType.DATE,
                format_lazy(
                    _("Milestone {milestone}: the date it happened; empty until then."),
                    milestone=kind.label,
                ),
                actual,
            )
        )
    return tuple(fields)


def _budget_fields():
    """One column per funding source: a new source in FundingSource adds its column."""
    return tuple(
        Field(
            f"budget_{source.value}_rp",
            FieldType.INTEGER,
            format_lazy(
                _(
                    "Budget from {source}, in rupiah: the sum of its published amounts; "
                    "empty when no amount from this source has been published."
                ),
                source=source.label,
            ),
            f"budget_{source.value}",
        )
        for source in FundingSource
    )


CENTRE_FIELDS = (
    Field("name", FieldType.TEXT, _("The centre's name."), "name"),
    Field("slug", FieldType.TEXT, _("Its identifier in the portal's web addresses."), "slug"),
    Field("url", FieldType.URL, _("Its page on this portal."), "slug", page_of(Sentra)),
    Field("kecamatan", FieldType.TEXT, _("The district (kecamatan)."), "kecamatan__name"),
    Field(
        "kecamatan_code",
        FieldType.TEXT,
        _("The district's Kemendagri region code, such as 64.71.02."),
        "kecamatan__code",
    ),
    Field("kelurahan", FieldType.TEXT, _("The urban village (kelurahan)."), "kelurahan__name"),
    Field(
        "kelurahan_code",
        FieldType.TEXT,
        _("The kelurahan's Kemendagri region code."),
        "kelurahan__code",
    ),
    Field(
        "address",
        FieldType.TEXT,
        _("Street and number or landmark; the kelurahan and kecamatan have their own fields."),
        "address",
    ),
    Field(
        "latitude",
        FieldType.DECIMAL,
        _("Latitude in decimal degrees (WGS 84); empty when no location is published."),
        "latitude",
    ),
    Field("longitude", FieldType.DECIMAL, _("Longitude in decimal degrees (WGS 84)."), "longitude"),
    Field("kind", FieldType.TEXT, _("What kind of centre it is."), "kind", choices=CentreKind),
    Field(
        "status",
        FieldType.TEXT,
        _(
            "Where the centre stands, derived from its progress history and its opening and "
            "closing dates."
        ),
        "status",
        choices=CentreStatus,
    ),
    Field(
        "progress_percent",
        FieldType.INTEGER,
        _("Physical construction progress at the latest progress update, in percent (0-100)."),
        "progress",
    ),
    Field(
        "progress_date",
        FieldType.DATE,
        _("The date observed in that latest progress update; empty when none is recorded."),
        "progress_recorded_on",
    ),
    Field(
        "target_opening_date",
        FieldType.DATE,
        _("The date the centre is planned to open."),
        "target_opening_date",
    ),
    Field("opened_on", FieldType.DATE, _("The date it actually opened."), "opened_on"),
    Field("closed_on", FieldType.DATE, _("The date it closed, if it has."), "closed_on"),
    Field("stall_count", FieldType.INTEGER, _("Its number of stalls."), "stall_count"),
    Field(
        "active_tenant_count",
        FieldType.INTEGER,
        _("Stalls taken by approved, active tenants: the rows of the tenant dataset."),
        "active_tenant_count",
    ),
    Field(
        "occupancy_percent",
        FieldType.INTEGER,
        _("Active tenants over stalls, in percent; empty without a number of stalls."),
        ("stall_count", "active_tenant_count"),
        occupancy,
    ),
    Field(
        "product_count",
        FieldType.INTEGER,
        _("Products its tenants offer to the public: the rows of the product dataset."),
        "product_count",
    ),
    # The facts of the public works signboard (papan proyek).
    Field(
        "contractor",
        FieldType.TEXT,
        _("The construction contractor, as on the signboard."),
        "contractor",
    ),
    Field(
        "contract_number",
        FieldType.TEXT,
        _("The construction contract's number, as on the signboard."),
        "contract_number",
    ),
    Field(
        "contract_value_rp",
        FieldType.INTEGER,
        _("The contract's value in rupiah, as on the signboard."),
        "contract_value",
    ),
    Field(
        "construction_start",
        FieldType.DATE,
        _("The date construction started."),
        "construction_start",
    ),
    Field(
        "construction_planned_end",
        FieldType.DATE,
        _("The date construction is planned to end."),
        "construction_planned_end",
    ),
    # Budget lines by funding source.
    *_budget_fields(),
    Field(
        "budget_total_rp",
        FieldType.INTEGER,
        _("The sum of all its published budget amounts, in rupiah."),
        "budget_total",
    ),
    Field(
        "budget_lines_unpublished",
        FieldType.INTEGER,
        _("Budget lines whose amount has not been published yet, left out of the sums."),
        "budget_lines_unpublished",
    ),
    # The latest progress figure's source: the centre page's timeline shows the same.
    *_figure_fields(LATEST_FIGURE),
    Field(
        "not_updated_since",
        FieldType.DATE,
        format_lazy(
            _(
                "For a centre under construction whose latest figure is more than {days} days "
                "old: that figure's date. Empty while the figure is current."
            ),
            days=settings.PROGRESS_STALE_AFTER_DAYS,
        ),
        "not_updated_since",
    ),
    # Plan against actual (sentra/schedule.py decides; /progres/ explains the flags).
    Field(
        "schedule_flag",
        FieldType.TEXT,
        _(
            "Plan against actual: done, late (past its planned end and not done), no plan "
            "published, behind (more than the threshold under its planned curve on the date "
            "of its latest figure) or on track."
        ),
        "schedule_flag",
        choices=ScheduleFlag,
    ),
    Field(
        "planned_percent",
        FieldType.INTEGER,
        _(
            "What the planned curve expected on the date of the latest figure (today when "
            "there is none), in percent; empty without a plan or before it starts."
        ),
        "planned_percent",
    ),
    Field(
        "planned_end",
        FieldType.DATE,
        _(
            "The planned end of construction: the signboard's date, or else the day the "
            "planned curve reaches 100 %."
        ),
        "planned_end",
    ),
    *_milestone_fields(),
    Field(
        "open_problems",
        FieldType.INTEGER,
        _("Problems (kendala) logged for the centre and not resolved yet."),
        "open_problems",
    ),
    Field(
        "description",
        FieldType.TEXT,
        _("What visitors find there, in Indonesian."),
        "description",
    ),
    Field(
        "description_en",
        FieldType.TEXT,
        _("The same in English, when written."),
        "description_en",
    ),
    Field(
        "data_source",
        FieldType.TEXT,
        _("Who entered the data; demo marks a fictional centre of a demonstration site."),
        "data_source",
        choices=DataSource,
    ),
)


# --- Tenants -----------------------------------------------------------------------


def tenant_rows():
    return (
        Tenant.objects.listed()
        .for_listing()
        .annotate(product_count=_count_per_row(Product.objects.public(), "tenant"))
        .order_by("sentra__kecamatan__name", "sentra__name", "stall_number", "pk")
    )


TENANT_FIELDS = (
    Field("name", FieldType.TEXT, _("The business's name."), "name"),
    Field("slug", FieldType.TEXT, _("Its identifier in the portal's web addresses."), "slug"),
    Field("url", FieldType.URL, _("Its page on this portal."), "slug", page_of(Tenant)),
    Field("centre", FieldType.TEXT, _("The centre where it has its stall."), "sentra__name"),
    Field(
        "centre_slug",
        FieldType.TEXT,
        _("That centre's identifier: the slug in the centre dataset."),
        "sentra__slug",
    ),
    Field("kecamatan", FieldType.TEXT, _("The centre's district."), "sentra__kecamatan__name"),
    Field(
        "kecamatan_code",
        FieldType.TEXT,
        _("The district's Kemendagri region code."),
        "sentra__kecamatan__code",
    ),
    Field("stall_number", FieldType.TEXT, _("Its stall number in the centre."), "stall_number"),
    Field(
        "category",
        FieldType.TEXT,
        _("What kind of business it is."),
        "category",
        choices=Tenant.Category,
    ),
    Field(
        "description",
        FieldType.TEXT,
        _("What it offers, in Indonesian."),
        "description",
    ),
    Field(
        "description_en",
        FieldType.TEXT,
        _("The same in English, when written."),
        "description_en",
    ),
    Field(
        "verified",
        FieldType.BOOLEAN,
        _("Whether the UMKM office has checked its permits."),
        "verified",
    ),
    Field("instagram", FieldType.TEXT, _("Its Instagram account, without the @."), "instagram"),
    Field("tiktok", FieldType.TEXT, _("Its TikTok account, without the @."), "tiktok"),
    Field("shopee_url", FieldType.URL, _("Its shop on Shopee."), "shopee_url"),
    Field("tokopedia_url", FieldType.URL, _("Its shop on Tokopedia."), "tokopedia_url"),
    Field("website", FieldType.URL, _("Its own website."), "website"),
    Field(
        "product_count",
        FieldType.INTEGER,
        _("Its products in the product dataset."),
        "product_count",
    ),
    Field(
        "data_source",
        FieldType.TEXT,
        _("Who entered the data; demo marks a fictional tenant of a demonstration site."),
        "data_source",
        choices=DataSource,
    ),
)


# --- Products ----------------------------------------------------------------------


def product_rows():
    """The catalogue's own rows (its view's queryset): the download shows what it shows."""
    return ProductListView.queryset.all()


PRODUCT_FIELDS = (
    Field("name", FieldType.TEXT, _("The product's name."), "name"),
    Field("slug", FieldType.TEXT, _("Its identifier in the portal's web addresses."), "slug"),
    Field("url", FieldType.URL, _("Its page on this portal."), "slug", page_of(Product)),
    Field("tenant", FieldType.TEXT, _("The business that sells it."), "tenant__name"),
    Field(
        "tenant_slug",
        FieldType.TEXT,
        _("That business's identifier: the slug in the tenant dataset."),
        "tenant__slug",
    ),
    Field("centre", FieldType.TEXT, _("The centre where it is sold."), "tenant__sentra__name"),
    Field(
        "centre_slug",
        FieldType.TEXT,
        _("That centre's identifier: the slug in the centre dataset."),
        "tenant__sentra__slug",
    ),
    Field(
        "kecamatan",
        FieldType.TEXT,
        _("The centre's district."),
        "tenant__sentra__kecamatan__name",
    ),
    Field(
        "kecamatan_code",
        FieldType.TEXT,
        _("The district's Kemendagri region code."),
        "tenant__sentra__kecamatan__code",
    ),
    Field(
        "category",
        FieldType.TEXT,
        _("The category's identifier, as the catalogue's category filter takes it."),
        "category__slug",
    ),
    Field(
        "category_name", FieldType.TEXT, _("The category's name in Indonesian."), "category__name"
    ),
    Field(
        "category_name_en",
        FieldType.TEXT,
        _("The category's name in English, when written."),
        "category__name_en",
    ),
    Field(
        "price_rp",
        FieldType.INTEGER,
        _("Its price in whole rupiah; the lowest price when it has a price range."),
        "price",
    ),
    Field(
        "price_max_rp",
        FieldType.INTEGER,
        _("The highest price of its range (sizes or variants), if it has one."),
        "price_max",
    ),
    Field("unit", FieldType.TEXT, _("What the price is for, such as a pack of 250 g."), "unit"),
    Field("is_halal", FieldType.BOOLEAN, _("Whether it is marked halal."), "is_halal"),
    Field(
        "is_flagship",
        FieldType.BOOLEAN,
        _("Whether it is one of the city's flagship products (produk unggulan)."),
        "is_flagship",
    ),
    Field(
        "description",
        FieldType.TEXT,
        _("Its description, in Indonesian."),
        "description",
    ),
    Field(
        "description_en",
        FieldType.TEXT,
        _("The same in English, when written."),
        "description_en",
    ),
    Field(
        "photo_url",
        FieldType.URL,
        _("Its photo, when it has one."),
        "photo",
        stored_file,
    ),
    Field(
        "data_source",
        FieldType.TEXT,
        _("Who entered its tenant's data; demo marks fictional data of a demonstration site."),
        "tenant__data_source",
        choices=DataSource,
    ),
)


# --- Progress history and planned curves ---------------------------------------------


class OneCentreFilter(django_filters.FilterSet):
    """?sentra=<slug>: one centre's rows only, as its page links to them."""

    sentra = ShortListFilter(
        queryset=Sentra.objects.order_by("name"),
        to_field_name="slug",
        label=_("Centre"),
    )


def progress_rows():
    return ProgressUpdate.objects.order_by(
        "sentra__name", "sentra__pk", "recorded_on", "created_at", "pk"
    )


def _centre_fields(path):
    """The two columns that name a row's centre: its identifier and its name."""
    return (
        Field(
            "sentra",
            FieldType.TEXT,
            _("The centre's identifier (the slug of the centre dataset)."),
            f"{path}__slug",
        ),
        Field("sentra_name", FieldType.TEXT, _("The centre's name."), f"{path}__name"),
    )


PROGRESS_FIELDS = (
    *_centre_fields("sentra"),
    Field("recorded_on", FieldType.DATE, _("The date the progress was observed."), "recorded_on"),
    Field(
        "physical_percent",
        FieldType.INTEGER,
        _("Physical construction progress, in percent (0-100)."),
        "physical_percent",
    ),
    Field("note", FieldType.TEXT, _("What was observed, in Indonesian."), "note"),
    *_figure_fields(""),
    Field(
        "photo_url", FieldType.URL, _("The photo taken, when there is one."), "photo", stored_file
    ),
)


def planned_rows():
    return PlannedProgress.objects.order_by("sentra__name", "sentra__pk", "planned_on")


PLANNED_FIELDS = (
    *_centre_fields("sentra"),
    Field("planned_on", FieldType.DATE, _("A date of the planned curve."), "planned_on"),
    Field(
        "planned_percent",
        FieldType.INTEGER,
        _(
            "The physical progress planned by that date, in percent. Between two dates the "
            "plan is a straight line."
        ),
        "planned_percent",
    ),
)


# --- The datasets, in the order the /data/ page shows them --------------------------

DATASETS = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            slug="sentra",
            title=_("UMKM centres"),
            row=_(
                "One row per UMKM centre (sentra): planned, under construction, operating or "
                "closed, every one of them, with its construction progress, occupancy, contract "
                "and budget by funding source."
            ),
            fields=CENTRE_FIELDS,
            queryset=centre_rows,
            attached=_schedule_columns(),
            attach=attach_schedules,
        ),
        Dataset(
            slug="progres",
            title=_("Construction progress history"),
            row=_(
                "One row per progress figure recorded for a centre, oldest first, with its "
                "source: the points of the actual curve that the centre pages draw."
            ),
            fields=PROGRESS_FIELDS,
            queryset=progress_rows,
            filterset_class=OneCentreFilter,
            note=_(
                "Add ?sentra= and a centre's identifier, such as "
                "?sentra=sentra-umkm-balikpapan-barat, for that centre's rows only: each "
                "centre's page links to its own."
            ),
        ),
        Dataset(
            slug="rencana",
            title=_("Planned progress curves"),
            row=_(
                "One row per point of a centre's planned progress curve, as the contract's "
                "schedule gives it: the plan that the centre pages draw the actual curve "
                "against."
            ),
            fields=PLANNED_FIELDS,
            queryset=planned_rows,
            filterset_class=OneCentreFilter,
            note=_("Add ?sentra= and a centre's identifier for that centre's planned curve only."),
        ),
        Dataset(
            slug="tenan",
            title=_("Tenants"),
            row=_(
                "One row per tenant: a business with a stall in a centre, approved by the UMKM "
                "office's curators and active. Drafts, listings under review and closed "
                "businesses are left out."
            ),
            fields=TENANT_FIELDS,
            queryset=tenant_rows,
        ),
        Dataset(
            slug="produk",
            title=_("Products"),
            row=_(
                "One row per product the catalogue shows: approved, available, and sold by an "
                "approved, active tenant."
            ),
            fields=PRODUCT_FIELDS,
            queryset=product_rows,
            filterset_class=ProductFilter,
            note=_(
                "This download takes the catalogue's filters: add the catalogue's query "
                "string, such as ?kecamatan=balikpapan-kota&halal=1, and it gives exactly the "
                "products the catalogue lists for it, all pages, in the same order. The "
                "download link under the catalogue's results does this for you. A filter with "
                "a bad value is left out, as in the catalogue, and named in the X-Ignored-Filters "
                "header and the ignored_filters field of the JSON."
            ),
        ),
    )
}


def get(slug):
    """The dataset of that name (KeyError if none): read at each request, never copied."""
    return DATASETS[slug]
