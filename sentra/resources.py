"""Spreadsheet import and export of tenants (django-import-export), for the UMKM office's lists.

Rows are matched on the slug (made from the name when the column is empty),
every row is validated like a form (full_clean: WhatsApp numbers, stall
uniqueness, constraints), and a file with any bad row imports nothing.
"""

from django.utils.text import slugify
from import_export import fields, resources, widgets

from .curation import Curation
from .models import DataSource, Sentra, Tenant


class TenantResource(resources.ModelResource):
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

    def before_import(self, dataset, **kwargs):
        # The office's sheets have no slug column: add one, filled per row below.
        if "slug" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="slug")

    def before_import_row(self, row, **kwargs):
        if not (row.get("slug") or "").strip():
            row["slug"] = slugify(f"{row.get('name', '')}")[:200]

    def before_save_instance(self, instance, row, **kwargs):
        if instance._state.adding:
            instance.data_source = DataSource.IMPORTED
            instance.curation_status = Curation.DRAFT
