"""Validators shared by the apps' upload fields."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class ImageUploadValidator:
    """Refuse uploads too large in bytes; `pictures.clean_picture` judges the content."""

    def __call__(self, upload):
        limit = settings.MAX_UPLOAD_IMAGE_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The picture is %(size)s; the largest accepted is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )

    def __eq__(self, other):
        return isinstance(other, ImageUploadValidator)


validate_image_upload = ImageUploadValidator()
