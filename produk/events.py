"""Events (acara): festivals, bazaars, competitions and workshops, and who took part or won.

An event is held at a centre, or at an address of its own (with its district,
and a map point when known); the database holds exactly one of the two. Its
participants are the city's listings, tenants or products, so events live with
the listings: this app may build on `sentra`, and `sentra` knows nothing of it.

The models are defined here and imported by produk/models.py, which is where
Django looks for them; this keeps one concept in one file.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm.bilingual import in_page_language
from balikpapan_umkm.pictures import PictureField
from balikpapan_umkm.slugs import unique_slug
from balikpapan_umkm.validators import validate_image_upload
from sentra.models import DataSource, Kecamatan, Sentra, location_errors

from .curation import Curation

WEB_ADDRESS = URLValidator(
    schemes=["http", "https"],
    message=_("Give a web address that starts with https:// or http://."),
)


class EventKind(models.TextChoices):
    FESTIVAL = "festival", _("Festival")
    BAZAAR = "bazaar", _("Bazaar")
    EXHIBITION = "exhibition", _("Exhibition")
    COMPETITION = "competition", _("Competition")
    WORKSHOP = "workshop", _("Workshop or training")
    OTHER = "other", _("Other event")


@dataclass(frozen=True)
class EventAddress:
    """An event's own address, shaped like a centre for maps and directions links."""

    name: str
    full_address: str
    latitude: Decimal | None
    longitude: Decimal | None

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    def get_absolute_url(self):
        return ""  # no page of its own: the map names it without a link


class EventQuerySet(models.QuerySet):
    def upcoming(self, moment):
        """Events not over at `moment` (those under way included), the soonest first."""
        return self.filter(ends_at__gte=moment).order_by("starts_at", "pk")

    def past(self, moment):
        """Events over by `moment`, the latest first."""
        return self.filter(ends_at__lt=moment).order_by("-starts_at", "-pk")

    def for_calendar(self, moment, *, past_days):
        """The calendar feed's events: upcoming ones and those that ended in the last days."""
        since = moment - datetime.timedelta(days=past_days)
        return self.filter(ends_at__gte=since).for_listing().order_by("starts_at", "pk")

    def in_kecamatan(self, kecamatan):
        """Events at a centre of the district, or at an address in it."""
        return self.filter(Q(sentra__kecamatan=kecamatan) | Q(kecamatan=kecamatan))

    def for_listing(self):
        """Rows for cards, maps and calendars: the place and its district in the same query."""
        return self.select_related("sentra__kecamatan", "sentra__kelurahan", "kecamatan")

    def with_participants(self):
        """With `shown_participants`: the public listings that took part, winners first."""
        return self.prefetch_related(
            models.Prefetch(
                "participants",
                queryset=EventParticipant.objects.shown().in_display_order(),
                to_attr="shown_participants",
            )
        )


