"""Product categories and the products that tenants sell, flagship ones among them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm.locking import VersionedModel
from balikpapan_umkm.pictures import PictureField
from balikpapan_umkm.slugs import unique_slug
from balikpapan_umkm.validators import validate_image_upload
from sentra.curation import CuratedModel, Curation
from sentra.models import Tenant


class Category(models.Model):
    """A product category. Names are data, kept in both languages of the site."""

    name = models.CharField(_("name (Indonesian)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        """The name in the language of the current request."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class ProductQuerySet(models.QuerySet):
    def public(self):
        """Products the public sees: approved, available, from approved active tenants."""
        return self.filter(
            curation_status=Curation.APPROVED,
            is_available=True,
            tenant__status=Tenant.Status.ACTIVE,
            tenant__curation_status=Curation.APPROVED,
        )

    def managed_by(self, user):
        """The products a user may work on: all, or those of the centres they manage."""
        if user.is_superuser or user.has_perm("sentra.access_all_centres"):
            return self
        return self.filter(tenant__sentra__managers=user)

    def findable(self):
        """Approved products of approved tenants, shown even when unavailable (marked so)."""
        return self.filter(
            curation_status=Curation.APPROVED, tenant__curation_status=Curation.APPROVED
        )

    def on_tenant_page(self):
        return self.filter(curation_status=Curation.APPROVED, is_available=True)

    def flagship(self):
        return self.filter(is_flagship=True)

    def for_listing(self):
        """Rows for catalogue cards: product, category, tenant, centre, district in one query."""
        return self.select_related("category", "tenant__sentra__kecamatan")

    def in_kecamatan(self, kecamatan):
        return self.filter(tenant__sentra__kecamatan=kecamatan)

    def in_sentra(self, sentra):
        return self.filter(tenant__sentra=sentra)

    def related_to(self, product):
        """Other public products of the same category, the same centre's first."""
        return (
            self.public()
            .filter(category_id=product.category_id)
            .exclude(pk=product.pk)
            .alias(
                other_sentra=Case(
                    When(tenant__sentra_id=product.tenant.sentra_id, then=Value(0)),
                    default=Value(1),
                )
            )
            .order_by("other_sentra", "-is_flagship", "name")
        )


class Product(CuratedModel, VersionedModel):
    tenant = models.ForeignKey(
        Tenant, models.CASCADE, related_name="products", verbose_name=_("tenant")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="products", verbose_name=_("category")
    )
    description = models.TextField(_("description"), blank=True)
    price = models.PositiveIntegerField(
        _("price (Rp)"),
        validators=[MinValueValidator(0)],
        help_text=_("Whole rupiah. With a highest price, this is the lowest."),
    )
    price_max = models.PositiveIntegerField(
        _("highest price (Rp)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For a price range, such as sizes or variants."),
    )
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example: per pack of 250 g.")
    )
    photo = PictureField(
        _("photo"), upload_to="produk/", blank=True, validators=[validate_image_upload]
    )
    is_flagship = models.BooleanField(
        _("flagship product"),
        default=False,
        help_text=_("Produk unggulan: one of the city's icon products."),
    )
    is_halal = models.BooleanField(_("halal"), default=False)
    is_available = models.BooleanField(_("available"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProductQuerySet.as_manager()

    REVIEWED_FIELDS = ("name", "description", "photo", "price", "price_max", "unit", "is_halal")

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        permissions = [
            ("curate_product", _("Can approve, reject or unpublish products")),
            ("import_product", _("Can import products from spreadsheets")),
            ("export_product", _("Can export products to spreadsheets")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
            models.CheckConstraint(
                condition=Q(price_max__isnull=True) | Q(price_max__gte=F("price")),
                name="product_price_range_ordered",
            ),
        ]
        indexes = [
            # Catalogue filtered by category and sorted or bounded by price.
            models.Index(fields=["category", "price"], name="product_category_price_idx"),
            # Catalogue sorted by price across all categories.
            models.Index(fields=["price"], name="product_price_idx"),
            # Flagship products on the home page, newest first.
            models.Index(
                fields=["-created_at"],
                condition=Q(is_flagship=True),
                name="product_flagship_idx",
            ),
            # A tenant's products on its page.
            models.Index(fields=["tenant", "name"], name="product_tenant_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("produk:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.price is not None and self.price_max is not None and self.price_max < self.price:
            raise ValidationError(
                {"price_max": _("The highest price cannot be below the lowest price.")}
            )

    @property
    def has_price_range(self):
        return self.price_max is not None and self.price_max > self.price


class ReportQuerySet(models.QuerySet):
    def mark(self, status, *, by):
        """Set the status of many reports at once, recording who handled them and when."""
        return self.update(status=status, handled_by=by, handled_at=timezone.now())


class Report(models.Model):
    """A visitor's report that a public tenant or product page is wrong ("Laporkan masalah")."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("The business has closed")
        WRONG_PRICE = "wrong_price", _("The price is wrong")
        WRONG_CONTACT = "wrong_contact", _("The contact details are wrong")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    # Exactly one of tenant and product is set (see the constraint).
    tenant = models.ForeignKey(
        Tenant,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("tenant"),
    )
    product = models.ForeignKey(
        Product,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("product"),
    )
    kind = models.CharField(_("problem"), max_length=20, choices=Kind)
    message = models.TextField(_("details"), blank=True, max_length=1000)
    contact = models.CharField(_("reporter's contact"), max_length=200, blank=True)
    # A keyed hash of the visitor's IP address, for rate limits and spotting abuse;
    # the address itself is never stored.
    reporter_ip_hash = models.CharField(
        _("reporter's IP address (hashed)"), max_length=64, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW, db_index=True
    )
    staff_note = models.TextField(
        _("staff note"), blank=True, help_text=_("For the back office only; never shown publicly.")
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, editable=False)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("handled by"),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tenant__isnull=False, product__isnull=True)
                | Q(tenant__isnull=True, product__isnull=False),
                name="report_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["closed", "wrong_price", "wrong_contact", "other"]),
                name="report_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["new", "in_progress", "resolved", "dismissed"]),
                name="report_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(message=""), name="report_other_has_message"
            ),
        ]
        indexes = [
            # The back-office queue: reports of one status, newest first.
            models.Index(fields=["status", "created_at"], name="report_queue_idx"),
            # The hourly limit per address (produk.reports.is_rate_limited).
            models.Index(fields=["reporter_ip_hash", "created_at"], name="report_rate_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target}"

    def clean(self):
        if (self.tenant_id is None) == (self.product_id is None):
            raise ValidationError(_("A report is about exactly one tenant or one product."))
        if self.kind == self.Kind.OTHER and not self.message.strip():
            raise ValidationError({"message": _("Describe the problem in a few words.")})

    @classmethod
    def about(cls, target, **fields):
        """A new, unsaved report about a tenant or a product."""
        if isinstance(target, Product):
            return cls(product=target, **fields)
        return cls(tenant=target, **fields)

    @staticmethod
    def hash_ip(address):
        """A keyed SHA-256 of an IP address (HMAC with the SECRET_KEY): 64 hex digits."""
        return salted_hmac(
            "produk.Report.reporter_ip", address or "", algorithm="sha256"
        ).hexdigest()

    @property
    def target(self):
        """The tenant or product reported."""
        return self.product if self.product_id is not None else self.tenant

    def mark(self, status, *, by):
        """Set the status, recording who handled the report and when."""
        self.status = status
        self.handled_by = by
        self.handled_at = timezone.now()
