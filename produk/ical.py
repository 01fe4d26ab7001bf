"""Events as iCalendar files (RFC 5545), written by the `icalendar` library.

- Each event keeps one UID for as long as it exists (its id on this site), so a
  calendar that subscribed to the feed updates its entry instead of adding another.
- DTSTAMP and LAST-MODIFIED are the event's last save: the file stays the same
  until an event changes, so it may be cached like a page.
- DTSTART and DTEND are Balikpapan time, TZID=Asia/Makassar, with the VTIMEZONE
  that icalendar adds for it; LOCATION is the centre or address, GEO its point.
- The text is in the site's language (Indonesian): one file for both languages,
  at one address outside /en/, as the open data downloads are.
"""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from balikpapan_umkm import site

PRODID = "-//Sentra UMKM Balikpapan//Acara//ID"
# The feed holds the events not over yet and those that ended in the last days.
FEED_PAST_DAYS = 90
MEDIA_TYPE = "text/calendar; charset=utf-8"
# Browsers and proxies may keep a file this long (seconds), as the open data downloads.
MAX_AGE = 60


def event_uid(event):
    """The event's UID: its id on this site, never reused while it exists."""
    return f"acara-{event.pk}@{site.domain()}"


def one_line(text):
    """`text` on one line: icalendar writes NAME and X-WR-CALNAME as given, unescaped, and
    refuses (or, for a lone CR, passes on) a line break in them."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())


def calendar_file(events, *, name, uid):
    """The iCalendar file (bytes) of `events`, loaded with their place (for_listing())."""
    with translation.override(settings.LANGUAGE_CODE):
        calendar = icalendar.Calendar.new(
            prodid=PRODID,
            name=one_line(name),  # a lazy label, or an event's title
            uid=uid,
            refresh_interval=datetime.timedelta(hours=12),
            subcomponents=[_component(event) for event in events],
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _component(event):
    place = event.place
    location = place.full_address
    if event.sentra_id is not None:
        location = f"{place.name}, {location}"
    start = timezone.localtime(event.starts_at)
    # Held daily: the first day's hours, repeated every day until the last one closes.
    end = start.replace(hour=event.daily_closes.hour, minute=event.daily_closes.minute)
    entry = icalendar.Event.new(
        uid=event_uid(event),
        stamp=event.updated_at.astimezone(datetime.UTC),
        last_modified=event.updated_at.astimezone(datetime.UTC),
        start=start,
        end=end if event.daily else timezone.localtime(event.ends_at),
        summary=event.title,
        description=_description(event),
        location=location,
        url=site.absolute(event.get_absolute_url()),
        categories=[str(event.get_kind_display())],
    )
    if event.daily:
        entry.add("rrule", {"freq": "daily", "until": event.ends_at.astimezone(datetime.UTC)})
    if place.has_location:
        entry.add("geo", (float(place.latitude), float(place.longitude)))
    return entry


def _description(event):
    parts = [event.page_description.text.strip()]
    parts.append(gettext("Organiser: %(organiser)s") % {"organiser": event.organiser})
    if event.registration_url:
        parts.append(gettext("Registration: %(url)s") % {"url": event.registration_url})
    return "\n\n".join(part for part in parts if part)