class Event(models.Model):
    """A public event of the UMKM centres: where and when, who organises it, who took part."""

    Kind = EventKind

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind of event"), max_length=20, choices=Kind)
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Balikpapan time (WITA)."))
    ends_at = models.DateTimeField(_("ends at"), help_text=_("Balikpapan time (WITA)."))
    # A festival of three evenings is not one 55-hour event: held daily, it runs from the
    # start's time to the end's time on each day from the first to the last.
    daily = models.BooleanField(
        _("held every day at the same hours"),
        default=False,
        help_text=_(
            "For an event of several days with the same hours each day, such as three "
            "evenings from 16:00 to 23:00: give the first day with its opening time as the "
            "start, and the last day with its closing time as the end."
        ),
    )

    # The place: a centre, or an address in a district (and a point, when known).
    sentra = models.ForeignKey(
        Sentra,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("UMKM centre"),
        help_text=_("If the event is held at a centre. Otherwise give the address below."),
    )
    address = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("Only for an event held elsewhere than at a centre: the place and street."),
    )
    kecamatan = models.ForeignKey(
        Kecamatan,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Kecamatan"),
        help_text=_("The district of that address."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(
        _("description (English)"),
        blank=True,
        help_text=_(
            "Optional. English pages show it; without it they show the Indonesian description "
            "and say so."
        ),
    )
    poster = PictureField(
        _("poster"), upload_to="acara/", blank=True, validators=[validate_image_upload]
    )
    organiser = models.CharField(
        _("organiser"), max_length=200, help_text=_("Who holds the event: an office, a community.")
    )
    registration_url = models.URLField(
        _("registration link"),
        blank=True,
        validators=[WEB_ADDRESS],
        help_text=_("Where visitors or businesses sign up, if they must."),
    )
    tenants = models.ManyToManyField(
        "produk.Tenant",
        through="produk.EventParticipant",
        through_fields=("event", "tenant"),
        related_name="events",
        blank=True,
        verbose_name=_("tenants taking part"),
    )
    products = models.ManyToManyField(
        "produk.Product",
        through="produk.EventParticipant",
        through_fields=("event", "product"),
        related_name="events",
        blank=True,
        verbose_name=_("products taking part"),
    )
    data_source = models.CharField(
        _("data source"), max_length=10, choices=DataSource, default=DataSource.DINAS
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            # At a centre (whose own address and point are shown), or at an address
            # in a district, with or without a point: never both, never neither.
            models.CheckConstraint(
                condition=Q(
                    sentra__isnull=False,
                    address="",
                    kecamatan__isnull=True,
                    latitude__isnull=True,
                    longitude__isnull=True,
                )
                | (Q(sentra__isnull=True, kecamatan__isnull=False) & ~Q(address="")),
                name="event_place_is_a_centre_or_an_address",
                violation_error_message=_(
                    "An event is held at a centre, or at an address with its district: "
                    "give one of the two."
                ),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="event_point_has_both_numbers",
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(data_source__in=DataSource.values), name="event_data_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(registration_url="")
                | Q(registration_url__istartswith="https://")
                | Q(registration_url__istartswith="http://"),
                name="event_registration_link_is_a_web_address",
            ),
        ]
        indexes = [
            # /acara/ and the home and centre pages: events not over yet (or over) by start.
            models.Index(fields=["ends_at", "starts_at"], name="event_ends_starts_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        elif self.daily and self.starts_at and self.ends_at:
            if self.is_one_day:
                errors["daily"] = _("An event of one day is not held every day: untick this.")
            elif self.daily_closes <= self.daily_opens:
                errors["ends_at"] = _(
                    "Held every day, the event must close later in the day than it opens "
                    "(hours past midnight are not supported)."
                )
        has_point = self.latitude is not None or self.longitude is not None
        if self.sentra_id is not None:
            if self.address.strip() or self.kecamatan_id is not None or has_point:
                errors["address"] = _(
                    "An event at a centre is shown at the centre's address: leave the address, "
                    "its district and its point empty, or clear the centre."
                )
        elif not self.address.strip():
            errors["sentra"] = _("Choose the centre where the event is held, or give its address.")
        elif self.kecamatan_id is None:
            errors["kecamatan"] = _("Give the district (kecamatan) of this address.")
        for field, messages in location_errors(self.latitude, self.longitude).items():
            errors.setdefault(field, messages)
        if errors:
            raise ValidationError(errors)

    @property
    def is_fictional(self):
        return self.data_source == DataSource.DEMO

    @property
    def page_description(self):
        """The description in the page's language (balikpapan_umkm.bilingual)."""
        return in_page_language(self.description, self.description_en)

    @cached_property
    def place(self):
        """Where it is held: the centre, or an EventAddress (both have a name, address, point).

        Needs the centre's district and kelurahan, or the event's district, loaded
        (EventQuerySet.for_listing() selects them).
        """
        if self.sentra_id is not None:
            return self.sentra
        parts = [self.address.strip()]
        if self.kecamatan is not None and self.kecamatan.name.casefold() not in parts[0].casefold():
            parts.append(self.kecamatan.name)
        return EventAddress(
            name=self.address.strip(),
            full_address=", ".join(parts),
            latitude=self.latitude,
            longitude=self.longitude,
        )

    @property
    def district(self):
        return self.sentra.kecamatan if self.sentra_id is not None else self.kecamatan

    def is_over_at(self, moment):
        return self.ends_at < moment

    @property
    def daily_opens(self):
        return timezone.localtime(self.starts_at).time()

    @property
    def daily_closes(self):
        return timezone.localtime(self.ends_at).time()

    def is_under_way_at(self, moment):
        if not self.starts_at <= moment <= self.ends_at:
            return False
        if not self.daily:
            return True
        return self.daily_opens <= timezone.localtime(moment).time() <= self.daily_closes

    @property
    def is_over(self):
        return self.is_over_at(timezone.now())

    @property
    def is_under_way(self):
        return self.is_under_way_at(timezone.now())

    @property
    def winners(self):
        """The shown winners, from with_participants()'s `shown_participants`."""
        return [entry for entry in self.shown_participants if entry.is_winner]

    @property
    def other_participants(self):
        """The shown participants that did not win, from with_participants()."""
        return [entry for entry in self.shown_participants if not entry.is_winner]

    @property
    def is_one_day(self):
        """Starts and ends on the same Balikpapan day: the date is written once."""
        return timezone.localdate(self.starts_at) == timezone.localdate(self.ends_at)


class ParticipantRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    WINNER = "winner", _("Winner")


class EventParticipantQuerySet(models.QuerySet):
    def shown(self):
        """Entries the public may see: of a public tenant, or a public product's.

        A listing a curator has not approved (or has taken down) stays off the
        event's page, as it is off every other page; closed tenants and products
        out of stock stay, as on their own pages.
        """
        return self.filter(
            Q(tenant__curation_status=Curation.APPROVED)
            | Q(
                product__curation_status=Curation.APPROVED,
                product__tenant__curation_status=Curation.APPROVED,
            )
        ).select_related("tenant", "product__tenant")

    def in_display_order(self):
        """Winners first, then the other participants, each in the order they were entered."""
        winners_first = Case(When(role=ParticipantRole.WINNER, then=Value(0)), default=Value(1))
        return self.alias(rank=winners_first).order_by("rank", "pk")


class EventParticipant(models.Model):
    """A tenant, or one of its products, that took part in an event, or won a prize there."""

    Role = ParticipantRole

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="participants", verbose_name=_("event")
    )
    # Exactly one of tenant and product is set (see the constraint).
    tenant = models.ForeignKey(
        "produk.Tenant",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="event_entries",
        verbose_name=_("tenant"),
    )
    product = models.ForeignKey(
        "produk.Product",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="event_entries",
        verbose_name=_("product"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.PARTICIPANT)
    prize = models.CharField(
        _("prize or rank"),
        max_length=100,
        blank=True,
        help_text=_("For a winner only, such as: Juara 1, Favorit."),
    )

    objects = EventParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants and winners")
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tenant__isnull=False, product__isnull=True)
                | Q(tenant__isnull=True, product__isnull=False),
                name="eventparticipant_exactly_one_listing",
                violation_error_message=_("Choose a tenant or a product: one of the two."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values), name="eventparticipant_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(role=ParticipantRole.WINNER) | Q(prize=""),
                name="eventparticipant_prize_for_winners",
                violation_error_message=_("Only a winner has a prize or rank."),
            ),
            models.UniqueConstraint(
                fields=["event", "tenant"],
                condition=Q(tenant__isnull=False),
                name="eventparticipant_tenant_once",
                violation_error_message=_("This tenant is already listed for the event."),
            ),
            models.UniqueConstraint(
                fields=["event", "product"],
                condition=Q(product__isnull=False),
                name="eventparticipant_product_once",
                violation_error_message=_("This product is already listed for the event."),
            ),
        ]

    def __str__(self):
        return str(self.listing)

    def clean(self):
        errors = {}
        if self.tenant_id is not None and self.product_id is not None:
            errors["product"] = _(
                "Choose the tenant or one of its products, not both: a product's page names "
                "its tenant."
            )
        elif self.tenant_id is None and self.product_id is None:
            errors["tenant"] = _("Choose the tenant or the product that took part.")
        if self.prize.strip() and self.role != self.Role.WINNER:
            errors["prize"] = _("Only a winner has a prize or rank: mark it as a winner.")
        if errors:
            raise ValidationError(errors)

    @property
    def listing(self):
        """The tenant or product that took part."""
        return self.product if self.product_id is not None else self.tenant

    @property
    def is_winner(self):
        return self.role == self.Role.WINNER
