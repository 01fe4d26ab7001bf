from django.conf import settings

from balikpapan_umkm.freshness import last_public_change


def site(request):
    """Site-wide settings the templates need: the map tiles' source, whether this is a demo,
    the contact for the footer, and when the public data last changed.

    LAST_PUBLIC_CHANGE is the function, not its value: a template calls it where it
    shows the date (the footer), so a response without the footer costs no query.
    """
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_ATTRIBUTION": settings.MAP_ATTRIBUTION,
        "DEMO_SITE": settings.DEMO_SITE,
        "SITE_CONTACT_EMAIL": settings.SITE_CONTACT_EMAIL,
        "SITE_CONTACT_PHONE": settings.SITE_CONTACT_PHONE,
        "LAST_PUBLIC_CHANGE": last_public_change,
    }
