"""Spreadsheet import and export of products; same rules as sentra.resources.TenantResource."""

from import_export import fields, widgets

from sentra.curation import Curation
from sentra.models import Tenant
from sentra.resources import SlugFromRowResource

from .models import Category, Product


class ProductResource(SlugFromRowResource):
    tenant = fields.Field(
        attribute="tenant", column_name="tenant", widget=widgets.ForeignKeyWidget(Tenant, "slug")
    )
    category = fields.Field(
        attribute="category",
        column_name="category",
        widget=widgets.ForeignKeyWidget(Category, "slug"),
    )

    class Meta:
        model = Product
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "tenant",
            "category",
            "price",
            "price_max",
            "unit",
            "description",
            "is_flagship",
            "is_halal",
            "is_available",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def slug_for(self, row):
        return f"{row.get('name', '')} {row.get('tenant', '')}"

    def before_save_instance(self, instance, row, **kwargs):
        if instance._state.adding:
            instance.curation_status = Curation.DRAFT
