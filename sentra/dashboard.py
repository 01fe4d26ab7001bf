"""The /progres/ dashboard: its filters and sort, and the summary it opens with.

Every centre is read once, with its planned curve and history (three queries at
any size); the flag is decided in Python (sentra/schedule.py), so filtering and
sorting by it happen here, over those rows, and a filtered page makes the same
queries as the whole one. Parameters speak Indonesian, like the paths; a value
the form does not know is reported on the page and left out.
"""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm.filter_forms import UNKNOWN_CHOICE, FilterForm, district_field

from .models import CentreStatus
from .schedule import ScheduleFlag

RECENT_UPDATES = 5


def _by_last_update(newest_first):
    """Centres by the date of their latest figure; those with none always come last."""

    def key(centre):
        day = centre.progress_recorded_on
        if day is None:
            return (1, 0, centre.name)
        return (0, -day.toordinal() if newest_first else day.toordinal(), centre.name)

    return key


# urut=...: (label, sort key). The empty value is the page's own order, by district.
SORTS = {
    "": (_("District"), lambda centre: (centre.kecamatan.name, centre.name)),
    "nama": (_("Name"), lambda centre: centre.name),
    "-progres": (_("Progress: highest first"), lambda centre: (-centre.progress, centre.name)),
    "progres": (_("Progress: lowest first"), lambda centre: (centre.progress, centre.name)),
    "pembaruan": (_("Last update: oldest first"), _by_last_update(newest_first=False)),
    "-pembaruan": (_("Last update: newest first"), _by_last_update(newest_first=True)),
    "jadwal": (
        _("Schedule: most worrying first"),
        lambda centre: (ScheduleFlag.by_concern().index(centre.schedule.flag), centre.name),
    ),
}


class ProgressFilterForm(FilterForm):
    kecamatan = district_field()
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *CentreStatus.choices],
        error_messages=UNKNOWN_CHOICE,
    )
    jadwal = forms.ChoiceField(
        label=_("Schedule"),
        required=False,
        choices=[("", _("Any schedule")), *ScheduleFlag.choices],
        error_messages=UNKNOWN_CHOICE,
    )
    urut = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(value, label) for value, (label, _key) in SORTS.items()],
        error_messages=UNKNOWN_CHOICE,
    )

    def apply(self, centres):
        """`centres` (rows of for_progress_dashboard()) filtered and sorted as chosen."""
        chosen = self.chosen()
        if "kecamatan" in chosen:
            centres = [c for c in centres if c.kecamatan_id == chosen["kecamatan"].pk]
        if "status" in chosen:
            centres = [c for c in centres if c.status == chosen["status"]]
        if "jadwal" in chosen:
            centres = [c for c in centres if c.schedule.flag == chosen["jadwal"]]
        return sorted(centres, key=SORTS[chosen.get("urut", "")][1])


@dataclass(frozen=True)
class Summary:
    """What /progres/ opens with: centres per flag and status, money by source, news."""

    by_flag: list  # [(ScheduleFlag, count)], the most worrying first, every flag
    by_status: list  # [(CentreStatus, count)], every status
    budget: list  # BudgetLine.objects.totals_by_source() rows
    budget_total: int  # the sum of every published amount
    recent: list  # the latest progress updates of any centre, newest first

    @classmethod
    def of(cls, centres, budget):
        """From the dashboard's rows (updates prefetched) and the budget totals: no query."""
        flags = Counter(centre.schedule.flag for centre in centres)
        statuses = Counter(centre.status for centre in centres)
        updates = [update for centre in centres for update in centre.progress_updates.all()]
        updates.sort(
            key=lambda update: (update.recorded_on, update.created_at, update.pk), reverse=True
        )
        return cls(
            by_flag=[(flag, flags[flag]) for flag in ScheduleFlag.by_concern()],
            by_status=[(status, statuses[status]) for status in CentreStatus],
            budget=budget,
            budget_total=sum(row["total"] or 0 for row in budget),
            recent=updates[:RECENT_UPDATES],
        )
