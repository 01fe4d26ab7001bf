"""Spreadsheet import and export of products; same rules as sentra.resources.TenantResource."""

from django.utils.text import slugify
from import_export import fields, resources, widgets

from sentra.curation import Curation
from sentra.models import Tenant

from .models import Category, Product


class ProductResource(resources.ModelResource):
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

    def before_import(self, dataset, **kwargs):
        # The office's sheets have no slug column: add one, filled per row below.
        if "slug" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="slug")

    def before_import_row(self, row, **kwargs):
        if not (row.get("slug") or "").strip():
            row["slug"] = slugify(f"{row.get('name', '')} {row.get('tenant', '')}")[:220]

    def before_save_instance(self, instance, row, **kwargs):
        if instance._state.adding:
            instance.curation_status = Curation.DRAFT
