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
from balikpapan_umkm.filter_forms import FilterForm, district_field
from balikpapan_umkm.sharing import SharedPageMixin
from produk.models import Event, Product, Tenant
from sentra import structured_data
from sentra.models import Kecamatan, Problem, Sentra

# Products shown on a district's or centre's page; the catalogue link shows the rest.
PRODUCTS_ON_PAGE = 12
# Upcoming events on the home page and on a centre's page; /acara/ lists them all.
EVENTS_ON_HOME_PAGE = 3
EVENTS_ON_CENTRE_PAGE = 3


def centres_for_listing(centres=None):
    """Centres for list pages and maps, with `active_tenant_count` (what the public sees)."""
    centres = Sentra.objects.all() if centres is None else centres
    return centres.for_listing().annotate(
        active_tenant_count=Tenant.objects.listed().count_per_centre()
    )


def districts_for_listing():
    """The districts with their centres and `public_product_count`: two queries."""
    return Kecamatan.objects.with_centres().annotate(
        public_product_count=Product.objects.public().count_per_kecamatan()
    )


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(
            kecamatan_list=districts_for_listing(),
            flagship_products=Product.objects.public().flagship().for_listing()[:8],
            open_culinary=Tenant.objects.culinary_destinations()
            .open_at(now)
            .select_related("kecamatan")[:6],
            upcoming_events=Event.objects.upcoming(now).for_listing()[:EVENTS_ON_HOME_PAGE],
            **kwargs,
        )


class KecamatanListView(ListView):
    """The six districts, each with its centres and how many products the public finds there."""

    template_name = "portal/kecamatan_list.html"

    def get_queryset(self):
        return districts_for_listing()


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
            map_places=[centre for centre in centres if centre.has_location],
            **kwargs,
        )


class SentraDetailView(SharedPageMixin, DetailView):
    queryset = (
        centres_for_listing(
            Sentra.objects.annotate(
                public_product_count=Product.objects.public().count_per_centre()
            )
        )
        .with_schedule()
        .prefetch_related(
            "opening_hours",
            "budget_lines",
            "milestones",
            Prefetch("problems", queryset=Problem.objects.open(), to_attr="open_problems"),
            Prefetch("tenants", queryset=Tenant.objects.listed().order_by("stall_number")),
        )
    )
    template_name = "portal/sentra_detail.html"
    share_image_field = "cover_photo"

    def get_structured_data(self, image_url):
        return structured_data.for_sentra(self.object, self.request, image_url)

    def get_context_data(self, **kwargs):
        sentra = self.object
        products = Product.objects.public().in_sentra(sentra).for_listing()
        now = timezone.now()
        return super().get_context_data(
            opening_state=sentra.opening_state(now),
            today_hours=sentra.hours_on(now),
            products=products.order_by("-is_flagship", "name")[:PRODUCTS_ON_PAGE],
            product_count=sentra.public_product_count,
            map_places=[sentra] if sentra.has_location else [],
            upcoming_events=Event.objects.upcoming(now)
            .filter(sentra=sentra)
            .for_listing()[:EVENTS_ON_CENTRE_PAGE],
            **kwargs,
        )


class CulinaryGuideForm(FilterForm):
    """The guide's filters: when a place is open, and where. Bad values are reported, left out."""

    OPEN_NOW = "sekarang"
    OPEN_TONIGHT = "malam-ini"

    buka = forms.ChoiceField(
        label=_("Open"),
        choices=[("", _("Any time")), (OPEN_NOW, _("Now")), (OPEN_TONIGHT, _("Tonight"))],
        required=False,
        widget=forms.RadioSelect,
    )
    kecamatan = district_field()


class CulinaryGuideView(ListView):
    """Culinary destinations for visitors: what decides a visit, at a glance, open ones first.

    Queries: the districts (filter options), the centres with their open flag
    and counts, their opening hours, and a few dishes of each centre with the
    centre's price range and halal share.
    """

    template_name = "portal/culinary_guide.html"
    context_object_name = "destinations"
    DISHES_SHOWN = 3

    def get(self, request, *args, **kwargs):
        self.now = timezone.now()
        self.form = CulinaryGuideForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        food_stalls = Tenant.objects.listed().culinary()
        centres = (
            centres_for_listing(Tenant.objects.culinary_destinations())
            .with_open_now(self.now)
            .annotate(food_stall_count=food_stalls.count_per_centre())
        )
        chosen = self.form.chosen()
        if chosen.get("buka") == CulinaryGuideForm.OPEN_NOW:
            centres = centres.open_at(self.now)
        elif chosen.get("buka") == CulinaryGuideForm.OPEN_TONIGHT:
            centres = centres.open_tonight(self.now)
        if "kecamatan" in chosen:
            centres = centres.filter(kecamatan=chosen["kecamatan"])
        return centres.prefetch_related("opening_hours").order_by(
            "-is_open", "kecamatan__name", "name"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        destinations = context["destinations"]
        dishes = (
            Product.objects.public()
            .served_on_site()
            .filter(tenant__sentra__in=[centre.pk for centre in destinations])
            .leading_per_centre(self.DISHES_SHOWN)
            .select_related("tenant")
            .order_by("place")
        )
        by_centre = {}
        for dish in dishes:
            by_centre.setdefault(dish.tenant.sentra_id, []).append(dish)
        for centre in destinations:
            centre.state = centre.opening_state(self.now)
            centre.today = centre.hours_on(self.now)
            centre.dishes = by_centre.get(centre.pk, [])
        context["map_places"] = [centre for centre in destinations if centre.has_location]
        context["is_filtered"] = bool(self.form.chosen())
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
