"""Thumbnails in the sizes pages show, kept beside the originals.

A thumbnail's name is derived from the whole name of its original, extension
included, so finding it again costs a file-system check, not a query, and two
originals never share one:
    produk/amplang-3f2a9c.jpg -> thumbs/320/produk/amplang-3f2a9c.jpg.webp
Share images for social networks are 1200 x 630 JPEG crops (thumbs/og/...).

Uploads get all their derivatives when they are saved (`make_all`, called by
`pictures.PictureField`); anything older is made on first view. A derivative
is written once: to a temporary file, then linked into place only if absent,
so simultaneous first views never make duplicates or half-written files. An
original that cannot be decoded is recorded (thumbs/unreadable/...) and not
decoded again on every view.

Why not sorl-thumbnail or easy-thumbnails: both keep a store of their own
(a key-value store, or database tables) to find thumbnails, and neither lets
us name the decoders Pillow may use; the rules above (only our formats,
write-once files, a marker for unreadable originals, names derived from the
whole original name) would have to be patched into them.
"""

import io
import logging
import os
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from PIL import Image, ImageOps, UnidentifiedImageError

from balikpapan_umkm.pictures import open_picture

logger = logging.getLogger(__name__)

CARD_WIDTHS = (320, 640)
DETAIL_WIDTHS = (640, 960, 1280)
SHARE_SIZE = (1200, 630)
ALL_WIDTHS = tuple(sorted(set(CARD_WIDTHS + DETAIL_WIDTHS)))


def _derived_name(name, folder, suffix):
    return str(PurePosixPath("thumbs", folder, name + suffix))


def _thumbnail_target(name, width):
    return _derived_name(name, str(width), ".webp")


def _share_target(name):
    return _derived_name(name, "og", ".jpg")


def _unreadable_marker(name):
    return _derived_name(name, "unreadable", ".txt")


def _webp(image, width):
    if image.width > width:
        image = image.copy()
        image.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "WEBP", quality=78, method=4)
    return out.getvalue()


def _share_jpeg(image):
    out = io.BytesIO()
    ImageOps.fit(image, SHARE_SIZE, Image.Resampling.LANCZOS).save(
        out, "JPEG", quality=82, optimize=True
    )
    return out.getvalue()


def write_once(target, data):
    """Put `data` at `target` unless something is already there; return the target name."""
    try:
        path = Path(default_storage.path(target))
    except NotImplementedError:  # a remote storage: no atomic create, best effort
        if not default_storage.exists(target):
            default_storage.save(target, ContentFile(data))
        return target
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as temp:
        temp.write(data)
    os.chmod(temp.name, 0o644)
    try:
        os.link(temp.name, path)  # atomic, and fails if another process got there first
    except FileExistsError:
        pass
    finally:
        os.unlink(temp.name)
    return target


def _decode(name):
    """The upright RGB picture of stored original `name`, or None (recorded) if unreadable."""
    try:
        with default_storage.open(name) as original, open_picture(original) as image:
            return ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("No thumbnail for %s: %s", name, error)
        write_once(_unreadable_marker(name), str(error).encode())
        return None


# Derivatives known to exist, per process. They are written once and never change
# (a new upload has a new name), so once seen they need no storage check again:
# on S3 each check is an HTTP request, and a catalogue page shows 24 pictures in
# two widths. Only "exists" is remembered; the set is emptied when it grows past
# the limit, which costs one check per picture again.
_EXISTING = set()
_EXISTING_LIMIT = 100_000


@receiver(setting_changed)
def _forget_existing(setting, **kwargs):
    """Another storage (tests switch MEDIA_ROOT) holds other files."""
    if setting in ("MEDIA_ROOT", "STORAGES"):
        _EXISTING.clear()


def _exists(target):
    if target in _EXISTING:
        return True
    if not default_storage.exists(target):
        return False
    if len(_EXISTING) >= _EXISTING_LIMIT:
        _EXISTING.clear()
    _EXISTING.add(target)
    return True


def _render(name, target, make):
    """The derivative `target` of original `name`, made if missing; None if unreadable."""
    if _exists(target):
        return target
    if default_storage.exists(_unreadable_marker(name)):
        return None
    image = _decode(name)
    if image is None:
        return None
    return write_once(target, make(image))


def make_all(name):
    """Make every thumbnail and the share image of original `name`, decoding it once."""
    targets = {_thumbnail_target(name, width): width for width in ALL_WIDTHS}
    missing = [
        target for target in [*targets, _share_target(name)] if not default_storage.exists(target)
    ]
    if not missing:
        return
    image = _decode(name)
    if image is None:
        return
    for target in missing:
        width = targets.get(target)
        write_once(target, _webp(image, width) if width else _share_jpeg(image))


def thumbnail_name(name, width):
    """Storage name of a WebP copy of `name` at most `width` pixels wide (None if unreadable)."""
    return _render(name, _thumbnail_target(name, width), lambda image: _webp(image, width))


def share_image_name(name):
    """Storage name of a 1200 x 630 JPEG crop of `name`, the size share cards want."""
    return _render(name, _share_target(name), _share_jpeg)


def srcset(field_file, widths):
    """(src, srcset) URLs for a picture field, or ("", "") when there is no usable picture."""
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
