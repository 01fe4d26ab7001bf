from django.db.models import Prefetch
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from produk.models import Product

from .models import Kecamatan, Sentra, Tenant


class HomeView(TemplateView):
    template_name = "sentra/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kecamatan_list=Kecamatan.objects.for_home(),
            flagship_products=Product.objects.public().flagship().for_listing()[:8],
            **kwargs,
        )


class KecamatanDetailView(DetailView):
    queryset = Kecamatan.objects.prefetch_related(
        "kelurahan",
        Prefetch("sentra", queryset=Sentra.objects.for_listing().order_by("-progress", "name")),
    )


class SentraDetailView(DetailView):
    queryset = Sentra.objects.for_listing().prefetch_related(
        "opening_hours",
        "budget_lines",
        "progress_updates",
        Prefetch("tenants", queryset=Tenant.objects.active().order_by("stall_number")),
    )

    def get_context_data(self, **kwargs):
        sentra = self.object
        return super().get_context_data(
            is_open_now=sentra.is_open_at(timezone.now()),
            **kwargs,
        )


class TenantDetailView(DetailView):
    queryset = Tenant.objects.for_listing().prefetch_related(
        "permits",
        "sentra__opening_hours",
        Prefetch("products", queryset=Product.objects.filter(is_available=True)),
    )
