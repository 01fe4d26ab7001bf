"""Spreadsheet import and export of tenants and products (django-import-export).

Rows are matched on the slug (made from the name when the column is empty),
every row is validated like a form (full_clean: WhatsApp numbers, stall
uniqueness, constraints), and a file with any bad row imports nothing.
"""

from django.utils.text import slugify
from import_export import fields, resources, widgets

from sentra.models import DataSource, Sentra

from .curation import Curation
from .models import Category, Product, Tenant


class SlugFromRowResource(resources.ModelResource):
    """The office's sheets have no slug column: rows are matched on a slug made from the row."""

    def slug_for(self, row):
        raise NotImplementedError

    def before_import(self, dataset, **kwargs):
        if "slug" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="slug")

    def before_import_row(self, row, **kwargs):
        if not (row.get("slug") or "").strip():
            max_length = self._meta.model._meta.get_field("slug").max_length
            row["slug"] = slugify(self.slug_for(row))[:max_length]


class TenantResource(SlugFromRowResource):
    sentra = fields.Field(
        attribute="sentra",
        column_name="sentra",
        widget=widgets.ForeignKeyWidget(Sentra, field="slug"),
    )

    class Meta:
        model = Tenant
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "sentra",
            "stall_number",
            "category",
            "owner_name",
            "whatsapp",
            "instagram",
            "tiktok",
            "shopee_url",
            "tokopedia_url",
            "website",
            "description",
            "status",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def slug_for(self, row):
        return row.get("name", "")

    def before_save_instance(self, instance, row, **kwargs):
        if instance._state.adding:
            instance.data_source = DataSource.IMPORTED
            instance.curation_status = Curation.DRAFT


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
