"""schema.org descriptions of tenants, products and events, for search engines and share cards.

Descriptions are in the page's language: the English one on English pages
when there is one, otherwise the Indonesian one (balikpapan_umkm.bilingual).
"""

from django.utils import timezone

from balikpapan_umkm import site
from sentra.structured_data import geo, opening_hours_specification, postal_address

from .models import Tenant

# schema.org's type for each kind of tenant; any kind left out is a LocalBusiness.
SCHEMA_TYPES = {
    Tenant.Category.CULINARY: "FoodEstablishment",
    Tenant.Category.PACKAGED_FOOD: "Store",
    Tenant.Category.SOUVENIRS: "Store",
    Tenant.Category.CRAFTS: "Store",
    Tenant.Category.FASHION: "ClothingStore",
}


def for_tenant(tenant, request, image_url=""):
    sentra = tenant.sentra
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(tenant.category, "LocalBusiness"),
        "name": tenant.name,
        "url": site.absolute(tenant.get_absolute_url()),
        "description": tenant.page_description.text,
        "address": postal_address(sentra),
        "containedInPlace": {"@type": "Place", "name": sentra.name},
        "openingHoursSpecification": opening_hours_specification(sentra.opening_hours.all()),
    }
    if tenant.whatsapp:
        data["telephone"] = tenant.whatsapp
    if coordinates := geo(sentra):
        data["geo"] = coordinates
    if image_url:
        data["image"] = image_url
    if not tenant.is_active:
        data["description"] = f"{tenant.page_description.text} (closed)".strip()
    return data


def for_product(product, request, image_url=""):
    offer = {
        "@type": "Offer",
        "priceCurrency": "IDR",
        "availability": "https://schema.org/InStock"
        if product.is_available
        else "https://schema.org/OutOfStock",
        "seller": {"@type": "LocalBusiness", "name": product.tenant.name},
    }
    if product.has_price_range:
        offer["@type"] = "AggregateOffer"
        offer["lowPrice"] = product.price
        offer["highPrice"] = product.price_max
    else:
        offer["price"] = product.price
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": site.absolute(product.get_absolute_url()),
        "description": product.page_description.text,
        "category": product.category.display_name,
        "offers": offer,
    }
    if image_url:
        data["image"] = image_url
    return data


# schema.org's type for each kind of event; any kind left out is an Event.
EVENT_TYPES = {
    "festival": "Festival",
    "bazaar": "SaleEvent",
    "exhibition": "ExhibitionEvent",
    "workshop": "EducationEvent",
}


def for_event(event, request, image_url=""):
    """An Event with its place, times in WITA (ISO 8601 with +08:00) and organiser."""
    place = event.place
    location = {
        "@type": "Place",
        "name": place.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": place.full_address,
            "addressLocality": "Balikpapan",
            "addressRegion": "Kalimantan Timur",
            "addressCountry": "ID",
        },
    }
    if event.sentra_id is not None:
        location["url"] = site.absolute(event.sentra.get_absolute_url())
    if coordinates := geo(place):
        location["geo"] = coordinates
    data = {
        "@context": "https://schema.org",
        "@type": EVENT_TYPES.get(event.kind, "Event"),
        "name": event.title,
        "url": site.absolute(event.get_absolute_url()),
        "description": event.page_description.text,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": location,
        "organizer": {"@type": "Organization", "name": event.organiser},
    }
    if event.daily:
        starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
        data["eventSchedule"] = {
            "@type": "Schedule",
            "startDate": starts.date().isoformat(),
            "endDate": ends.date().isoformat(),
            "repeatFrequency": "P1D",
            "startTime": f"{starts:%H:%M}",
            "endTime": f"{ends:%H:%M}",
            "scheduleTimezone": "Asia/Makassar",
        }
    if image_url:
        data["image"] = image_url
    return data
