"""Uploaded pictures served by the app itself, for `make serve` and small deployments.

Behind nginx (deploy/nginx.conf) the web server serves /media/ with the same
headers and this view is off (SERVE_MEDIA=false). Only what pictures.py stores is
served as a picture: the type comes from the stored name's extension (uploads are
named after their decoded content), never guessed from the bytes, and anything
else is a download (`Content-Disposition: attachment`), so no file can be run by
a browser as a page or script. X-Content-Type-Options: nosniff comes from
SecurityMiddleware.
"""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

PICTURE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
# Stored names carry a digest of their content and thumbnails are written once.
CACHE_CONTROL = "public, max-age=604800"


@require_safe
def serve_media(request, path):
    root = Path(settings.MEDIA_ROOT).resolve()
    file = (root / path).resolve()
    if not file.is_relative_to(root) or not file.is_file() or file.name.startswith("."):
        raise Http404
    content_type = PICTURE_TYPES.get(file.suffix.lower())
    response = FileResponse(
        file.open("rb"),
        content_type=content_type or "application/octet-stream",
        as_attachment=content_type is None,
    )
    response["Cache-Control"] = CACHE_CONTROL
    return response
