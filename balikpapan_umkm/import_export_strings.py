"""The back office's spreadsheet screens, in Indonesian.

django-import-export ships no Indonesian catalogue, and its screens are what
curators use to import and export listings. Its strings are listed here so
that `makemessages` puts them in our catalogue, which Django consults before
the library's own (LOCALE_PATHS come first). Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

STRINGS = [
    gettext_noop("Export"),
    gettext_noop("Import"),
    gettext_noop("Format"),
    gettext_noop("Resource"),
    gettext_noop("File to import"),
    gettext_noop("Export selected %(verbose_name_plural)s"),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("This importer will import the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Submit"),
    gettext_noop("Confirm import"),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, "
        "click 'Confirm import'"
    ),
    gettext_noop("Preview"),
    gettext_noop("Errors"),
    gettext_noop("Line number"),
    gettext_noop("Row"),
    gettext_noop("New"),
    gettext_noop("Update"),
    gettext_noop("Delete"),
    gettext_noop("Skipped"),
    gettext_noop("Non field specific"),
    gettext_noop("Some rows failed to validate"),
    gettext_noop(
        "Please correct these errors in your data where possible, then reupload it using "
        "the form above."
    ),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len"),
]
