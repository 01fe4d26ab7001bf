"""Fill msgstr entries of a .po catalogue from a Python dict file (a translator's helper).

    python scripts/po_fill.py locale/id/LC_MESSAGES/django.po translations.py

The file defines T = {msgid: msgstr} and optionally PLURAL = {msgid: (forms...)}.
Existing translations are kept; fuzzy (guessed) entries are replaced and unmarked.
"""

import runpy
import sys

import polib

po_path, table_path = sys.argv[1:3]
table = runpy.run_path(table_path)
singular, plural = table.get("T", {}), table.get("PLURAL", {})
catalogue = polib.pofile(po_path)
for entry in catalogue:
    stale = "fuzzy" in entry.flags  # a guess by makemessages: replace it
    if entry.msgid_plural and entry.msgid in plural:
        if stale or not any(entry.msgstr_plural.values()):
            entry.msgstr_plural = dict(enumerate(plural[entry.msgid]))
    elif entry.msgid in singular and (stale or not entry.msgstr):
        entry.msgstr = singular[entry.msgid]
    else:
        continue
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
catalogue.save()
missing = [e.msgid for e in catalogue.untranslated_entries()]
print(f"{po_path}: {len(missing)} untranslated")
for msgid in missing:
    print("  ", msgid)
