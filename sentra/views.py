"""Pages about places and construction only: the district list and the progress dashboard.

Pages that show listings too (home, a district, a centre, the culinary guide)
live in the site package, balikpapan_umkm.views.
"""

from django.conf import settings
from django.views.generic import ListView

from .dashboard import ProgressFilterForm, Summary
from .models import BudgetLine, Sentra


class ProgressView(ListView):
    """The public progress dashboard: a summary, then every centre, filtered and sorted.

    Queries: the districts (filter options), the centres with their districts, their
    planned curves, their histories, and the budget totals by source. Filters and
    sorting work on those rows (sentra/dashboard.py), so every query string costs the same.
    """

    template_name = "sentra/progress_dashboard.html"
    context_object_name = "centres"

    def get(self, request, *args, **kwargs):
        self.form = ProgressFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Sentra.objects.for_progress_dashboard()

    def get_context_data(self, **kwargs):
        every_centre = list(self.object_list)
        return super().get_context_data(
            object_list=self.form.apply(every_centre),
            form=self.form,
            summary=Summary.of(every_centre, BudgetLine.objects.totals_by_source()),
            is_filtered=bool(self.form.chosen()),
            total_count=len(every_centre),
            behind_by=settings.PROGRESS_BEHIND_BY_POINTS,
            stale_after=settings.PROGRESS_STALE_AFTER_DAYS,
            **kwargs,
        )
