"""Thumbnails in the sizes pages show, made on first use and kept beside the originals.

The uploaded original is never changed. A thumbnail's name is derived from
the original's, so finding it again costs a file-system check, not a query:
    produk/amplang.jpg -> thumbs/320/produk/amplang.webp
Share images for social networks are 1200 x 630 JPEG crops (thumbs/og/...).
"""

import io
import logging
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

CARD_WIDTHS = (320, 640)
DETAIL_WIDTHS = (640, 960, 1280)
SHARE_SIZE = (1200, 630)


def _derived_name(name, folder, suffix):
    path = PurePosixPath(name)
    return str(PurePosixPath("thumbs", folder, path.parent, path.stem + suffix))


def _render(name, target, make):
    """Write `make(image)` for the original `name` to `target` once; return the target name."""
    if default_storage.exists(target):
        return target
    try:
        with default_storage.open(name) as original:
            image = ImageOps.exif_transpose(Image.open(original))
            data = make(image.convert("RGB"))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        logger.warning("No thumbnail for %s: %s", name, error)
        return None
    return default_storage.save(target, ContentFile(data))


def thumbnail_name(name, width):
    """Storage name of a WebP copy of `name` at most `width` pixels wide (None if unreadable)."""

    def make(image):
        if image.width > width:
            image.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "WEBP", quality=78, method=4)
        return out.getvalue()

    return _render(name, _derived_name(name, str(width), ".webp"), make)


def share_image_name(name):
    """Storage name of a 1200 x 630 JPEG crop of `name`, the size share cards want."""

    def make(image):
        out = io.BytesIO()
        ImageOps.fit(image, SHARE_SIZE, Image.Resampling.LANCZOS).save(
            out, "JPEG", quality=82, optimize=True
        )
        return out.getvalue()

    return _render(name, _derived_name(name, "og", ".jpg"), make)


def srcset(field_file, widths):
    """(src, srcset) URLs for an image field, or ("", "") when there is no usable picture."""
    if not field_file:
        return "", ""
    entries = []
    for width in widths:
        name = thumbnail_name(field_file.name, width)
        if name:
            entries.append((default_storage.url(name), width))
    if not entries:
        return "", ""
    return entries[0][0], ", ".join(f"{url} {width}w" for url, width in entries)
