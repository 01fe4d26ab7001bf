"""schema.org descriptions of centres, tenants and products, for search engines and share cards.

Each function returns a plain dict; templates render it with the `jsonld` filter.
"""

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _absolute(request, path):
    return request.build_absolute_uri(path)


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
        "url": _absolute(request, sentra.get_absolute_url()),
        "description": sentra.description,
        "address": postal_address(sentra),
        "openingHoursSpecification": opening_hours_specification(sentra.opening_hours.all()),
    }
    if coordinates := geo(sentra):
        data["geo"] = coordinates
    if image_url:
        data["image"] = image_url
    return data


def for_tenant(tenant, request, image_url=""):
    sentra = tenant.sentra
    data = {
        "@context": "https://schema.org",
        "@type": "FoodEstablishment" if tenant.category == "culinary" else "LocalBusiness",
        "name": tenant.name,
        "url": _absolute(request, tenant.get_absolute_url()),
        "description": tenant.description,
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
        data["description"] = f"{tenant.description} (closed)".strip()
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
        "url": _absolute(request, product.get_absolute_url()),
        "description": product.description,
        "category": product.category.display_name,
        "offers": offer,
    }
    if image_url:
        data["image"] = image_url
    return data
