"""The back office's point picker: latitude and longitude boxes with a map beside them."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import CITY_CENTRE


class CoordinateInput(forms.NumberInput):
    """A latitude or longitude box; the latitude box also carries what the map needs.

    static/js/admin-location-picker.js finds each latitude box, pairs it with the
    longitude box named in its data-location-picker, and adds a map under the pair.
    The boxes stay the form's values: without JavaScript, Leaflet or map tiles they
    are plain number inputs. Every label reaches the script as an attribute's text.
    """

    class Media:
        css = {"all": ["leaflet/leaflet.css", "css/admin.css"]}
        js = ["leaflet/leaflet.js", "js/admin-location-picker.js"]

    def __init__(self, attrs=None, *, pairs_with=None):
        super().__init__(attrs)
        # On the latitude box: (its own field name, the longitude's field name).
        self.pairs_with = pairs_with

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.pairs_with:
            own, other = self.pairs_with
            context["widget"]["attrs"].update(
                {
                    # The longitude's input name, with any form prefix this one has.
                    "data-location-picker": name.removesuffix(own) + other,
                    "data-centre": "{},{}".format(*CITY_CENTRE),
                    "data-tiles": settings.MAP_TILE_URL,
                    "data-attribution": settings.MAP_ATTRIBUTION,
                    "data-label-map": _("Map for setting the point: click it or drag the marker"),
                    "data-label-clear": _("Clear the point"),
                    "data-label-hint": _(
                        "Click the map or drag the marker to set the point; typing the "
                        "numbers moves the marker."
                    ),
                }
            )
        return context
