"""What the public pages' filter forms share (the catalogue, /kuliner/, /progres/).

Filters come from query strings that anyone can write, so a bad value is reported
on the page and left out while the other filters still apply, and a short list of
rows (districts, centres, categories) is read once per form: for its options and to
check the value sent.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from sentra.models import Kecamatan

UNKNOWN_CHOICE = {"invalid_choice": _("We do not know this value; choose one from the list.")}


class _RowsOnceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.rows:
            yield self.choice(row)

    def __len__(self):
        return len(self.field.rows) + (self.field.empty_label is not None)


class RowsOnceChoiceField(ModelChoiceField):
    """A model choice read once per form, for both its options and checking the value sent.

    Django's field runs one query to list the options and another to check
    a submitted value; for short lists one is enough, which keeps a filtered
    page's queries at the unfiltered page's count.
    """

    iterator = _RowsOnceIterator
    default_error_messages = UNKNOWN_CHOICE

    @cached_property
    def rows(self):
        return list(self.queryset)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.__dict__.pop("rows", None)  # each form reads the rows afresh
        return copy

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        for row in self.rows:
            if str(getattr(row, key)) == str(value):
                return row
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class FilterForm(forms.Form):
    """A form of GET filters: `chosen()` gives the valid values only."""

    def chosen(self):
        """The valid choices only: one bad value does not undo the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def district_field():
    """The district filter of the public lists (/kuliner/, /progres/, /acara/): a kecamatan
    by its slug, in name order; "All districts" when none is chosen."""
    return RowsOnceChoiceField(
        label=_("District"),
        queryset=Kecamatan.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All districts"),
    )
