from django.contrib import messages
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from balikpapan_umkm.sharing import SharedPageMixin
from sentra import structured_data

from .filters import ProductFilter
from .models import Product


class ProductListView(FilterView):
    """The catalogue. Bad filter values are reported and ignored; the rest still apply."""

    queryset = Product.objects.public().for_listing()
    filterset_class = ProductFilter
    paginate_by = 24
    strict = False  # an invalid field is left out, not the whole result
    template_name = "produk/product_list.html"

    def paginate_queryset(self, queryset, page_size):
        """Like ListView's, but a bad or too-high page number shows the nearest page."""
        paginator = self.get_paginator(queryset, page_size)
        asked = self.request.GET.get("page") or 1
        page = paginator.get_page(asked)
        if str(asked) != str(page.number):
            messages.info(
                self.request,
                _("Page %(asked)s does not exist; showing page %(page)s of %(pages)s.")
                % {"asked": str(asked)[:20], "page": page.number, "pages": paginator.num_pages},
            )
        return paginator, page, page.object_list, page.has_other_pages()


class ProductDetailView(SharedPageMixin, DetailView):
    queryset = Product.objects.findable().for_listing()
    share_image_field = "photo"

    def get_structured_data(self, image_url):
        return structured_data.for_product(self.object, self.request, image_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            related_products=Product.objects.related_to(self.object).for_listing()[:4], **kwargs
        )
