"""Search: words folded the way Indonesians spell them, matched against one column per row.

Indonesian words are written several ways: "ampelang" and "amplang", "keripik"
and "kripik", "kerupuk" and "krupuk" (a vowel that is barely spoken before l
or r), and the old spelling lives on in brand names ("Djamoe" for jamu,
"Tjap" for cap). `fold` maps every variant to one form. Each searchable row
(product, tenant, centre) keeps `search_text`: the fields people find it by,
folded. A search folds each word the same way and asks for the rows whose
text contains every word (`matching`).

Served by an index:
- PostgreSQL: trigram GIN indexes (pg_trgm) on `search_text` serve
  `LIKE '%word%'` for words of three letters or more (produk migration 0003
  for products, the catalogue's 30,000 rows; tenants and centres are few).
- SQLite: a scan of one column, about 15 ms at 30,000 products (measured).
  FTS5 was weighed and left: its tokens match whole words or prefixes, not
  the inside of words that people run together ("amplangkepiting"), and it
  needs a virtual table kept in step by triggers.

Ranking: the text starts with the row's name, so the earlier the words appear
in it, the better the match ("Kopi Robusta" before "Bubuk Kopi", both before
a product whose description mentions kopi).
"""

import re
import unicodedata

from django.db import models
from django.db.models import Value
from django.db.models.functions import StrIndex

MAX_WORDS = 5

_NOT_WORD = re.compile(r"[^0-9a-z]+")
# The old (pre-1972) spelling, still in brand names: oe -> u, dj -> j, tj -> c.
_OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"))
# A weak e between a consonant and l or r before a vowel: ampelang -> amplang,
# keripik -> kripik, kerupuk -> krupuk (and telur -> tlur, on both sides alike).
_WEAK_E = re.compile(r"([bcdfghjkmnpstvz])e([lr])(?=[aiuo])")


def fold(text):
    """Lower case, no accents or punctuation, one spelling per word; words separated by a space."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    for old, new in _OLD_SPELLING:
        text = text.replace(old, new)
    text = _NOT_WORD.sub(" ", text)
    return _WEAK_E.sub(r"\1\2", text).strip()


def words(query):
    """The folded words of a visitor's query, at most MAX_WORDS, without repeats."""
    return list(dict.fromkeys(fold(query).split()))[:MAX_WORDS]


class SearchTextField(models.TextField):
    """The folded text a row is found by, derived from `parts`; the field is its only writer.

    `parts` name the fields to fold, in order of weight (the ranking favours
    words near the start), following relations with "__": ("name",
    "tenant__name", "description"). The value is derived on every save, after
    a centre manager's held proposal has been set aside, so unpublished words
    are never searchable. Rows changed without `save()` (a curator publishing
    a proposal, a tenant renamed) are brought up to date by `refresh`, which
    derives the value the same way; so does the migration that added it.
    """

    def __init__(self, *args, parts=(), **kwargs):
        self.parts = tuple(parts)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["parts"] = self.parts
        for key, value in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def derive(self, instance):
        values = []
        for part in self.parts:
            value = instance
            for attribute in part.split("__"):
                value = getattr(value, attribute, None) if value is not None else None
            values.append(str(value or ""))
        return fold(" ".join(values))

    def pre_save(self, instance, add):
        value = self.derive(instance)
        setattr(instance, self.attname, value)
        return value

    def related_paths(self):
        """The relations `derive` follows, for select_related."""
        return sorted({part.rsplit("__", 1)[0] for part in self.parts if "__" in part})

    def refresh(self, queryset):
        """Store the derived text of every row of `queryset` whose text is out of date."""
        stale = []
        for instance in queryset.select_related(*self.related_paths()).iterator(chunk_size=500):
            value = self.derive(instance)
            if getattr(instance, self.attname) != value:
                setattr(instance, self.attname, value)
                stale.append(instance)
        queryset.model._base_manager.bulk_update(stale, [self.name], batch_size=500)
        return len(stale)


def matching(queryset, words):
    """Rows of `queryset` whose search_text holds every one of `words` (from `words()`).

    Annotated with `search_rank`, the sum of the words' positions in the text,
    which starts with the row's name: lower is better.
    """
    if not words:
        return queryset
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    positions = [StrIndex("search_text", Value(word)) for word in words]
    return queryset.annotate(search_rank=sum(positions[1:], start=positions[0]))


def refresh_search_text(queryset):
    """Bring `search_text` of the rows of `queryset` up to date after changes without save()."""
    return queryset.model._meta.get_field("search_text").refresh(queryset)
