from django.conf import settings


def site(request):
    """Site-wide settings the templates need: the map tiles' source, and whether this is a demo."""
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_ATTRIBUTION": settings.MAP_ATTRIBUTION,
        "DEMO_SITE": settings.DEMO_SITE,
    }
