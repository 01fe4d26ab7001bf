"""The back office for listings: tenants, permits, categories, products and the glossary."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm.admin_tools import CentreScopedAdmin, VersionedAdmin, picture_preview
from balikpapan_umkm.search import fold
from balikpapan_umkm.spreadsheets import SpreadsheetAdmin

from .admin_curation import CurationAdmin
from .models import Category, Gloss, Permit, Product, Tenant
from .resources import ProductResource, TenantResource
from .whatsapp import normalise_whatsapp


class PermitInline(admin.StackedInline):
    """Stacked: a table of kind, number and date is wider than a phone."""

    model = Permit
    extra = 0


class ProductInline(admin.TabularInline):
    """The tenant's products at a glance; each is edited on its own page."""

    model = Product
    extra = 0
    fields = ["name", "category", "price", "is_available", "curation_status"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Tenant)
class TenantAdmin(CentreScopedAdmin, CurationAdmin, VersionedAdmin, SpreadsheetAdmin):
    resource_classes = [TenantResource]
    curate_permission = "produk.curate_tenant"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # What curators and managers decide on first; on a narrow screen the rest scrolls.
    list_display = [
        "name",
        "curation_status",
        "status",
        "stall_number",
        "sentra",
        "category",
        "verified",
        "updated_at",
    ]
    list_filter = ["curation_status", "status", "category", "verified", "sentra__kecamatan"]
    search_fields = ["name", "stall_number", "whatsapp", "owner_name", "permits__number"]
    list_select_related = ["sentra"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview"]
    inlines = [PermitInline, ProductInline]
    actions = ["approve_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "sentra", "stall_number", "category", "status"]}),
        (
            _("Profile"),
            {"fields": ["owner_name", "description", "description_en", "photo", "photo_preview"]},
        ),
        (
            _("Contact"),
            {
                "fields": [
                    "whatsapp",
                    "instagram",
                    "tiktok",
                    "shopee_url",
                    "tokopedia_url",
                    "website",
                ]
            },
        ),
        (_("Verification"), {"fields": ["data_source", "verified", "verified_on", "closed_on"]}),
        (
            _("Curation"),
            {"fields": ["curation_status", "curation_note", "curated_by", "curated_at"]},
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            number = normalise_whatsapp(search_term)
        except ValidationError:  # not a phone number: the plain search stands
            return results, may_have_duplicates
        if number:
            results = results | queryset.filter(Q(whatsapp=number))
        return results, True

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.can_curate(request):
            readonly += [
                "data_source",
                "verified",
                "verified_on",
            ]  # the office's word, not the tenant's
        return readonly

    @admin.display(description=_("preview"))
    def photo_preview(self, tenant):
        return picture_preview(tenant.photo)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The printable QR card (balikpapan_umkm/qr_card_views.py): listed tenants have one.
        listed = Tenant.objects.listed().filter(pk=object_id) if str(object_id).isdigit() else None
        slug = listed.values_list("slug", flat=True).first() if listed is not None else None
        card = reverse("portal:tenant-card", kwargs={"slug": slug}) if slug else ""
        extra_context = {**(extra_context or {}), "qr_card_url": card}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Permit)
class PermitAdmin(CentreScopedAdmin, admin.ModelAdmin):
    centre_path = "tenant__sentra"
    list_display = ["tenant", "kind", "number", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["number", "tenant__name"]
    list_select_related = ["tenant"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Product)
class ProductAdmin(CentreScopedAdmin, CurationAdmin, VersionedAdmin, SpreadsheetAdmin):
    centre_path = "tenant__sentra"
    resource_classes = [ProductResource]
    curate_permission = "produk.curate_product"
    list_display = [
        "name",
        "tenant",
        "category",
        "price",
        "is_flagship",
        "is_halal",
        "is_available",
        "curation_status",
    ]
    list_filter = [
        "curation_status",
        "category",
        "is_flagship",
        "is_halal",
        "is_available",
        "tenant__sentra__kecamatan",
    ]
    search_fields = ["name", "tenant__name", "tenant__stall_number"]
    list_select_related = ["tenant", "category"]
    autocomplete_fields = ["tenant"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview"]
    actions = ["approve_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "tenant", "category", "description", "description_en"]}),
        (_("Price"), {"fields": ["price", "price_max", "unit"]}),
        (_("Picture"), {"fields": ["photo", "photo_preview"]}),
        (_("Labels"), {"fields": ["is_flagship", "is_halal", "is_available"]}),
        (
            _("Curation"),
            {"fields": ["curation_status", "curation_note", "curated_by", "curated_at"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.can_curate(request):
            readonly.append("is_flagship")  # produk unggulan is the city's choice, not the seller's
        return readonly

    @admin.display(description=_("preview"))
    def photo_preview(self, product):
        return picture_preview(product.photo)


@admin.register(Gloss)
class GlossAdmin(admin.ModelAdmin):
    """Curators keep the glossary; English pages show a gloss beside product names."""

    list_display = ["term", "gloss", "updated_at"]
    search_fields = ["term", "gloss", "note"]
    fields = ["term", "gloss", "note"]

    def get_search_results(self, request, queryset, search_term):
        """Also by the folded term: "ampelang" finds the entry amplang."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = fold(search_term)
        if folded:
            results = results | queryset.filter(folded_term__contains=folded)
        return results, may_have_duplicates


# The report queue, and events with who took part.
from . import admin_events, admin_reports  # noqa: E402,F401
