"""The back office for events: kept by council staff (Staf DPRD) and curators (Kurator).

Centre managers have no permission on events (produk.roles), so the admin
shows them none. The place is a centre, or an address with its district and
a point picked on the map (sentra's point picker); who took part or won is
entered in the same form, choosing tenants and products by typing.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm.admin_tools import SafeAutocompleteAdmin, picture_preview
from sentra.admin import LocationPickerAdmin

from .models import Event, EventParticipant


class ParticipantsFormSet(forms.BaseInlineFormSet):
    """Each tenant and each product at most once in an event, checked on the whole form.

    The database says so too (conditional unique constraints), but Django's formset
    does not check conditional constraints across its rows: without this, a listing
    entered twice would reach the database and fail there.
    """

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.is_valid() or self._should_delete_form(form):
                continue
            for field in ("tenant", "product"):
                listing = form.cleaned_data.get(field)
                if listing is None:
                    continue
                if (field, listing.pk) in seen:
                    raise ValidationError(
                        _("%(listing)s is entered twice: keep one row for it."),
                        code="twice",
                        params={"listing": listing},
                    )
                seen.add((field, listing.pk))


class EventParticipantInline(SafeAutocompleteAdmin, admin.TabularInline):
    model = EventParticipant
    formset = ParticipantsFormSet
    extra = 0
    fields = ["tenant", "product", "role", "prize"]
    autocomplete_fields = ["tenant", "product"]


@admin.register(Event)
class EventAdmin(LocationPickerAdmin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "kind", "starts_at", "ends_at", "sentra", "kecamatan", "data_source"]
    list_filter = ["kind", "sentra__kecamatan", "data_source"]
    search_fields = ["title", "organiser", "address", "sentra__name"]
    list_select_related = ["sentra", "kecamatan"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["poster_preview"]
    inlines = [EventParticipantInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "kind", "starts_at", "ends_at", "daily", "organiser"]},
        ),
        (
            _("Place"),
            {
                "description": _(
                    "Choose the centre where the event is held; for any other place, leave the "
                    "centre empty and give the address, its district and, if you know it, the "
                    "point on the map."
                ),
                "fields": ["sentra", "address", "kecamatan", ("latitude", "longitude")],
            },
        ),
        (
            _("Description"),
            {
                "fields": [
                    "description",
                    "description_en",
                    "poster",
                    "poster_preview",
                    "registration_url",
                    "data_source",
                ]
            },
        ),
    ]

    class Media:
        # The form's fit on a laptop and a phone; the map picker's own files come with its widget.
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("preview"))
    def poster_preview(self, event):
        return picture_preview(event.poster)
