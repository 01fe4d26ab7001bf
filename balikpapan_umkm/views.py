"""Public pages that show places and listings together: home, district, centre, culinary guide,
and the site search.

The apps stay apart (sentra knows nothing of listings); these pages join them.
"""

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from balikpapan_umkm import search
from balikpapan_umkm.sharing import SharedPageMixin
from produk.models import Product, Tenant
from sentra import structured_data
from sentra.models import Kecamatan, ProgressUpdate, Sentra

# Products shown on a district's or centre's page; the catalogue link shows the rest.
PRODUCTS_ON_PAGE = 12


def centres_for_listing(centres=None):
    """Centres for list pages and maps, with `active_tenant_count` (what the public sees)."""
    centres = Sentra.objects.all() if centres is None else centres
    return centres.for_listing().annotate(
        active_tenant_count=Tenant.objects.listed().count_per_centre()
    )


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(
            kecamatan_list=Kecamatan.objects.with_centres(),
            flagship_products=Product.objects.public().flagship().for_listing()[:8],
            open_culinary=Tenant.objects.culinary_destinations()
            .open_at(now)
            .select_related("kecamatan")[:6],
            **kwargs,
        )


class KecamatanDetailView(DetailView):
    template_name = "portal/kecamatan_detail.html"
    # Each centre carries its own counts, so the district's totals are sums, not scans.
    queryset = Kecamatan.objects.prefetch_related(
        "kelurahan",
        Prefetch(
            "sentra",
            queryset=centres_for_listing()
            .annotate(public_product_count=Product.objects.public().count_per_centre())
            .in_display_order(),
        ),
    )

    def get_context_data(self, **kwargs):
        centres = self.object.sentra.all()
        products = Product.objects.public().in_kecamatan(self.object).for_listing()
        tenants = Tenant.objects.listed().filter(sentra__kecamatan=self.object).for_listing()
        return super().get_context_data(
            products=products.order_by("-is_flagship", "name")[:PRODUCTS_ON_PAGE],
            product_count=sum(centre.public_product_count for centre in centres),
            tenants=tenants.order_by("name")[:24],
            tenant_count=sum(centre.active_tenant_count for centre in centres),
            **kwargs,
        )


class SentraDetailView(SharedPageMixin, DetailView):
    queryset = centres_for_listing(
        Sentra.objects.annotate(public_product_count=Product.objects.public().count_per_centre())
    ).prefetch_related(
        "opening_hours",
        "budget_lines",
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.latest_first()),
        Prefetch("tenants", queryset=Tenant.objects.listed().order_by("stall_number")),
    )
    template_name = "portal/sentra_detail.html"
    share_image_field = "cover_photo"

    def get_structured_data(self, image_url):
        return structured_data.for_sentra(self.object, self.request, image_url)

    def get_context_data(self, **kwargs):
        sentra = self.object
        products = Product.objects.public().in_sentra(sentra).for_listing()
        return super().get_context_data(
            opening_state=sentra.opening_state(timezone.now()),
            products=products.order_by("-is_flagship", "name")[:PRODUCTS_ON_PAGE],
            product_count=sentra.public_product_count,
            map_places=[sentra] if sentra.has_location else [],
            **kwargs,
        )


class CulinaryGuideView(ListView):
    """Culinary destinations for visitors: operating centres with food stalls, open ones first."""

    template_name = "portal/culinary_guide.html"
    context_object_name = "destinations"

    def get_queryset(self):
        food = Tenant.objects.listed().culinary().order_by("name")
        return (
            centres_for_listing(Tenant.objects.culinary_destinations())
            .with_open_now(timezone.now())
            .prefetch_related("opening_hours", Prefetch("tenants", queryset=food))
            .order_by("-is_open", "kecamatan__name", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        for sentra in context["destinations"]:
            sentra.state = sentra.opening_state(now)
        context["map_places"] = [s for s in context["destinations"] if s.has_location]
        return context


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search centres, tenants and products"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("amplang, batik, kopi...")}
        ),
    )


class SiteSearchView(TemplateView):
    """One box for everything: centres, tenants and products that match every word.

    A few of each, best first; the product catalogue, which the "all products"
    link opens with the same words, pages through the rest with its filters.
    """

    template_name = "portal/search.html"
    SHOWN = {"centres": 6, "tenants": 12, "products": 12}

    def get_context_data(self, **kwargs):
        form = SiteSearchForm(self.request.GET)
        words = search.words(form.cleaned_data["q"]) if form.is_valid() else []
        context = super().get_context_data(form=form, words=words, **kwargs)
        if words:
            products = Product.objects.public().matching(words)
            context.update(
                centres=Sentra.objects.matching(words)
                .for_listing()
                .order_by("search_rank", "name")[: self.SHOWN["centres"]],
                tenants=Tenant.objects.listed()
                .matching(words)
                .for_listing()
                .order_by("search_rank", "name")[: self.SHOWN["tenants"]],
                products=products.for_listing().order_by(
                    "search_rank", "-is_flagship", "-created_at", "pk"
                )[: self.SHOWN["products"]],
                product_count=products.count(),
            )
        return context
