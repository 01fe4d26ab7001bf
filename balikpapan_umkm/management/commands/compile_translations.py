"""Compile the .po catalogues to .mo without GNU gettext.

Django's own `compilemessages` needs `msgfmt`, which a fresh machine may not
have; polib writes the same binary catalogues in pure Python.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po to .mo (pure Python, no gettext needed)."

    def handle(self, *args, **options):
        catalogues = sorted(
            po for locale in settings.LOCALE_PATHS for po in Path(locale).glob("*/LC_MESSAGES/*.po")
        )
        if not catalogues:
            raise CommandError("No .po catalogues found under LOCALE_PATHS.")
        for po_path in catalogues:
            catalogue = polib.pofile(str(po_path))
            fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
            if fuzzy:
                self.stderr.write(f"{po_path}: {len(fuzzy)} fuzzy entries are left out.")
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"{po_path}: {len(catalogue.translated_entries())} translated, "
                    f"{len(catalogue.untranslated_entries())} untranslated."
                )
