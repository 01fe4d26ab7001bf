"""Texts written in Indonesian, with an optional English version: which one a page shows.

Centres, tenants and products have a `description` (Indonesian, the site's
language) and an optional `description_en`. English pages show the English
one when there is one; otherwise the Indonesian one, marked so that the page
can say "Description in Indonesian" and set lang="id" on it (screen readers
then read it with Indonesian pronunciation). Indonesian pages always show
the Indonesian text.
"""

from typing import NamedTuple

from django.utils.translation import get_language


class PageText(NamedTuple):
    text: str
    # The language the text is written in ("id" or "en").
    language: str
    # An Indonesian text on an English page: there is no English version yet.
    untranslated: bool

    def __bool__(self):
        return bool(self.text.strip())


def in_page_language(indonesian, english):
    """The text to show on the current page, as a PageText."""
    if get_language() == "en":
        if (english or "").strip():
            return PageText(english, "en", False)
        return PageText(indonesian or "", "id", bool((indonesian or "").strip()))
    return PageText(indonesian or "", "id", False)
