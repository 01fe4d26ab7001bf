from math import ceil
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from balikpapan_umkm.page_cache import remembered
from balikpapan_umkm.sharing import SharedPageMixin

from . import structured_data
from .filters import ProductFilter
from .models import Product, Tenant


class CataloguePaginator(Paginator):
    """At most MAX_PAGES pages, and a result count remembered until the data changes.

    A page deep in 30,000 products cost several times the first one (the
    database sorts and skips every row before it); nobody reads page 500 of
    a catalogue, they narrow it with the filters, which the page then says.
    The exact count is a scan over four joined tables: it is the same until
    a listing changes, so it is kept with the pages (page_cache.remembered).
    """

    MAX_PAGES = 40

    @cached_property
    def count(self):
        exact = Paginator.count.func
        try:
            key = f"catalogue-count:{self.object_list.query}"
        except EmptyResultSet:  # a filter that can match nothing: no SQL to name it by
            return exact(self)
        return remembered(key, lambda: exact(self))

    @cached_property
    def num_pages(self):
        return min(super().num_pages, self.MAX_PAGES)

    @property
    def is_capped(self):
        return ceil(self.count / self.per_page) > self.MAX_PAGES


class ProductListView(FilterView):
    """The catalogue. Bad filter values are reported and ignored; the rest still apply."""

    queryset = Product.objects.public().for_listing()
    filterset_class = ProductFilter
    paginate_by = 24
    paginator_class = CataloguePaginator
    strict = False  # an invalid field is left out, not the whole result
    template_name = "produk/product_list.html"

    def paginate_queryset(self, queryset, page_size):
        """Like ListView's, but a bad or too-high page number shows the nearest page.

        The page says so itself (`page_notice`), not through a message cookie,
        so that it can be cached like any other page of the catalogue.
        """
        paginator = self.get_paginator(queryset, page_size)
        asked = self.request.GET.get("page") or 1
        page = paginator.get_page(asked)
        self.page_notice = ""
        if str(asked) != str(page.number):
            if paginator.is_capped and page.number == paginator.num_pages:
                self.page_notice = _(
                    "Only the first %(pages)s pages are listed: narrow the list with the "
                    "filters or a search to see the rest."
                ) % {"pages": paginator.num_pages}
            else:
                self.page_notice = _(
                    "Page %(asked)s does not exist; showing page %(page)s of %(pages)s."
                ) % {"asked": str(asked)[:20], "page": page.number, "pages": paginator.num_pages}
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chips = self.filterset.chips(self.request.path)
        words = getattr(self.filterset.form, "cleaned_data", {}).get("q")
        context.update(
            page_notice=self.page_notice,
            chips=chips,
            filter_count=sum(chip.narrows for chip in chips),
            # The site-wide search also finds centres and tenants by these words.
            site_search_url=f"{reverse('portal:search')}?{urlencode({'q': words})}"
            if words
            else "",
        )
        return context


class ProductDetailView(SharedPageMixin, DetailView):
    queryset = Product.objects.findable().for_listing()
    share_image_field = "photo"

    def get_structured_data(self, image_url):
        return structured_data.for_product(self.object, self.request, image_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            related_products=Product.objects.related_to(self.object).for_listing()[:4], **kwargs
        )


class TenantDetailView(SharedPageMixin, DetailView):
    queryset = (
        Tenant.objects.public()
        .for_listing()
        .select_related("sentra__kelurahan")
        .prefetch_related(
            "permits",
            "sentra__opening_hours",
            Prefetch("products", queryset=Product.objects.on_tenant_page().order_by("name")),
        )
    )
    template_name = "produk/tenant_detail.html"
    share_image_field = "photo"

    def get_structured_data(self, image_url):
        return structured_data.for_tenant(self.object, self.request, image_url)

    def get_context_data(self, **kwargs):
        tenant = self.object
        now = timezone.now()
        today = timezone.localdate(now)
        return super().get_context_data(
            valid_permits=[p for p in tenant.permits.all() if p.is_valid_on(today)],
            whatsapp_url=tenant.whatsapp_chat_url(),
            opening_state=tenant.sentra.opening_state(now),
            today_hours=tenant.sentra.hours_on(now),
            map_places=[tenant.sentra] if tenant.is_active and tenant.sentra.has_location else [],
            **kwargs,
        )
