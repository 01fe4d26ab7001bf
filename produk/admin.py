from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm.admin_tools import (
    CentreScopedAdmin,
    CurationAdmin,
    VersionedAdmin,
    picture_preview,
)
from balikpapan_umkm.spreadsheets import SpreadsheetAdmin

from .models import Category, Product
from .resources import ProductResource


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
        (None, {"fields": ["name", "slug", "tenant", "category", "description"]}),
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


from . import admin_reports  # noqa: E402,F401  (the report queue)
