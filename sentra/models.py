"""Districts, UMKM centres, their opening hours, construction history and funding."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models, transaction
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Sum, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm.bilingual import in_page_language
from balikpapan_umkm.locking import VersionedModel
from balikpapan_umkm.pictures import PictureField
from balikpapan_umkm.search import SearchTextField, matching
from balikpapan_umkm.slugs import unique_slug
from balikpapan_umkm.validators import validate_image_upload

from .schedule import Schedule, first_decrease, is_stale, one_per_day

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
# "40%", "40 %", "40 persen", "40 percent": a figure that the records keep instead.
PERCENT_IN_TEXT = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|persen\b|percent\b)", re.IGNORECASE)


def _coordinate_fields():
    return (
        models.DecimalField(
            _("latitude"),
            max_digits=9,
            decimal_places=6,
            null=True,
            blank=True,
            validators=[MinValueValidator(-90), MaxValueValidator(90)],
        ),
        models.DecimalField(
            _("longitude"),
            max_digits=9,
            decimal_places=6,
            null=True,
            blank=True,
            validators=[MinValueValidator(-180), MaxValueValidator(180)],
        ),
    )


# Where a map of the city opens when no point is set (1°16'S 116°50'E; sentra/data).
CITY_CENTRE = (Decimal("-1.2667"), Decimal("116.8333"))
# Kota Balikpapan lies within 1.0°-1.5° S and 116.5°-117.5° E, as the city's statistics
# describe it: a generous box. A point outside it is a slip (a lost minus sign, swapped
# or mistyped numbers), not a centre of this city.
BALIKPAPAN_LATITUDES = (Decimal("-1.5"), Decimal("-1.0"))
BALIKPAPAN_LONGITUDES = (Decimal("116.5"), Decimal("117.5"))


def _as_decimal(value):
    try:
        return None if value is None else Decimal(str(value))
    except InvalidOperation:
        return None


def location_errors(latitude, longitude):
    """Form errors for a map point: both numbers or neither, and the point in Balikpapan.

    The one rule for every place with coordinates (centres and districts); values
    outside -90..90 and -180..180 are left to the fields' own validators.
    """
    latitude, longitude = _as_decimal(latitude), _as_decimal(longitude)
    if latitude is None and longitude is None:
        return {}
    if latitude is None:
        return {"latitude": _("Give the latitude too, or leave both numbers empty.")}
    if longitude is None:
        return {"longitude": _("Give the longitude too, or leave both numbers empty.")}
    errors = {}
    south, north = BALIKPAPAN_LATITUDES
    if -90 <= latitude <= 90 and not south <= latitude <= north:
        errors["latitude"] = ValidationError(
            _(
                "This point is not in Balikpapan, whose latitude lies between %(south)s and "
                "%(north)s (south of the equator: the number starts with a minus sign). "
                "Check the number, or pick the point on the map."
            ),
            code="outside_balikpapan",
            params={"south": south, "north": north},
        )
    west, east = BALIKPAPAN_LONGITUDES
    if -180 <= longitude <= 180 and not west <= longitude <= east:
        errors["longitude"] = ValidationError(
            _(
                "This point is not in Balikpapan, whose longitude lies between %(west)s and "
                "%(east)s. Check the number, or pick the point on the map."
            ),
            code="outside_balikpapan",
            params={"west": west, "east": east},
        )
    return errors


class DataSource(models.TextChoices):
    """Where a listing's data came from (shown to curators, kept for audit)."""

    SELF_ENTERED = "self", _("Entered by the centre")
    IMPORTED = "import", _("Imported from a spreadsheet")
    DINAS = "dinas", _("Entered by the UMKM office")
    DEMO = "demo", _("Demo data (fictional)")


# --- Districts -------------------------------------------------------------


class KecamatanQuerySet(models.QuerySet):
    def with_centres(self):
        """The districts with their open or planned centres, operating ones first: two queries."""
        return self.prefetch_related(
            Prefetch(
                "sentra",
                queryset=Sentra.objects.exclude(status=Sentra.Status.CLOSED)
                .select_related("kecamatan")
                .in_display_order(),
            )
        )


class Kecamatan(models.Model):
    code = models.CharField(
        _("region code"),
        max_length=8,
        unique=True,
        help_text=_("Kemendagri region code, for example 64.71.02."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("short description"), blank=True)
    latitude, longitude = _coordinate_fields()

    objects = KecamatanQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kecamatan")
        verbose_name_plural = _("Kecamatan")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:kecamatan", kwargs={"slug": self.slug})

    def clean(self):
        errors = location_errors(self.latitude, self.longitude)
        if errors:
            raise ValidationError(errors)


class Kelurahan(models.Model):
    kecamatan = models.ForeignKey(
        Kecamatan, models.PROTECT, related_name="kelurahan", verbose_name=_("Kecamatan")
    )
    code = models.CharField(
        _("region code"),
        max_length=13,
        unique=True,
        help_text=_("Kemendagri region code, for example 64.71.02.1001."),
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("Kelurahan")
        verbose_name_plural = _("Kelurahan")
        ordering = ["kecamatan__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kecamatan", "name"], name="kelurahan_name_unique_in_kecamatan"
            )
        ]

    def __str__(self):
        return self.name


# --- Centres ---------------------------------------------------------------


