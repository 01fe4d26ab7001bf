"""Validators shared by the apps' upload fields."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

# Pillow only warns between about 89 and 179 megapixels and still decodes;
# a 40-megapixel ceiling covers any phone camera and refuses image bombs.
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


@deconstructible
class ImageUploadValidator:
    """Refuse uploads that are too large in bytes or in pixels."""

    def __call__(self, upload):
        limit = settings.MAX_UPLOAD_IMAGE_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The picture is %(size)s; the largest accepted is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        width = getattr(upload, "width", None)
        height = getattr(upload, "height", None)
        if width and height and width * height > MAX_IMAGE_PIXELS:
            raise ValidationError(
                _("The picture is %(width)s x %(height)s pixels, too large to show."),
                code="too_many_pixels",
                params={"width": width, "height": height},
            )

    def __eq__(self, other):
        return isinstance(other, ImageUploadValidator)


validate_image_upload = ImageUploadValidator()
