"""Events: /acara/ (upcoming first, then past), /acara/<slug>/, and their iCalendar files.

The pages are in both languages; the .ics files are one address each, outside
/en/ (produk.ical), public and cacheable for a minute like the other downloads.
"""

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from balikpapan_umkm import site
from balikpapan_umkm.filter_forms import UNKNOWN_CHOICE, FilterForm, district_field
from balikpapan_umkm.sharing import SharedPageMixin

from . import ical, structured_data
from .models import Event


class EventFilterForm(FilterForm):
    """The list's filters. Bad values are reported on the page and left out."""

    kecamatan = district_field()
    jenis = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *Event.Kind.choices],
        required=False,
        error_messages=UNKNOWN_CHOICE,
    )


class EventListView(ListView):
    """Upcoming events, the soonest first (on the first page), then past ones, latest first.

    Queries: the district options, the upcoming events, and the past ones counted
    and paged; each event comes with its place in the same query.
    """

    template_name = "produk/event_list.html"
    context_object_name = "past_events"
    paginate_by = 12

    def get(self, request, *args, **kwargs):
        self.now = timezone.now()
        self.form = EventFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def filtered(self):
        events = Event.objects.for_listing()
        chosen = self.form.chosen()
        if "kecamatan" in chosen:
            events = events.in_kecamatan(chosen["kecamatan"])
        if "jenis" in chosen:
            events = events.filter(kind=chosen["jenis"])
        return events

    def get_queryset(self):
        return self.filtered().past(self.now)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        first_page = context["page_obj"].number == 1
        context["upcoming_events"] = self.filtered().upcoming(self.now) if first_page else []
        context["is_filtered"] = bool(self.form.chosen())
        return context


class EventDetailView(SharedPageMixin, DetailView):
    """One event: when (WITA), where (with a map when there is a point), who took part or won.

    Social networks get the event's share card (its title, dates, place and poster:
    balikpapan_umkm.sharing), search engines a schema.org Event with the poster
    (base.html renders `structured_data` as JSON-LD).

    Queries: the event with its place, and its participants with their listings.
    """

    queryset = Event.objects.for_listing().with_participants()
    template_name = "produk/event_detail.html"
    share_image_field = "poster"

    def get_structured_data(self, image_url):
        return structured_data.for_event(self.object, self.request, image_url)

    def get_context_data(self, **kwargs):
        place = self.object.place
        return super().get_context_data(map_places=[place] if place.has_location else [], **kwargs)


@require_safe
def calendar_feed(request):
    """/acara.ics: upcoming events and those of the last FEED_PAST_DAYS days (one query)."""
    events = Event.objects.for_calendar(timezone.now(), past_days=ical.FEED_PAST_DAYS)
    content = ical.calendar_file(
        events,
        name=_("Events of the UMKM centres of Balikpapan"),
        uid=f"acara@{site.domain()}",
    )
    return _calendar_response(content, "acara")


@require_safe
def event_calendar(request, slug):
    """/acara/<slug>.ics: one event, to add to a calendar; 404 for an unknown slug."""
    event = get_object_or_404(Event.objects.for_listing(), slug=slug)
    content = ical.calendar_file(
        [event], name=event.title, uid=f"kalender-acara-{event.pk}@{site.domain()}"
    )
    return _calendar_response(content, f"acara-{event.slug}")


def _calendar_response(content, name):
    response = HttpResponse(content, content_type=ical.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    patch_cache_control(response, public=True, max_age=ical.MAX_AGE)
    return response
