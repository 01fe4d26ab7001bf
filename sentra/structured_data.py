"""schema.org descriptions of centres, for search engines and share cards.

Each function returns a plain dict; templates render it with the `jsonld` filter.
Tenants and products are described in produk.structured_data, with these pieces.
"""

from balikpapan_umkm import site

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def opening_hours_specification(spans):
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[span.weekday]}",
            "opens": span.opens.strftime("%H:%M"),
            "closes": span.closes.strftime("%H:%M"),
        }
        for span in spans
    ]


def postal_address(sentra):
    return {
        "@type": "PostalAddress",
        "streetAddress": sentra.address,
        "addressLocality": "Balikpapan",
        "addressRegion": "Kalimantan Timur",
        "addressCountry": "ID",
    }


def geo(sentra):
    if not sentra.has_location:
        return None
    return {"@type": "GeoCoordinates", "latitude": sentra.latitude, "longitude": sentra.longitude}


def for_sentra(sentra, request, image_url=""):
    data = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": sentra.name,
        "url": site.absolute(sentra.get_absolute_url()),
        "description": sentra.page_description.text,  # in the page's language
        "address": postal_address(sentra),
        "openingHoursSpecification": opening_hours_specification(sentra.opening_hours.all()),
    }
    if coordinates := geo(sentra):
        data["geo"] = coordinates
    if image_url:
        data["image"] = image_url
    return data
