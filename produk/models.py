"""Listings: tenants and their permits, product categories, products, and visitors' reports."""

from urllib.parse import quote

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm.bilingual import in_page_language
from balikpapan_umkm.locking import VersionedModel
from balikpapan_umkm.pictures import PictureField
from balikpapan_umkm.search import SearchTextField, fold, matching, refresh_search_text
from balikpapan_umkm.slugs import unique_slug
from balikpapan_umkm.validators import validate_image_upload
from sentra.models import DataSource, Sentra, works_on_every_centre

from .curation import CuratedModel, Curation
from .glossary import Glossary
from .permits import ISSUERS, PermitKind, normalise_permit_number, validate_permit_number
from .whatsapp import NORMALISED_PATTERN, normalise_whatsapp, wa_me_digits

# --- Tenants ---------------------------------------------------------------


class TenantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class TenantCategory(models.TextChoices):
    CULINARY = "culinary", _("Food and drink served on site")
    PACKAGED_FOOD = "packaged", _("Packaged food and drink")
    SOUVENIRS = "souvenirs", _("Souvenirs and snacks (oleh-oleh)")
    CRAFTS = "crafts", _("Crafts")
    FASHION = "fashion", _("Fashion and batik")
    SERVICES = "services", _("Services")
    OTHER = "other", _("Other")


ENGLISH_DESCRIPTION_HELP = _(
    "Optional. English pages show it; without it they show the Indonesian description and say so."
)


def _count_per_centre(rows, centre_path):
    """A subquery counting `rows` per centre, for annotating a Sentra queryset (0 if none).

    A plain COUNT(*) over the centre's rows, without the GROUP BY that Count()
    would add: grouped, PostgreSQL hashed the whole product table once per
    centre (120 ms on a district page at 30,000 products); plain, it reads
    product_public_by_tenant_idx per tenant (3 ms).
    """
    counts = (
        rows.filter(**{centre_path: OuterRef("pk")})
        .order_by()
        .annotate(count=Func(Value(1), function="COUNT"))
        .values("count")
    )
    return Subquery(counts, output_field=models.IntegerField())


class TenantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Tenant.Status.ACTIVE)

    def public(self):
        """Tenants the public may find: approved by a Kurator (a closed one stays findable)."""
        return self.filter(curation_status=Curation.APPROVED)

    def listed(self):
        """Tenants shown in lists: approved and active."""
        return self.public().active()

    def managed_by(self, user):
        """The tenants a user may work on: all, or those of the centres they manage."""
        return self if works_on_every_centre(user) else self.filter(sentra__managers=user)

    def matching(self, words):
        """Tenants whose name or description holds every one of `words`, ranked."""
        return matching(self, words)

    def culinary(self):
        """Stalls that serve food and drink to eat on site (not packaged food)."""
        return self.filter(category=Tenant.Category.CULINARY)

    def for_listing(self):
        return self.select_related("sentra", "sentra__kecamatan")

    def count_per_centre(self):
        """An expression for annotating centres: how many of these tenants each one has."""
        return _count_per_centre(self, "sentra")

    def culinary_destinations(self):
        """Places to eat: operating centres of a culinary kind with a listed food stall.

        A production centre (tofu makers, coffee roasters) is not a place to
        eat even when its products are food; nor is a centre whose only food
        is packaged (oleh-oleh).
        """
        food = self.listed().culinary().filter(sentra=OuterRef("pk"))
        return Sentra.objects.operating().of_culinary_kind().filter(Exists(food))


