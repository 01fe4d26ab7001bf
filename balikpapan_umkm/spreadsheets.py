"""Spreadsheet import and export in the admin, safe against the files themselves.

- Formulas: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
  return is run as a formula by spreadsheet programs (a tenant named
  `=HYPERLINK(...)`). Exports prefix such text with an apostrophe, which
  spreadsheets show as text; imports take the apostrophe off again, so a sheet
  exported and imported back is unchanged (django-import-export's own option
  only drops a leading `=`).
- Uploaded files wait between "preview" and "confirm" in the cache under a
  random key, never in a folder: the confirm form names only such a key, so a
  forged `import_file_name` reaches nothing but the cache, and an unknown or
  expired key is a clear message with status 400.
"""

import re

from django import forms
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm
from import_export.tmp_storages import CacheStorage

# Formula triggers (OWASP's list), and a leading line break, which Excel makes of "\r".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
ESCAPE = "'"


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class FormulaSafeFormat:
    """A tablib format whose exported text cells are never formulas."""

    def export_data(self, dataset, **kwargs):
        rows = [[escape_formula(cell) for cell in row] for row in dataset]
        safe = dataset.__class__(*rows, headers=dataset.headers, title=dataset.title)
        return super().export_data(safe, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        rows = [[unescape_formula(cell) for cell in row] for row in dataset]
        return dataset.__class__(*rows, headers=dataset.headers, title=dataset.title)


class CSV(FormulaSafeFormat, base_formats.CSV):
    pass


class XLSX(FormulaSafeFormat, base_formats.XLSX):
    pass


class ImportFileStorage(CacheStorage):
    """Files between an import's preview and its confirmation, in the shared cache."""

    CACHE_LIFETIME = 60 * 60
    CACHE_PREFIX = "spreadsheet-import-"
    NAME = re.compile(r"[0-9a-f]{32}")  # uuid4().hex, as CacheStorage.save makes

    @classmethod
    def holds(cls, name):
        return (
            bool(cls.NAME.fullmatch(name or "")) and cache.get(cls.CACHE_PREFIX + name) is not None
        )


class ImportConfirmForm(ConfirmImportForm):
    def clean_import_file_name(self):
        name = self.cleaned_data["import_file_name"]
        if not ImportFileStorage.holds(name):
            raise forms.ValidationError(
                _(
                    "This import is no longer waiting: it expired or was already done. "
                    "Choose the file again."
                ),
                code="import_gone",
            )
        return name


class SpreadsheetAdmin(ImportExportModelAdmin):
    """ImportExportModelAdmin with formula-safe CSV and XLSX and imports kept in the cache."""

    formats = [CSV, XLSX]
    tmp_storage_class = ImportFileStorage
    confirm_form_class = ImportConfirmForm
    import_gone_template = "admin/import_export/import_gone.html"

    def process_import(self, request, **kwargs):
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Import"),
                "opts": self.model._meta,
                "errors": confirm_form.errors,
            }
            return TemplateResponse(request, self.import_gone_template, context, status=400)
        return super().process_import(request, **kwargs)
