from urllib.parse import quote

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from balikpapan_umkm.sharing import SharedPageMixin
from produk.models import Product

from . import structured_data
from .models import Kecamatan, ProgressUpdate, Sentra, Tenant

# Products shown on a district's or centre's page; the catalogue link shows the rest.
PRODUCTS_ON_PAGE = 12


class HomeView(TemplateView):
    template_name = "sentra/home.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(
            kecamatan_list=Kecamatan.objects.with_centres(),
            flagship_products=Product.objects.public().flagship().for_listing()[:8],
            open_culinary=Sentra.objects.culinary().open_at(now).select_related("kecamatan")[:6],
            **kwargs,
        )


class KecamatanListView(ListView):
    queryset = Kecamatan.objects.with_centres()


class KecamatanDetailView(DetailView):
    queryset = Kecamatan.objects.prefetch_related(
        "kelurahan",
        Prefetch("sentra", queryset=Sentra.objects.for_listing().in_display_order()),
    )

    def get_context_data(self, **kwargs):
        products = Product.objects.public().in_kecamatan(self.object).for_listing()
        tenants = Tenant.objects.listed().filter(sentra__kecamatan=self.object).for_listing()
        return super().get_context_data(
            products=products.order_by("-is_flagship", "name")[:PRODUCTS_ON_PAGE],
            product_count=products.count(),
            tenants=tenants.order_by("name")[:24],
            tenant_count=tenants.count(),
            **kwargs,
        )


class SentraDetailView(SharedPageMixin, DetailView):
    queryset = Sentra.objects.for_listing().prefetch_related(
        "opening_hours",
        "budget_lines",
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.latest_first()),
        Prefetch("tenants", queryset=Tenant.objects.listed().order_by("stall_number")),
    )
    share_image_field = "cover_photo"

    def get_structured_data(self, image_url):
        return structured_data.for_sentra(self.object, self.request, image_url)

    def get_context_data(self, **kwargs):
        sentra = self.object
        products = Product.objects.public().in_sentra(sentra).for_listing()
        return super().get_context_data(
            opening_state=sentra.opening_state(timezone.now()),
            products=products.order_by("-is_flagship", "name")[:PRODUCTS_ON_PAGE],
            product_count=products.count(),
            map_places=[sentra] if sentra.has_location else [],
            **kwargs,
        )


class TenantDetailView(SharedPageMixin, DetailView):
    queryset = (
        Tenant.objects.public()
        .for_listing()
        .prefetch_related(
            "permits",
            "sentra__opening_hours",
            Prefetch("products", queryset=Product.objects.on_tenant_page().order_by("name")),
        )
    )
    share_image_field = "photo"

    def get_structured_data(self, image_url):
        return structured_data.for_tenant(self.object, self.request, image_url)

    def get_context_data(self, **kwargs):
        tenant = self.object
        today = timezone.localdate()
        greeting = _("Hello %(name)s, I found you on the Sentra UMKM Balikpapan portal.") % {
            "name": tenant.name
        }
        return super().get_context_data(
            valid_permits=[p for p in tenant.permits.all() if p.is_valid_on(today)],
            whatsapp_url=f"{tenant.whatsapp_link}?text={quote(greeting)}"
            if tenant.whatsapp_link
            else "",
            opening_state=tenant.sentra.opening_state(timezone.now()),
            **kwargs,
        )


class KulinerView(ListView):
    """Culinary destinations for visitors: operating centres with food stalls, open ones first."""

    template_name = "sentra/kuliner.html"
    context_object_name = "destinations"

    def get_queryset(self):
        food = Tenant.objects.listed().culinary().order_by("name")
        return (
            Sentra.objects.culinary()
            .for_listing()
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


class ProgresView(ListView):
    """The public progress dashboard: every centre's status and history, by district."""

    template_name = "sentra/progres.html"
    context_object_name = "kecamatan_list"

    def get_queryset(self):
        centres = Sentra.objects.in_display_order().prefetch_related(
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.latest_first())
        )
        return Kecamatan.objects.prefetch_related(Prefetch("sentra", queryset=centres))
