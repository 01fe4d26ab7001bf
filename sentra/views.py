"""Pages about places and construction only: the district list and the progress dashboard.

Pages that show listings too (home, a district, a centre, the culinary guide)
live in the site package, balikpapan_umkm.views.
"""

from django.db.models import Prefetch
from django.views.generic import ListView

from .models import Kecamatan, ProgressUpdate, Sentra


class ProgressView(ListView):
    """The public progress dashboard: every centre's status and history, by district."""

    template_name = "sentra/progress_dashboard.html"
    context_object_name = "kecamatan_list"

    def get_queryset(self):
        centres = Sentra.objects.in_display_order().prefetch_related(
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.latest_first())
        )
        return Kecamatan.objects.prefetch_related(Prefetch("sentra", queryset=centres))
