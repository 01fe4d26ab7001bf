"""The catalogue's filters. Parameters speak Indonesian, like the paths.

Every field is typed and bounded, so a hostile or malformed query string
becomes a form error shown on the page, never a database error.
"""

from typing import NamedTuple

import django_filters
from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm import search
from balikpapan_umkm.filter_forms import UNKNOWN_CHOICE, RowsOnceChoiceField
from sentra.models import Kecamatan, Sentra

from .models import Category, Product

MAX_PRICE = 1_000_000_000  # Rp1 billion: above any stall's price, far below integer limits
MAX_QUERY_LENGTH = 100


class YesCheckboxInput(forms.CheckboxInput):
    """A checkbox whose URL value reads naturally: ?halal=1 (also true/ya/on)."""

    TRUE_VALUES = {"1", "true", "ya", "yes", "on"}

    def __init__(self, attrs=None):
        super().__init__(attrs={"value": "1", **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        return str(data.get(name, "")).strip().lower() in self.TRUE_VALUES


class OnlyIfCheckedFilter(django_filters.BooleanFilter):
    """Filters on `field_name=True` when ticked; unticked means no filter at all."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesCheckboxInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(**{self.field_name: True}) if value else qs


class ShortListFilter(django_filters.ModelChoiceFilter):
    field_class = RowsOnceChoiceField


class TotalOrderingFilter(django_filters.OrderingFilter):
    """The chosen order with ties broken by primary key.

    Sorted by price alone, equal prices come in whatever order the database likes,
    which on PostgreSQL may differ between two queries: a product could show on two
    pages of the catalogue, or on none, and two downloads could disagree.
    """

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        if ordered is qs:  # nothing chosen: the caller's order stands
            return qs
        return ordered.order_by(*ordered.query.order_by, "pk")


class RupiahFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_PRICE)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric", "step": 1000}))
        super().__init__(*args, **kwargs)


class Chip(NamedTuple):
    """One filter in use, as the page shows it: what it says and the link that drops it."""

    name: str  # the query-string parameter
    label: str  # a person's words: the district's name, not its slug
    remove_url: str  # the same list without this parameter (and back on page 1)
    narrows: bool = True  # False for the sort order, which hides no product


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("amplang, batik, kopi...")}
        ),
    )
    kecamatan = ShortListFilter(
        label=_("Kecamatan"),
        field_name="tenant__sentra__kecamatan",
        to_field_name="slug",
        queryset=Kecamatan.objects.order_by("name"),
        empty_label=_("All kecamatan"),
        error_messages=UNKNOWN_CHOICE,
    )
    sentra = ShortListFilter(
        label=_("Centre"),
        field_name="tenant__sentra",
        to_field_name="slug",
        queryset=Sentra.objects.operating().order_by("name"),
        empty_label=_("All centres"),
        error_messages=UNKNOWN_CHOICE,
    )
    kategori = ShortListFilter(
        label=_("Category"),
        field_name="category",
        to_field_name="slug",
        queryset=Category.objects.all(),
        empty_label=_("All categories"),
        error_messages=UNKNOWN_CHOICE,
    )
    harga_min = RupiahFilter(label=_("Lowest price (Rp)"), field_name="price", lookup_expr="gte")
    harga_max = RupiahFilter(label=_("Highest price (Rp)"), field_name="price", lookup_expr="lte")
    halal = OnlyIfCheckedFilter(label=_("Halal only"), field_name="is_halal")
    unggulan = OnlyIfCheckedFilter(label=_("Flagship products only"), field_name="is_flagship")
    urut = TotalOrderingFilter(
        label=_("Sort by"),
        fields=(("created_at", "baru"), ("price", "harga"), ("name", "nama")),
        field_labels={"created_at": _("Newest"), "price": _("Price"), "name": _("Name")},
        empty_label=_("Recommended"),
    )

    class Meta:
        model = Product
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Newest" reads as newest first; the generated choice for "-baru" would say "descending".
        self.filters["urut"].extra["choices"] = [
            ("-baru", _("Newest")),
            ("harga", _("Price: low to high")),
            ("-harga", _("Price: high to low")),
            ("nama", _("Name")),
        ]

    def chips(self, path):
        """The filters in use, in the form's order, each with a link to `path` without it.

        Labels come from the cleaned values: the choice fields' rows were read
        once already (RowsOnceChoiceField), so chips cost no query. A value the
        form refused is no chip (the page reports it and ignores it). The links
        keep every other parameter as sent, leave out empty ones (a submitted
        form sends every field) and the page number: a changed list starts on
        its first page.
        """
        cleaned = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        sent = QueryDict(mutable=True)
        for name, values in self.data.lists():
            if name != "page" and any(values):
                sent.setlist(name, [value for value in values if value])
        chips = []
        for name in self.form.fields:
            value = cleaned.get(name)
            if name == "urut" and value:
                value = [order for order in value if order]  # ?urut=,harga sorts by price
            if value is None or value is False or value in ("", []):
                continue
            rest = sent.copy()
            rest.pop(name, None)
            url = f"{path}?{rest.urlencode()}" if rest else path
            chips.append(Chip(name, self._chip_label(name, value), url, narrows=name != "urut"))
        return chips

    def _chip_label(self, name, value):
        if name == "q":
            return f"\u201c{value}\u201d"
        if name in ("harga_min", "harga_max"):
            price = f"Rp{intcomma(value)}"
            if name == "harga_min":
                return gettext("From %(price)s") % {"price": price}
            return gettext("Up to %(price)s") % {"price": price}
        if name == "halal":
            return gettext("Halal")
        if name == "unggulan":
            return gettext("Flagship")
        if name == "urut":
            return dict(self.filters["urut"].extra["choices"]).get(value[0], value[0])
        return str(value)  # a district, centre or category row

    def search(self, queryset, name, value):
        return queryset.matching(search.words(value))

    @property
    def qs(self):
        queryset = super().qs
        # An unbound filterset (no query string) has no cleaned_data.
        if not getattr(self.form, "cleaned_data", {}).get("urut"):
            # "Recommended": the best matches of a search first, then flagship and new products.
            ranked = ("search_rank",) if "search_rank" in queryset.query.annotations else ()
            queryset = queryset.order_by(*ranked, "-is_flagship", "-created_at", "pk")
        return queryset
