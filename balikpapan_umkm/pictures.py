"""Uploaded pictures: only JPEG, PNG and WebP, decoded in full, stored without metadata.

Every picture that reaches storage goes through `clean_picture`:
- the format is judged from the content, and only the decoders we mean are asked
  (`formats=ALLOWED_FORMATS` in the one call to `Image.open`), so an EPS, PDF or PSD file never
  reaches Ghostscript or any other decoder;
- the size in pixels is checked from the header, before anything is decoded;
- the whole picture is decoded, so a truncated file is refused at upload instead
  of failing on every later view;
- the EXIF orientation is applied, then the picture is written again without
  EXIF, XMP or text chunks (no GPS position, camera or owner); the colour
  profile is kept so colours do not shift;
- the stored name takes its extension from the content and a digest of the
  cleaned bytes, so two different pictures never share a name (or thumbnails).

`PictureField` is the model field that does this when a new file is saved, and
makes the thumbnails the pages show at the same moment, so no visitor waits.
"""

import dataclasses
import hashlib
import io
import warnings
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from balikpapan_umkm.validators import validate_image_upload

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ACCEPT = "image/jpeg,image/png,image/webp"

# Pillow only warns between about 89 and 179 megapixels and still decodes;
# a 40-megapixel ceiling covers any phone camera and refuses image bombs.
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

NOT_A_PICTURE = _("Upload a JPEG, PNG or WebP picture; this file is not one.")
DAMAGED = _(
    "The picture is incomplete or damaged. Save or export it again and upload the new file."
)
TOO_MANY_PIXELS = _("The picture is %(width)s x %(height)s pixels, too large to show.")


def open_picture(file):
    """A Pillow image of `file`, read only by the decoders of the allowed formats.

    Raises UnidentifiedImageError for any other format. Nothing is decoded yet.
    """
    return Image.open(file, formats=ALLOWED_FORMATS)


@dataclasses.dataclass(frozen=True)
class CleanPicture:
    data: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return EXTENSIONS[self.format]

    def storage_name(self, uploaded_name):
        """`<slug of the uploaded name>-<digest>.<extension from the content>`."""
        stem = slugify(PurePosixPath(uploaded_name or "").stem)[:60] or "foto"
        digest = hashlib.sha256(self.data).hexdigest()[:12]
        return f"{stem}-{digest}.{self.extension}"


def clean_picture(file):
    """Check, decode and re-encode an uploaded picture; raise ValidationError if refused."""
    if hasattr(file, "seek"):
        file.seek(0)
    with warnings.catch_warnings():
        # Between the ceiling and twice it Pillow only warns: we refuse those ourselves.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = open_picture(file)
        except Image.DecompressionBombError:
            raise ValidationError(
                _("The picture has far too many pixels to show."), code="too_many_pixels"
            ) from None
        except (UnidentifiedImageError, OSError, ValueError):
            raise ValidationError(NOT_A_PICTURE, code="not_a_picture") from None
    with image:
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            raise ValidationError(
                TOO_MANY_PIXELS, code="too_many_pixels", params={"width": width, "height": height}
            )
        try:
            image.load()  # the whole picture: a truncated file fails here, once
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise ValidationError(DAMAGED, code="damaged") from None
        source_format = image.format
        icc_profile = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
    data = _encode(upright, source_format, icc_profile)
    return CleanPicture(data=data, format=source_format, width=upright.width, height=upright.height)


def _encode(image, image_format, icc_profile):
    """The picture in its own format, carrying nothing but pixels and colour profile."""
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        options.update(quality=90, optimize=True)
    elif image_format == "WEBP":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        options.update(quality=90)
    else:  # PNG
        options.update(optimize=True)
    out = io.BytesIO()
    image.save(out, image_format, **options)  # no exif=, no xmp=, no pnginfo=: none written
    return out.getvalue()


class PictureFormField(forms.FileField):
    """A file input that accepts only pictures we mean to publish, with a clear message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        validate_image_upload(upload)  # the size in bytes first: nothing big is decoded
        upload.clean_picture = clean_picture(upload)  # kept for the model field's save
        upload.seek(0)
        return upload


class PictureField(models.FileField):
    """A FileField for pictures, stored clean (see the module) with thumbnails made on save."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            picture = getattr(file.file, "clean_picture", None) or clean_picture(file.file)
            file.save(picture.storage_name(file.name), ContentFile(picture.data), save=False)
            from balikpapan_umkm import thumbnails

            thumbnails.make_all(file.name)
        return file