class Tenant(CuratedModel, VersionedModel):
    """One UMKM business with a stall (tenan) in a centre."""

    Status = TenantStatus

    Category = TenantCategory

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    sentra = models.ForeignKey(
        Sentra, models.PROTECT, related_name="tenants", verbose_name=_("UMKM centre")
    )
    stall_number = models.CharField(_("stall number"), max_length=20)
    owner_name = models.CharField(_("owner or contact name"), max_length=120, blank=True)
    category = models.CharField(_("business category"), max_length=20, choices=Category)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=ENGLISH_DESCRIPTION_HELP
    )
    photo = PictureField(
        _("logo or photo"), upload_to="tenan/", blank=True, validators=[validate_image_upload]
    )

    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=16,
        blank=True,
        help_text=_("Any common form, such as 0812-3456-7890; stored as +62..."),
    )
    instagram = models.CharField(
        _("Instagram account"), max_length=60, blank=True, help_text=_("Without the @.")
    )
    tiktok = models.CharField(
        _("TikTok account"), max_length=60, blank=True, help_text=_("Without the @.")
    )
    shopee_url = models.URLField(_("Shopee shop"), blank=True)
    tokopedia_url = models.URLField(_("Tokopedia shop"), blank=True)
    website = models.URLField(_("website"), blank=True)

    # No index of its own (nearly every tenant is active): the composite indexes below
    # serve the queries that filter on it, and SQLite, which keeps no statistics, would
    # otherwise start every query of public products from all active tenants.
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    data_source = models.CharField(
        _("data source"), max_length=10, choices=DataSource, default=DataSource.SELF_ENTERED
    )
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("The UMKM office has checked its permits.")
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # What visitors find a tenant by in the site search, the name first (balikpapan_umkm.search).
    search_text = SearchTextField(_("search text"), parts=("name", "description"))

    objects = TenantQuerySet.as_manager()

    REVIEWED_FIELDS = (
        "name",
        "description",
        "description_en",
        "photo",
        "whatsapp",
        "instagram",
        "tiktok",
        "shopee_url",
        "tokopedia_url",
        "website",
    )

    class Meta(CuratedModel.Meta):
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")
        ordering = ["sentra", "stall_number"]
        permissions = [
            ("curate_tenant", _("Can approve, reject or unpublish tenants")),
            ("import_tenant", _("Can import tenants from spreadsheets")),
            ("export_tenant", _("Can export tenants to spreadsheets")),
        ]
        constraints = [
            *CuratedModel.Meta.constraints,
            # A closed tenant keeps its stall number on record; the stall itself
            # is free for the next tenant, so only active tenants must differ.
            models.UniqueConstraint(
                fields=["sentra", "stall_number"],
                condition=Q(status=TenantStatus.ACTIVE),
                name="tenant_active_stall_unique_in_sentra",
                violation_error_message=_("Another active tenant already has this stall."),
            ),
            models.CheckConstraint(
                condition=Q(whatsapp="") | Q(whatsapp__regex=NORMALISED_PATTERN),
                name="tenant_whatsapp_normalised",
            ),
            models.CheckConstraint(
                condition=Q(status__in=TenantStatus.values), name="tenant_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=TenantCategory.values), name="tenant_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(data_source__in=DataSource.values), name="tenant_data_source_valid"
            ),
            # Fictional tenants have no number: a demo link can never reach a real phone.
            models.CheckConstraint(
                condition=~Q(data_source=DataSource.DEMO) | Q(whatsapp=""),
                name="tenant_demo_has_no_whatsapp",
            ),
        ]
        indexes = [
            # Centre pages: a centre's active tenants by stall.
            models.Index(fields=["sentra", "status", "stall_number"], name="tenant_sentra_idx"),
            # The culinary guide: active tenants of one category.
            models.Index(fields=["category", "status"], name="tenant_category_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        self.whatsapp = normalise_whatsapp(self.whatsapp)
        self.instagram = self.instagram.strip().lstrip("@")
        self.tiktok = self.tiktok.strip().lstrip("@")
        if self.status == self.Status.CLOSED and not self.closed_on:
            self.closed_on = timezone.localdate()
        adding = self._state.adding
        super().save(*args, **kwargs)  # derives this tenant's own search text
        if not adding:
            refresh_search_text(self.products.all())  # products are found by its name too

    def content_published(self):
        refresh_search_text(Tenant._base_manager.filter(pk=self.pk))
        refresh_search_text(self.products.all())

    def get_absolute_url(self):
        return reverse("produk:tenant", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        try:
            self.whatsapp = normalise_whatsapp(self.whatsapp)
        except ValidationError as error:
            errors["whatsapp"] = error.messages
        if self.closed_on and self.status != self.Status.CLOSED:
            errors["closed_on"] = _("Only a closed tenant has a closing date.")
        if self.is_fictional and self.whatsapp:
            errors["whatsapp"] = _(
                "A fictional (demo) tenant has no WhatsApp number: "
                "any number could belong to a real person."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_fictional(self):
        return self.data_source == DataSource.DEMO

    @property
    def page_description(self):
        """The description in the page's language (balikpapan_umkm.bilingual)."""
        return in_page_language(self.description, self.description_en)

    @property
    def whatsapp_link(self):
        return f"https://wa.me/{wa_me_digits(self.whatsapp)}" if self.whatsapp else ""

    def whatsapp_chat_url(self, product=None):
        """A WhatsApp chat with a greeting in the page's language, naming the product asked
        about; "" when there is no one to reach (no number, or the business has closed)."""
        if not self.whatsapp_link or not self.is_active:
            return ""
        if product is None:
            greeting = gettext(
                "Hello %(name)s, I found you on the Sentra UMKM Balikpapan portal."
            ) % {"name": self.name}
        else:
            greeting = gettext(
                "Hello %(name)s, I would like to ask about %(product)s, which I saw on the "
                "Sentra UMKM Balikpapan portal."
            ) % {"name": self.name, "product": product.name}
        return f"{self.whatsapp_link}?text={quote(greeting)}"


class Permit(models.Model):
    """A business permit or certificate held by a tenant."""

    Kind = PermitKind

    tenant = models.ForeignKey(
        Tenant, models.CASCADE, related_name="permits", verbose_name=_("tenant")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    number = models.CharField(_("number"), max_length=60)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty if it does not expire.")
    )

    class Meta:
        verbose_name = _("permit or certificate")
        verbose_name_plural = _("permits and certificates")
        ordering = ["tenant", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "kind", "number"], name="permit_unique_per_tenant"
            ),
            models.CheckConstraint(condition=~Q(number=""), name="permit_number_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=PermitKind.values), name="permit_kind_valid"
            ),
        ]
        indexes = [
            # Back-office search by permit number (NIB).
            models.Index(fields=["kind", "number"], name="permit_number_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.number}"

    def save(self, *args, **kwargs):
        self.number = normalise_permit_number(self.kind, self.number)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        self.number = normalise_permit_number(self.kind, self.number)
        try:
            validate_permit_number(self.kind, self.number)
        except ValidationError as error:
            errors["number"] = error.messages
        if self._state.adding and self.valid_until and self.valid_until < timezone.localdate():
            errors["valid_until"] = _(
                "This permit has expired; record the renewed one, or ask the tenant to renew it."
            )
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day=None):
        day = day or timezone.localdate()
        return self.valid_until is None or self.valid_until >= day

    @property
    def is_valid(self):
        return self.is_valid_on()

    @property
    def issuer(self):
        """Who issued it, where a visitor can check the number."""
        return ISSUERS.get(self.kind, "")


# --- Products ---------------------------------------------------------------


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
        if works_on_every_centre(user):
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

    def matching(self, words):
        """Products whose text holds every one of `words`, ranked (balikpapan_umkm.search)."""
        return matching(self, words)

    def for_listing(self):
        """Rows for catalogue cards: product, category, tenant, centre, district in one query."""
        return self.select_related("category", "tenant__sentra__kecamatan")

    def count_per_centre(self):
        """An expression for annotating centres: how many of these products each one has."""
        return _count_per_centre(self, "tenant__sentra")

    def count_per_kecamatan(self):
        """An expression for annotating districts: how many of these products each one has."""
        return _count_per_centre(self, "tenant__sentra__kecamatan")

    def in_kecamatan(self, kecamatan):
        return self.filter(tenant__sentra__kecamatan=kecamatan)

    def served_on_site(self):
        """Dishes and drinks: products of stalls that serve food to eat on site."""
        return self.filter(tenant__category=Tenant.Category.CULINARY)

    def leading_per_centre(self, count):
        """The first `count` of these products in each centre, flagship first, then by name.

        Each row also carries figures over all of these products of its centre:
        `centre_product_count`, `centre_halal_count`, `centre_low_price` and
        `centre_high_price`. One query: the window functions run over every row
        before the outer query keeps the first `count` of each centre.
        """
        centre = [F("tenant__sentra")]
        return self.annotate(
            place=Window(
                RowNumber(), partition_by=centre, order_by=[F("is_flagship").desc(), "name", "pk"]
            ),
            centre_product_count=Window(Count("pk"), partition_by=centre),
            centre_halal_count=Window(
                Sum(Case(When(is_halal=True, then=Value(1)), default=Value(0))),
                partition_by=centre,
            ),
            centre_low_price=Window(Min("price"), partition_by=centre),
            centre_high_price=Window(Max(Coalesce("price_max", "price")), partition_by=centre),
        ).filter(place__lte=count)

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
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=ENGLISH_DESCRIPTION_HELP
    )
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
    # What visitors find a product by, the name first (search ranks by position):
    # derived on save, see balikpapan_umkm.search. On PostgreSQL a trigram index serves it.
    search_text = SearchTextField(_("search text"), parts=("name", "tenant__name", "description"))

    objects = ProductQuerySet.as_manager()

    REVIEWED_FIELDS = (
        "name",
        "description",
        "description_en",
        "photo",
        "price",
        "price_max",
        "unit",
        "is_halal",
    )

    class Meta(CuratedModel.Meta):
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        permissions = [
            ("curate_product", _("Can approve, reject or unpublish products")),
            ("import_product", _("Can import products from spreadsheets")),
            ("export_product", _("Can export products to spreadsheets")),
        ]
        constraints = [
            *CuratedModel.Meta.constraints,
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
            models.CheckConstraint(
                condition=Q(price_max__isnull=True) | Q(price_max__gte=F("price")),
                name="product_price_range_ordered",
            ),
        ]
        indexes = [
            # The catalogue in its default order (ProductFilter.qs): flagship first, then
            # newest. Walking it yields any of the 40 pages without sorting every product.
            # (No index on curation_status alone: see CuratedModel.)
            models.Index(
                fields=["-is_flagship", "-created_at", "id"],
                condition=Q(curation_status=Curation.APPROVED, is_available=True),
                name="product_catalogue_idx",
            ),
            # Counting a centre's or a district's public products (count_per_centre):
            # the products of each of its tenants, read from the index alone.
            models.Index(
                fields=["tenant"],
                condition=Q(curation_status=Curation.APPROVED, is_available=True),
                name="product_public_by_tenant_idx",
            ),
            # The catalogue's search (search_text LIKE '%word%') on PostgreSQL: a trigram GIN
            # index, made by migration 0003 on PostgreSQL only (SQLite scans the one column).
            # Catalogue filtered by category and sorted or bounded by price.
            models.Index(fields=["category", "price"], name="product_category_price_idx"),
            # Catalogue sorted by price across all categories.
            models.Index(fields=["price"], name="product_price_idx"),
            # Flagship products on the home page, in its order (Meta.ordering: name).
            models.Index(
                fields=["name"],
                condition=Q(is_flagship=True, curation_status=Curation.APPROVED, is_available=True),
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

    def content_published(self):
        refresh_search_text(Product._base_manager.filter(pk=self.pk))

    def clean(self):
        if self.price is not None and self.price_max is not None and self.price_max < self.price:
            raise ValidationError(
                {"price_max": _("The highest price cannot be below the lowest price.")}
            )

    @property
    def whatsapp_chat_url(self):
        """A chat with the seller about this product, or "" (see Tenant.whatsapp_chat_url)."""
        return self.tenant.whatsapp_chat_url(product=self)

    @property
    def has_price_range(self):
        return self.price_max is not None and self.price_max > self.price

    @property
    def price_text(self):
        """The price as the active language writes it: "Rp120.000" or "Rp120.000\u2013250.000".

        The one way pages, share cards and the media page write a price.
        """
        text = f"Rp{intcomma(self.price)}"
        if self.has_price_range:
            text += f"\u2013{intcomma(self.price_max)}"
        return text

    @property
    def page_description(self):
        """The description in the page's language (balikpapan_umkm.bilingual)."""
        return in_page_language(self.description, self.description_en)


# --- Glossary ----------------------------------------------------------------


class GlossQuerySet(models.QuerySet):
    def get_by_natural_key(self, folded_term):
        return self.get(folded_term=folded_term)

    def glossary(self):
        """The whole glossary, ready to find its terms in product names: one query.

        It is small (tens of entries), so English pages read all of it once
        and match in Python (produk.templatetags.bilingual).
        """
        return Glossary(self.order_by().values_list("folded_term", "term", "gloss"))


class Gloss(models.Model):
    """A short English explanation of a local food or product word, kept by curators.

    English pages show it beside the Indonesian name of every product whose
    name holds the term as whole words ("Amplang ikan tenggiri" -- amplang:
    crunchy fish crackers). Terms are matched folded (balikpapan_umkm.search),
    so "ampelang" and "Amplang" are one entry.
    """

    term = models.CharField(
        _("term"),
        max_length=60,
        help_text=_(
            "The Indonesian word, or words, as product names use them: amplang, kepiting soka."
        ),
    )
    # The term as matched: one spelling per word (search.fold). Unique, so that two
    # spellings of one word cannot carry two explanations.
    folded_term = models.CharField(_("folded term"), max_length=60, editable=False)
    gloss = models.CharField(
        _("English gloss"),
        max_length=120,
        help_text=_("A few words for visitors, such as: crunchy fish crackers."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("For curators: a source, or what to keep in mind. Not shown on the site."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GlossQuerySet.as_manager()

    MAX_WORDS = 3

    class Meta:
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary")
        ordering = ["folded_term"]
        constraints = [
            models.UniqueConstraint(
                fields=["folded_term"],
                name="gloss_folded_term_unique",
                violation_error_message=_("The glossary already explains this term."),
            ),
            models.CheckConstraint(condition=~Q(folded_term=""), name="gloss_term_has_letters"),
            models.CheckConstraint(condition=~Q(gloss=""), name="gloss_gloss_not_empty"),
        ]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.term = self.term.strip()
        self.gloss = self.gloss.strip()
        self.folded_term = fold(self.term)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.folded_term,)

    def clean(self):
        errors = {}
        folded = fold(self.term)
        if not folded:
            errors["term"] = _("Write the term in letters.")
        elif len(folded.split()) > self.MAX_WORDS:
            errors["term"] = _("A term is one word, or a few (at most three).")
        elif len(folded) > self._meta.get_field("folded_term").max_length:
            # Some characters spell out as several letters ("ﬁ" as "fi").
            errors["term"] = _("This term is too long once written in plain letters.")
        else:
            same = Gloss.objects.exclude(pk=self.pk).filter(folded_term=folded).first()
            if same is not None:
                errors["term"] = _(
                    "The glossary already has %(term)s, which is the same word spelt another "
                    "way: edit that entry instead."
                ) % {"term": same.term}
        if errors:
            raise ValidationError(errors)


class ReportKind(models.TextChoices):
    CLOSED = "closed", _("The business has closed")
    WRONG_PRICE = "wrong_price", _("The price is wrong")
    WRONG_CONTACT = "wrong_contact", _("The contact details are wrong")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class ReportQuerySet(models.QuerySet):
    def unhandled(self):
        """Reports nobody has resolved or dismissed yet."""
        return self.filter(status__in=[ReportStatus.NEW, ReportStatus.IN_PROGRESS])

    def mark(self, status, *, by):
        """Set the status of many reports at once, recording who handled them and when."""
        return self.update(status=status, handled_by=by, handled_at=timezone.now())


class Report(models.Model):
    """A visitor's report that a public tenant or product page is wrong ("Laporkan masalah")."""

    Kind = ReportKind

    Status = ReportStatus

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
                condition=Q(kind__in=ReportKind.values),
                name="report_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="report_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.OTHER) | ~Q(message=""),
                name="report_other_has_message",
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


# --- Events ------------------------------------------------------------------
# Defined in their own module (events, their places and participants), found by Django here.
from .events import Event, EventParticipant  # noqa: E402,F401