def works_on_every_centre(user):
    """The one rule for "may work on the listings of every centre".

    Staf DPRD and Kurator hold the permission through their groups; Django's
    has_perm is true for an active superuser, so administrators need no case
    of their own. Everyone else works only on the centres they manage.
    """
    return user.has_perm("sentra.access_all_centres")


class CentreKind(models.TextChoices):
    MARKET = "market", _("Culinary and shopping centre")
    FOOD_COURT = "food_court", _("Food court (pujasera)")
    PRODUCTION = "production", _("Production centre (sentra industri)")

    @classmethod
    def culinary_values(cls):
        """The kinds where visitors eat on site: the culinary guide lists these."""
        return [cls.MARKET, cls.FOOD_COURT]


class CentreStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    BUILDING = "building", _("Under construction")
    OPERATING = "operating", _("Operating")
    CLOSED = "closed", _("Closed")

    @classmethod
    def derive(cls, *, progress, opened_on, closed_on):
        """The status that the history and the opening dates imply."""
        if closed_on:
            return cls.CLOSED
        if opened_on:
            return cls.OPERATING
        if progress > 0:
            return cls.BUILDING
        return cls.PLANNED


class SentraQuerySet(models.QuerySet):
    def matching(self, words):
        """Centres whose name, address or description holds every one of `words`, ranked."""
        return matching(self, words)

    def managed_by(self, user):
        """The centres a user may work on: all, or those they manage."""
        return self if works_on_every_centre(user) else self.filter(managers=user)

    def refresh_progress(self):
        """Recompute progress, its date and status of these centres from their history.

        The one writer of those derived figures: recording, correcting or
        deleting history and saving a centre's dates all end here. Each row is
        locked first (a no-op on SQLite, whose IMMEDIATE transactions already
        serialise writers), so concurrent writers take turns and the last one
        to commit sees every update recorded before it.
        """
        with transaction.atomic(using=self.db):
            for centre in (
                self.select_for_update(no_key=True)
                .order_by("pk")
                .only("pk", "opened_on", "closed_on")
            ):
                latest = (
                    ProgressUpdate.objects.using(self.db)
                    .filter(sentra=centre.pk)
                    .latest_first()
                    .values("physical_percent", "recorded_on")
                    .first()
                )
                progress = latest["physical_percent"] if latest else 0
                Sentra.objects.using(self.db).filter(pk=centre.pk).update(
                    progress=progress,
                    progress_recorded_on=latest["recorded_on"] if latest else None,
                    status=Sentra.Status.derive(
                        progress=progress, opened_on=centre.opened_on, closed_on=centre.closed_on
                    ),
                )

    def operating(self):
        return self.filter(status=Sentra.Status.OPERATING)

    def for_listing(self):
        """Rows for list pages and maps: district and kelurahan in the same query.

        Occupancy needs `active_tenant_count`, which the listings app annotates
        (produk's `TenantQuerySet.count_per_centre()`): this app knows nothing of tenants.
        """
        return self.select_related("kecamatan", "kelurahan")

    def in_display_order(self):
        """Operating centres first, then by how far construction has come."""
        stage = Case(
            When(status=Sentra.Status.OPERATING, then=0),
            When(status=Sentra.Status.BUILDING, then=1),
            When(status=Sentra.Status.PLANNED, then=2),
            default=3,
        )
        return self.alias(stage=stage).order_by("stage", "-progress", "name")

    def open_at(self, moment):
        """Centres open at `moment` (an aware datetime), judged on Balikpapan time."""
        return self.filter(pk__in=OpeningHours.objects.open_at(moment).values("sentra"))

    def open_tonight(self, moment):
        """Centres open at some time tonight, as seen at `moment` (see `tonight()`)."""
        start, end = tonight(moment)
        return self.filter(pk__in=OpeningHours.objects.open_during(start, end).values("sentra"))

    def with_open_now(self, moment):
        """Annotate `is_open` (at `moment`) so that a list can sort and label in one query."""
        spans = OpeningHours.objects.open_at(moment).filter(sentra=OuterRef("pk"))
        return self.annotate(is_open=Exists(spans))

    def of_culinary_kind(self):
        """Centres whose kind makes them a place to eat (not production centres)."""
        return self.filter(kind__in=Sentra.Kind.culinary_values())

    def with_schedule(self):
        """What `Sentra.schedule` reads: the planned curve and the history, two queries."""
        return self.prefetch_related(
            "planned_progress",
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.latest_first()),
        )

    def for_progress_dashboard(self):
        """Every row /progres/ shows, flag and S-curve included: three queries at any size."""
        return self.select_related("kecamatan").with_schedule().order_by("kecamatan__name", "name")


