"""What detail pages tell search engines and share cards: a picture and structured data."""

from django.core.files.storage import default_storage

from balikpapan_umkm import site, thumbnails


class SharedPageMixin:
    """For DetailViews: puts `share_image` (absolute URL) and `structured_data` in the context.

    Subclasses name the picture field in `share_image_field` and build the
    schema.org dict in `get_structured_data(image_url)`.
    """

    share_image_field = None

    def get_share_image(self):
        field_file = getattr(self.object, self.share_image_field or "", None)
        if not field_file:
            return ""
        name = thumbnails.share_image_name(field_file.name)
        return site.absolute(default_storage.url(name)) if name else ""

    def get_structured_data(self, image_url):
        return None

    def get_context_data(self, **kwargs):
        image_url = self.get_share_image()
        return super().get_context_data(
            share_image=image_url, structured_data=self.get_structured_data(image_url), **kwargs
        )