class Sentra(VersionedModel):
    Kind = CentreKind

    Status = CentreStatus

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kecamatan = models.ForeignKey(
        Kecamatan, models.PROTECT, related_name="sentra", verbose_name=_("Kecamatan")
    )
    kelurahan = models.ForeignKey(
        Kelurahan,
        models.PROTECT,
        related_name="sentra",
        null=True,
        blank=True,
        verbose_name=_("Kelurahan"),
    )
    kind = models.CharField(
        _("kind of centre"),
        max_length=20,
        choices=Kind,
        default=Kind.MARKET,
        help_text=_("Only culinary kinds appear in the guide of places to eat."),
    )
    address = models.CharField(
        _("street address"),
        max_length=300,
        blank=True,
        help_text=_("Street and number or landmark; the kelurahan and kecamatan are added."),
    )
    latitude, longitude = _coordinate_fields()
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "What visitors find here. Progress and occupancy are shown from the records: "
            "do not type percentages."
        ),
    )
    description_en = models.TextField(
        _("description (English)"),
        blank=True,
        help_text=_(
            "Optional. English pages show it; without it they show the Indonesian description "
            "and say so."
        ),
    )
    data_source = models.CharField(
        _("data source"), max_length=10, choices=DataSource, default=DataSource.DINAS
    )
    cover_photo = PictureField(
        _("cover photo"),
        upload_to="sentra/cover/",
        blank=True,
        validators=[validate_image_upload],
    )

    # Derived from the progress history and the opening dates; never edited by hand.
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PLANNED, editable=False
    )
    progress = models.PositiveSmallIntegerField(
        _("construction progress (%)"), default=0, editable=False
    )
    progress_recorded_on = models.DateField(
        _("date of last progress update"), null=True, blank=True, editable=False
    )

    target_opening_date = models.DateField(_("target opening date"), null=True, blank=True)
    opened_on = models.DateField(
        _("opened on"), null=True, blank=True, help_text=_("The actual opening date.")
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, help_text=_("Set only if the centre has closed.")
    )
    stall_count = models.PositiveSmallIntegerField(_("number of stalls"), null=True, blank=True)

    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    # The facts of the public works signboard (papan proyek).
    contractor = models.CharField(_("contractor"), max_length=200, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)
    contract_value = models.BigIntegerField(
        _("contract value (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    construction_start = models.DateField(_("construction start"), null=True, blank=True)
    construction_planned_end = models.DateField(
        _("planned end of construction"), null=True, blank=True
    )

    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_sentra",
        verbose_name=_("centre managers"),
        help_text=_("Users of the Pengelola Sentra group who keep this centre's listings."),
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # What visitors find a centre by in the site search, the name first (balikpapan_umkm.search).
    search_text = SearchTextField(_("search text"), parts=("name", "address", "description"))

    objects = SentraQuerySet.as_manager()

    # Written only by SentraQuerySet.refresh_progress().
    DERIVED_FIELDS = ("progress", "progress_recorded_on", "status")

    class Meta:
        verbose_name = _("UMKM centre")
        verbose_name_plural = _("UMKM centres")
        ordering = ["name"]
        permissions = [
            ("access_all_centres", _("Can work on the listings of every centre")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="sentra_progress_0_to_100"
            ),
            models.CheckConstraint(
                condition=Q(contract_value__isnull=True) | Q(contract_value__gte=0),
                name="sentra_contract_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="sentra_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(construction_planned_end__isnull=True)
                | Q(construction_start__isnull=True)
                | Q(construction_planned_end__gte=models.F("construction_start")),
                name="sentra_construction_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CentreStatus.values),
                name="sentra_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CentreKind.values),
                name="sentra_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(data_source__in=DataSource.values),
                name="sentra_data_source_valid",
            ),
        ]
        indexes = [
            # The home page, the progress dashboard and the culinary guide filter by status.
            models.Index(fields=["status", "name"], name="sentra_status_name_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Save what people edit; the derived figures are then recomputed by their one writer.

        `progress`, `progress_recorded_on` and `status` are never written from
        this (possibly outdated) copy: an edit of the centre's facts that was
        opened before a progress update must not put the old figures back.
        """
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        using = kwargs.get("using")
        with transaction.atomic(using=using):
            if self._state.adding:
                super().save(*args, **kwargs)
            else:
                update_fields = kwargs.get("update_fields")
                if update_fields is None:
                    update_fields = [
                        f.name
                        for f in self._meta.concrete_fields
                        if not f.primary_key and f.name not in self.DERIVED_FIELDS
                    ]
                kwargs["update_fields"] = [
                    name for name in update_fields if name not in self.DERIVED_FIELDS
                ]
                super().save(*args, **kwargs)
            type(self).objects.filter(pk=self.pk).refresh_progress()
            self.refresh_from_db(fields=self.DERIVED_FIELDS)

    def get_absolute_url(self):
        return reverse("portal:sentra", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if (
            self.kelurahan_id
            and self.kecamatan_id
            and self.kelurahan.kecamatan_id != self.kecamatan_id
        ):
            errors["kelurahan"] = _("This kelurahan lies in another kecamatan.")
        for field in ("opened_on", "closed_on"):
            value = getattr(self, field)
            if value and value > today:
                errors[field] = _("This date is in the future; use the target opening date.")
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A centre cannot close before it opened.")
        if self.closed_on and not self.opened_on:
            errors["opened_on"] = _("A closed centre needs the date it opened.")
        if (
            self.construction_start
            and self.construction_planned_end
            and self.construction_planned_end < self.construction_start
        ):
            errors["construction_planned_end"] = _("The planned end is before the start.")
        for field in ("description", "description_en"):
            if PERCENT_IN_TEXT.search(getattr(self, field) or ""):
                errors[field] = _(
                    "Do not type percentages here: the page shows the current construction "
                    "progress and occupancy from the records. Record progress as a progress "
                    "update instead."
                )
        errors.update(location_errors(self.latitude, self.longitude))
        if errors:
            raise ValidationError(errors)

    # Behaviour ------------------------------------------------------------

    def record_progress(self, *, physical_percent, recorded_on=None, **fields):
        """Append a progress update and bring the centre's progress and status up to date."""
        update = ProgressUpdate(
            sentra=self,
            physical_percent=physical_percent,
            recorded_on=recorded_on or timezone.localdate(),
            **fields,
        )
        update.full_clean()
        update.save()
        self.refresh_from_db(fields=["progress", "progress_recorded_on", "status"])
        self.__dict__.pop("schedule", None)  # worked out again from the new history
        return update

    def refresh_progress(self):
        """Recompute this centre's progress, its date and status (see SentraQuerySet)."""
        type(self).objects.filter(pk=self.pk).refresh_progress()
        self.refresh_from_db(fields=self.DERIVED_FIELDS)
        self.__dict__.pop("schedule", None)

    def is_open_at(self, moment):
        return any(span.covers(moment) for span in self.opening_hours.all())

    @property
    def occupancy_percent(self):
        """Active tenants over stalls, when both are known (needs `active_tenant_count`)."""
        count = getattr(self, "active_tenant_count", None)
        if count is None or not self.stall_count:
            return None
        return min(100, round(100 * count / self.stall_count))

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def is_fictional(self):
        return self.data_source == DataSource.DEMO

    @property
    def page_description(self):
        """The description in the page's language (balikpapan_umkm.bilingual)."""
        return in_page_language(self.description, self.description_en)

    @property
    def is_planned(self):
        return self.status == self.Status.PLANNED

    @property
    def is_under_construction(self):
        return self.status in (self.Status.PLANNED, self.Status.BUILDING)

    @property
    def not_updated_since(self):
        """The date of the last figure of a centre being built, when older than allowed.

        None while the figure is current (PROGRESS_STALE_AFTER_DAYS, 60 days), and for
        centres that are not under construction (planned, open or closed).
        """
        if self.status != self.Status.BUILDING:
            return None
        stale = is_stale(
            last_update=self.progress_recorded_on,
            today=timezone.localdate(),
            after_days=settings.PROGRESS_STALE_AFTER_DAYS,
        )
        return self.progress_recorded_on if stale else None

    @cached_property
    def schedule(self):
        """Plan against actual and the centre's flag (sentra.schedule).

        Reads the rows that `with_schedule()` prefetches: the planned curve and the history.
        """
        return Schedule(
            planned=sorted((p.planned_on, p.planned_percent) for p in self.planned_progress.all()),
            recorded=one_per_day(
                (update.recorded_on, update.physical_percent)
                for update in self.progress_updates.all()
            ),
            progress=self.progress,
            last_update=self.progress_recorded_on,
            finished=self.status in (self.Status.OPERATING, self.Status.CLOSED)
            or self.progress >= 100,
            signboard_end=self.construction_planned_end,
            today=timezone.localdate(),
            behind_by=settings.PROGRESS_BEHIND_BY_POINTS,
        )

    @property
    def funding_sources(self):
        """The funding sources of the prefetched budget lines, each named once, in order."""
        labels = []
        for line in self.budget_lines.all():
            if line.get_source_display() not in labels:
                labels.append(line.get_source_display())
        return labels

    @property
    def shows_signboard(self):
        """A centre being built has a signboard, even before its facts are published."""
        return self.is_under_construction or any(
            (
                self.contractor,
                self.contract_number,
                self.contract_value is not None,
                self.construction_start,
                self.construction_planned_end,
            )
        )

    @property
    def full_address(self):
        """The street address, then the kelurahan and kecamatan, each named once.

        Needs `kecamatan` and `kelurahan` loaded (for_listing() selects them).
        """
        parts = [self.address.strip()] if self.address.strip() else []
        said = " ".join(parts).casefold()
        for place in (self.kelurahan, self.kecamatan):
            if place is not None and place.name.casefold() not in said:
                parts.append(place.name)
                said += " " + place.name.casefold()
        return ", ".join(parts)

    def weekly_hours(self):
        """Seven (weekday, spans) pairs, Monday first; a day without spans is closed.

        Reads the prefetched `opening_hours` (spans sorted by weekday and time).
        """
        spans = list(self.opening_hours.all())
        return [
            (day, [span for span in spans if span.weekday == day.value])
            for day in OpeningHours.Weekday
        ]

    def hours_on(self, moment):
        """The spans of the Balikpapan weekday of `moment`, from the prefetched hours."""
        weekday = timezone.localtime(moment).weekday()
        return [span for span in self.opening_hours.all() if span.weekday == weekday]

    def opening_state(self, moment):
        """What a visitor wants to know now: open until when, or when it opens next.

        Returns an OpeningState; judged on Balikpapan time from the prefetched spans.
        """
        return OpeningState.at(list(self.opening_hours.all()), moment)


# "Tonight" starts at this hour, and the night before ends at the other.
EVENING_STARTS = datetime.time(18, 0)
NIGHT_ENDS = datetime.time(5, 0)


def tonight(moment):
    """The rest of tonight as seen at `moment`: (start, end), aware, within one day.

    Before dawn it is what is left of the night (until 05:00); otherwise the
    evening from 18:00, or from now if later, until midnight.
    """
    local = timezone.localtime(moment)
    day = local.date()

    def at(time):
        return datetime.datetime.combine(day, time, tzinfo=local.tzinfo)

    if local.time() < NIGHT_ENDS:
        return local, at(NIGHT_ENDS)
    return max(local, at(EVENING_STARTS)), at(datetime.time(0)) + datetime.timedelta(days=1)


class OpeningHoursQuerySet(models.QuerySet):
    def open_at(self, moment):
        """Spans covering `moment`, including ones that began the evening before."""
        local = timezone.localtime(moment)
        weekday, now = local.weekday(), local.time()
        yesterday = (weekday - 1) % 7
        same_day = Q(weekday=weekday, opens__lte=now) & (
            Q(closes__gt=now) | Q(closes__lte=models.F("opens"))
        )
        from_last_night = Q(weekday=yesterday, closes__lte=models.F("opens"), closes__gt=now)
        return self.filter(same_day | from_last_night)

    def open_during(self, start, end):
        """Spans open at some moment of [start, end), a stretch within one Balikpapan day.

        `end` may be the midnight that closes the day. A span that runs past
        midnight counts on its own day until then, and on the next day until it closes.
        """
        local_start, local_end = timezone.localtime(start), timezone.localtime(end)
        weekday, since = local_start.weekday(), local_start.time()
        yesterday = (weekday - 1) % 7
        opens_in_time = (
            Q() if local_end.date() > local_start.date() else Q(opens__lt=local_end.time())
        )
        same_day = (
            Q(weekday=weekday)
            & opens_in_time
            & (Q(closes__gt=since) | Q(closes__lte=models.F("opens")))
        )
        from_last_night = Q(weekday=yesterday, closes__lte=models.F("opens"), closes__gt=since)
        return self.filter(same_day | from_last_night)


class OpeningHours(models.Model):
    """One opening span on one weekday, in Balikpapan time (WITA).

    A span whose closing time is not after its opening time runs past
    midnight (a night market open 17:00-01:00).
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    sentra = models.ForeignKey(
        Sentra, models.CASCADE, related_name="opening_hours", verbose_name=_("UMKM centre")
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("Earlier than opening: past midnight."))

    objects = OpeningHoursQuerySet.as_manager()

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["sentra", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="openinghours_weekday_valid"
            ),
            models.CheckConstraint(
                condition=~Q(opens=models.F("closes")), name="openinghours_not_empty"
            ),
            models.UniqueConstraint(
                fields=["sentra", "weekday", "opens"], name="openinghours_unique_span"
            ),
        ]
        indexes = [
            # OpeningHours.objects.open_at(): weekday first, then the time range.
            models.Index(fields=["weekday", "opens", "closes"], name="openinghours_lookup_idx"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    @property
    def overnight(self):
        return self.closes <= self.opens

    def covers(self, moment):
        local = timezone.localtime(moment)
        weekday, now = local.weekday(), local.time()
        if self.weekday == weekday and self.opens <= now and (self.overnight or now < self.closes):
            return True
        return self.overnight and self.weekday == (weekday - 1) % 7 and now < self.closes


@dataclass(frozen=True)
class OpeningState:
    """Open now and until when, or when a place opens next; `known` is False without hours."""

    known: bool
    is_open: bool = False
    closes_at: datetime.time | None = None
    next_weekday: int | None = None
    next_opens_at: datetime.time | None = None
    days_ahead: int | None = None

    @classmethod
    def at(cls, spans, moment):
        if not spans:
            return cls(known=False)
        local = timezone.localtime(moment)
        weekday, now = local.weekday(), local.time()
        current = next((span for span in spans if span.covers(moment)), None)
        if current is not None:
            return cls(known=True, is_open=True, closes_at=cls._closing(spans, current))
        for days_ahead in range(8):
            day = (weekday + days_ahead) % 7
            later = [
                span
                for span in spans
                if span.weekday == day and (days_ahead > 0 or span.opens > now)
            ]
            if later:
                first = min(later, key=lambda span: span.opens)
                return cls(
                    known=True,
                    next_weekday=day,
                    next_opens_at=first.opens,
                    days_ahead=days_ahead,
                )
        return cls(known=False)  # unreachable with any span; kept for safety

    @staticmethod
    def _closing(spans, span):
        """When the open stretch ends: a span that starts as `span` closes continues it."""
        closes, day = span.closes, span.weekday
        for _hop in range(len(spans)):
            if span.overnight:
                day = (day + 1) % 7
            follow = next(
                (s for s in spans if s.weekday == day and s.opens == closes and s is not span),
                None,
            )
            if follow is None:
                return closes
            span, closes = follow, follow.closes
        return closes

    @property
    def next_weekday_label(self):
        if self.next_weekday is None:
            return ""
        return OpeningHours.Weekday(self.next_weekday).label


class SourceKind(models.TextChoices):
    """Where a progress figure comes from (OC4IDS: a document of the project)."""

    DOCUMENT = "document", _("Document")
    SITE_VISIT = "site_visit", _("Site visit")
    REPORT = "report", _("Published report")


class ProgressUpdateQuerySet(models.QuerySet):
    def delete(self):
        """Delete history entries (the admin's bulk delete too); their centres are recomputed."""
        with transaction.atomic(using=self.db):
            centres = set(self.values_list("sentra", flat=True))
            result = super().delete()
            Sentra.objects.using(self.db).filter(pk__in=centres).refresh_progress()
        return result

    def latest_first(self):
        """Newest observation first; updates of the same day in the order they were saved."""
        return self.order_by("-recorded_on", "-created_at", "-pk")


class ProgressUpdate(models.Model):
    """One observation of a centre's construction.

    Staff only append; administrators may correct or delete an entry, and the
    centre's figures follow (see SentraQuerySet.refresh_progress).
    """

    sentra = models.ForeignKey(
        Sentra, models.PROTECT, related_name="progress_updates", verbose_name=_("UMKM centre")
    )
    recorded_on = models.DateField(_("date observed"))
    physical_percent = models.PositiveSmallIntegerField(
        _("physical progress (%)"), validators=PERCENT_VALIDATORS
    )
    financial_percent = models.PositiveSmallIntegerField(
        _("financial progress (%)"),
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        help_text=_("Share of the budget spent, if known."),
    )
    note = models.TextField(_("note"), blank=True)
    photo = PictureField(
        _("photo"), upload_to="sentra/progress/", blank=True, validators=[validate_image_upload]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # Who recorded it, as the public pages name them: the role and office, kept as it was
    # on the day (sentra.offices.public_title), so that later changes of groups rewrite nothing.
    recorded_by_office = models.CharField(
        _("recorded by (role and office)"), max_length=200, blank=True, editable=False
    )
    # Where the figure comes from. Required on the staff form; older history may have none
    # (the source kind is then empty, and a title may hold the old free-text source).
    source_kind = models.CharField(
        _("kind of source"), max_length=20, choices=SourceKind, blank=True
    )
    source_publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who issued the document or published the report, for example Dinas PU Kota "
            "Balikpapan or BorneoFlash."
        ),
    )
    source_visitor = models.CharField(
        _("visited by (role and office)"),
        max_length=200,
        blank=True,
        help_text=_(
            "For a site visit: who went, by role and office, for example Staf Komisi II DPRD. "
            "No personal names: this is shown to the public."
        ),
    )
    source_date = models.DateField(
        _("date of the source"),
        null=True,
        blank=True,
        help_text=_("When the document was signed, the visit made or the report published."),
    )
    source_title = models.CharField(
        _("title of the source"),
        max_length=300,
        blank=True,
        help_text=_("Optional: the document's or the article's title."),
    )
    source_url = models.URLField(
        _("link to the source"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Optional: where anyone can read it."),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-recorded_on", "-created_at", "-pk"]
        get_latest_by = ["recorded_on", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(physical_percent__gte=0, physical_percent__lte=100),
                name="progressupdate_physical_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(financial_percent__isnull=True)
                | Q(financial_percent__gte=0, financial_percent__lte=100),
                name="progressupdate_financial_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(source_kind__in=["", *SourceKind.values]),
                name="progressupdate_source_kind_valid",
            ),
            # A source of a known kind is dated, and names who issued it or who went.
            models.CheckConstraint(
                condition=Q(source_kind="") | Q(source_date__isnull=False),
                name="progressupdate_source_dated",
            ),
            models.CheckConstraint(
                condition=~Q(source_kind__in=[SourceKind.DOCUMENT, SourceKind.REPORT])
                | ~Q(source_publisher=""),
                name="progressupdate_source_names_publisher",
            ),
            models.CheckConstraint(
                condition=~Q(source_kind=SourceKind.SITE_VISIT) | ~Q(source_visitor=""),
                name="progressupdate_site_visit_names_visitor",
            ),
        ]
        indexes = [
            # Sentra.refresh_progress() and the timeline: one centre's history, newest first.
            models.Index(
                fields=["sentra", "-recorded_on", "-created_at"], name="progress_timeline_idx"
            ),
        ]

    def __str__(self):
        return f"{self.sentra}: {self.physical_percent}% ({self.recorded_on:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            centres = {self.sentra_id}
            if not self._state.adding:  # a correction may move the entry to another centre
                centres |= set(
                    ProgressUpdate.objects.filter(pk=self.pk).values_list("sentra", flat=True)
                )
            # Lock the centres before writing, so that concurrent updates queue
            # here rather than deadlock on the foreign key's share lock.
            list(Sentra.objects.select_for_update(no_key=True).filter(pk__in=centres))
            super().save(*args, **kwargs)
            Sentra.objects.filter(pk__in=centres).refresh_progress()

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            result = super().delete(*args, **kwargs)
            Sentra.objects.filter(pk=self.sentra_id).refresh_progress()
        return result

    def clean(self):
        if self.recorded_on and self.recorded_on > timezone.localdate():
            raise ValidationError(
                {"recorded_on": _("Progress cannot be recorded for a future date.")}
            )
        if self._lowers_current_progress() and not self.note.strip():
            raise ValidationError(
                {"note": _("The progress is lower than the last update: explain why in the note.")}
            )
        errors = self.source_errors()
        if errors:
            raise ValidationError(errors)

    def source_errors(self):
        """Form errors of the source: what its kind needs, and dates that cannot be."""
        errors = {}
        details = (self.source_publisher, self.source_visitor, self.source_title, self.source_url)
        if not self.source_kind:
            if any(value.strip() for value in details) or self.source_date:
                errors["source_kind"] = _("Choose the kind of source.")
            return errors
        if self.source_date is None:
            errors["source_date"] = _(
                "Give the date of the source: when the document was signed, the visit made or "
                "the report published."
            )
        elif self.source_date > timezone.localdate():
            errors["source_date"] = _("The source cannot be dated in the future.")
        elif self.recorded_on and self.source_date < self.recorded_on:
            errors["source_date"] = _(
                "The source is dated before the day observed: it cannot report a figure that "
                "had not been seen yet. Check both dates."
            )
        if self.source_kind == SourceKind.SITE_VISIT:
            if not self.source_visitor.strip():
                errors["source_visitor"] = _(
                    "Say who made the visit, by role and office (for example Staf Komisi II "
                    "DPRD), without personal names."
                )
        elif not self.source_publisher.strip():
            errors["source_publisher"] = _(
                "Name who issued the document or published the report (for example Dinas PU "
                "Kota Balikpapan or BorneoFlash)."
            )
        return errors

    @property
    def has_source(self):
        return bool(self.source_kind or self.source_title)

    @property
    def source_name(self):
        """The source in a word or two, for tables: who published it, who went, or its title."""
        if self.source_kind == SourceKind.SITE_VISIT:
            return self.source_visitor
        return self.source_publisher or self.source_title

    def _lowers_current_progress(self):
        if not self.sentra_id or self.physical_percent is None or not self._state.adding:
            return False
        current = Sentra.objects.filter(pk=self.sentra_id).values(
            "progress", "progress_recorded_on"
        )[0]
        latest_day = current["progress_recorded_on"]
        becomes_latest = latest_day is None or (self.recorded_on and self.recorded_on >= latest_day)
        return becomes_latest and self.physical_percent < current["progress"]


class FundingSource(models.TextChoices):
    APBD = "apbd", _("City budget (APBD Kota)")
    ASPIRASI = "aspirasi", _("DPRD aspirasi funds")
    CSR = "csr", _("CSR")
    PROVINCE = "province", _("Provincial budget (APBD Provinsi)")
    OTHER = "other", _("Other")


class BudgetLineQuerySet(models.QuerySet):
    def totals_by_source(self):
        """Per funding source: the sum of published amounts and how many lines have none.

        One query; rows are dicts with `source`, `total` (None when no amount is
        published) and `unpublished`, in the order of FundingSource.
        """
        rows = {
            row["source"]: row
            for row in self.order_by()
            .values("source")
            .annotate(
                total=Sum("amount"),
                lines=Count("pk"),
                unpublished=Count("pk", filter=Q(amount__isnull=True)),
            )
        }
        return [
            {**rows[source], "label": FundingSource(source).label}
            for source in FundingSource.values
            if source in rows
        ]


class BudgetLine(models.Model):
    """Money for one centre from one funding source."""

    Source = FundingSource

    sentra = models.ForeignKey(
        Sentra, models.CASCADE, related_name="budget_lines", verbose_name=_("UMKM centre")
    )
    source = models.CharField(_("funding source"), max_length=20, choices=Source)
    partner = models.CharField(
        _("partner"), max_length=200, blank=True, help_text=_("Required for CSR: the company.")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    amount = models.BigIntegerField(
        _("amount (Rp)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty when the amount has not been published."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["sentra", "source", "fiscal_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="budgetline_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(source=FundingSource.CSR) | ~Q(partner=""),
                name="budgetline_csr_names_partner",
            ),
            models.CheckConstraint(
                condition=Q(source__in=FundingSource.values),
                name="budgetline_source_valid",
            ),
        ]

    def __str__(self):
        # A dash, not brackets: labels and partners may hold brackets of their own.
        label = self.get_source_display()
        return f"{label} \N{EN DASH} {self.partner}" if self.partner else str(label)

    def clean(self):
        if self.source == self.Source.CSR and not self.partner.strip():
            raise ValidationError({"partner": _("Name the CSR partner.")})


# --- Plan against actual, and problems ------------------------------------------


class PlannedProgress(models.Model):
    """One point of a centre's planned progress curve (the S-curve of the contract's schedule)."""

    sentra = models.ForeignKey(
        Sentra, models.CASCADE, related_name="planned_progress", verbose_name=_("UMKM centre")
    )
    planned_on = models.DateField(_("date"))
    planned_percent = models.PositiveSmallIntegerField(
        _("planned progress (%)"), validators=PERCENT_VALIDATORS
    )

    class Meta:
        verbose_name = _("planned progress point")
        verbose_name_plural = _("planned progress curve")
        ordering = ["sentra", "planned_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentra", "planned_on"], name="plannedprogress_one_point_per_day"
            ),
            models.CheckConstraint(
                condition=Q(planned_percent__gte=0, planned_percent__lte=100),
                name="plannedprogress_percent_0_to_100",
            ),
        ]

    def __str__(self):
        return f"{self.sentra}: {self.planned_percent}% ({self.planned_on:%Y-%m-%d})"

    def clean(self):
        """The curve never goes down: checked against the centre's other stored points.

        The centre form checks the whole curve as submitted instead
        (sentra.admin.PlannedCurveFormSet), and sets `checked_with_the_curve`.
        """
        if getattr(self, "checked_with_the_curve", False):
            return
        if not self.sentra_id or self.planned_on is None or self.planned_percent is None:
            return
        others = PlannedProgress.objects.filter(sentra=self.sentra_id).exclude(pk=self.pk)
        points = [*others.values_list("planned_on", "planned_percent"), self.point]
        if first_decrease(points) is not None:
            raise ValidationError(
                {"planned_percent": PlannedProgress.decrease_message()}, code="decreasing"
            )

    @property
    def point(self):
        return (self.planned_on, self.planned_percent)

    @staticmethod
    def decrease_message():
        return _(
            "A planned curve never goes down: each point must be at least the one before it "
            "and at most the one after it."
        )


class MilestoneKind(models.TextChoices):
    DESIGN = "design", _("Design")
    TENDER = "tender", _("Tender")
    CONSTRUCTION_START = "construction_start", _("Construction start")
    HANDOVER = "handover", _("Handover")
    OPENING = "opening", _("Opening")


class Milestone(models.Model):
    """A step of the project, with the date planned and the date it happened."""

    Kind = MilestoneKind

    sentra = models.ForeignKey(
        Sentra, models.CASCADE, related_name="milestones", verbose_name=_("UMKM centre")
    )
    kind = models.CharField(_("milestone"), max_length=20, choices=Kind)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    achieved_on = models.DateField(_("actual date"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        # The project's own order, not the alphabet's.
        ordering = [
            "sentra",
            Case(
                *[When(kind=kind, then=position) for position, kind in enumerate(MilestoneKind)],
                default=len(MilestoneKind),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["sentra", "kind"], name="milestone_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=MilestoneKind.values), name="milestone_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_on__isnull=False) | Q(achieved_on__isnull=False),
                name="milestone_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.sentra}: {self.get_kind_display()}"

    # The centre's own date that a milestone's planned date states again: they must agree.
    STATED_BY_THE_CENTRE = {
        MilestoneKind.CONSTRUCTION_START: "construction_start",
        MilestoneKind.HANDOVER: "construction_planned_end",
        MilestoneKind.OPENING: "target_opening_date",
    }

    def clean(self):
        errors = {}
        if self.planned_on is None and self.achieved_on is None:
            errors["planned_on"] = _("Give the planned date, the actual date, or both.")
        try:
            centre = self.sentra  # in the centre form: as it is being saved
        except Sentra.DoesNotExist:
            centre = None
        field = self.STATED_BY_THE_CENTRE.get(self.kind)
        stated = getattr(centre, field) if centre is not None and field else None
        if stated and self.planned_on and self.planned_on != stated:
            errors["planned_on"] = _(
                "The centre gives %(date)s as its %(what)s: the planned date must be the same."
            ) % {
                "date": date_format(stated, "j F Y"),
                "what": Sentra._meta.get_field(field).verbose_name,
            }
        if self.achieved_on and self.achieved_on > timezone.localdate():
            errors["achieved_on"] = _(
                "The actual date cannot be in the future; give the planned date instead."
            )
        opened_on = centre.opened_on if centre is not None else None
        if (
            self.kind == MilestoneKind.OPENING
            and self.achieved_on
            and opened_on
            and self.achieved_on != opened_on
        ):
            errors["achieved_on"] = _(
                "The centre's opening date is %(date)s: the opening happened on that day."
            ) % {"date": date_format(opened_on, "j F Y")}
        if errors:
            raise ValidationError(errors)


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Still open")
    RESOLVED = "resolved", _("Resolved")


class ProblemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Problem.Status.OPEN)


class Problem(models.Model):
    """A problem (kendala) of a centre's construction or operation, and how it was resolved."""

    Status = ProblemStatus

    sentra = models.ForeignKey(
        Sentra, models.CASCADE, related_name="problems", verbose_name=_("UMKM centre")
    )
    reported_on = models.DateField(_("date"))
    description = models.TextField(
        _("description"),
        help_text=_("What holds the work up. Shown to the public: no personal names."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem (kendala)")
        verbose_name_plural = _("problems (kendala)")
        ordering = ["sentra", "-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProblemStatus.values), name="problem_status_valid"
            ),
            # Resolved exactly when it has the day it was resolved, not before it arose.
            models.CheckConstraint(
                condition=Q(status=ProblemStatus.OPEN, resolved_on__isnull=True)
                | Q(
                    status=ProblemStatus.RESOLVED,
                    resolved_on__isnull=False,
                    resolved_on__gte=models.F("reported_on"),
                ),
                name="problem_resolved_on_its_day",
            ),
        ]

    def __str__(self):
        return f"{self.sentra}: {self.description[:60]}"

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.reported_on and self.reported_on > today:
            errors["reported_on"] = _("A problem cannot be dated in the future.")
        if self.status == self.Status.RESOLVED:
            if self.resolved_on is None:
                errors["resolved_on"] = _("Give the date the problem was resolved.")
            elif self.resolved_on > today:
                errors["resolved_on"] = _("This date is in the future.")
            elif self.reported_on and self.resolved_on < self.reported_on:
                errors["resolved_on"] = _("A problem cannot be resolved before it arose.")
            if not self.resolution.strip():
                errors["resolution"] = _("Say how the problem was resolved.")
        elif self.resolved_on is not None:
            errors["resolved_on"] = _(
                "An open problem has no resolved date: mark it resolved, or clear the date."
            )
        if errors:
            raise ValidationError(errors)
