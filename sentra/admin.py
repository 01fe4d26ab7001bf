"""The back office for districts, centres, their progress, hours and funding.

Who may do what is set by the groups in produk/roles.py; centre managers
are further limited to their own centres (CentreScopedAdmin).
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTimeWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm.admin_tools import CentreScopedAdmin, VersionedAdmin, picture_preview

from .models import (
    BudgetLine,
    Kecamatan,
    Kelurahan,
    Milestone,
    OpeningHours,
    PlannedProgress,
    Problem,
    ProgressUpdate,
    Sentra,
    SourceKind,
)
from .offices import public_title
from .schedule import first_decrease
from .widgets import CoordinateInput


class LocationPickerAdmin:
    """Latitude and longitude are picked on a map, the numbers beside it (sentra/widgets.py)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "latitude":
            kwargs["widget"] = CoordinateInput(pairs_with=("latitude", "longitude"))
        elif db_field.name == "longitude":
            kwargs["widget"] = CoordinateInput()
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class KelurahanInline(admin.TabularInline):
    model = Kelurahan
    extra = 0
    fields = ["code", "name", "slug"]


@admin.register(Kecamatan)
class KecamatanAdmin(LocationPickerAdmin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [KelurahanInline]


@admin.register(Kelurahan)
class KelurahanAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kecamatan"]
    list_filter = ["kecamatan"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


class CentreRowsInline:
    """An inline of rows that name their centre (their __str__, which the admin shows on each
    row): the centre comes with them, not in one query per row."""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sentra")


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    # "16:00", as the public pages write it: seconds only widened the table on a phone.
    formfield_overrides = {models.TimeField: {"widget": AdminTimeWidget(format="%H:%M")}}


class BudgetLineInline(admin.StackedInline):
    """Stacked, two lines a budget line: as a table its free-text columns overflowed a laptop."""

    model = BudgetLine
    extra = 0
    fields = [("source", "fiscal_year", "amount"), ("partner", "note")]


class ProgressUpdateInline(CentreRowsInline, admin.TabularInline):
    """The history, newest first, read-only: new updates go through the short form."""

    model = ProgressUpdate
    extra = 0
    fields = ["recorded_on", "physical_percent", "financial_percent", "note", "photo_preview"]
    readonly_fields = fields
    ordering = ["-recorded_on", "-created_at"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("photo"))
    def photo_preview(self, update):
        return picture_preview(update.photo)


class PlannedPointForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The formset checks the curve as submitted, not each point against the stored ones.
        self.instance.checked_with_the_curve = True


class PlannedCurveFormSet(forms.BaseInlineFormSet):
    """The whole planned curve as it will be saved: it never goes down."""

    def clean(self):
        super().clean()
        points = [
            (form.cleaned_data["planned_on"], form.cleaned_data["planned_percent"])
            for form in self.forms
            if form.is_valid()
            and form.cleaned_data.get("planned_on")
            and form.cleaned_data.get("planned_percent") is not None
            and not self._should_delete_form(form)
        ]
        if first_decrease(points) is not None:
            raise ValidationError(PlannedProgress.decrease_message(), code="decreasing")


class PlannedProgressInline(CentreRowsInline, admin.TabularInline):
    """Two narrow columns: the curve is short (a point a month, say) and fits any screen."""

    model = PlannedProgress
    form = PlannedPointForm
    formset = PlannedCurveFormSet
    extra = 0
    fields = ["planned_on", "planned_percent"]


class MilestoneInline(CentreRowsInline, admin.StackedInline):
    """Stacked, one line a milestone: as a table its two date pickers overflowed a phone."""

    model = Milestone
    extra = 0
    fields = [("kind", "planned_on", "achieved_on")]
    max_num = len(Milestone.Kind)


class ProblemInline(CentreRowsInline, admin.StackedInline):
    """Stacked, like the budget lines: the two texts would overflow a table on a laptop."""

    model = Problem
    extra = 0
    fields = [("reported_on", "status"), "description", "resolution", "resolved_on"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


def record_progress_url(sentra_pk):
    """The progress form with the centre chosen (and its current figure shown)."""
    return f"{reverse('admin:sentra_progressupdate_add')}?sentra={sentra_pk}"


def qr_card_links(sentra_pk):
    """The centre's printable QR card and, while it is built, its signboard code.

    The site's pages (balikpapan_umkm/qr_card_views.py), reversed by name. One query.
    """
    sentra = Sentra.objects.filter(pk=sentra_pk).only("slug", "status").first()
    if sentra is None:
        return {}
    links = {"qr_card_url": reverse("portal:sentra-card", kwargs={"slug": sentra.slug})}
    if sentra.is_under_construction:
        for format in ("png", "svg"):
            links[f"signboard_{format}_url"] = reverse(
                "sentra-signboard", kwargs={"slug": sentra.slug, "format": format}
            )
    return links


@admin.register(Sentra)
class SentraAdmin(LocationPickerAdmin, CentreScopedAdmin, VersionedAdmin, admin.ModelAdmin):
    centre_path = ""
    # Recording progress is what council staff come for, often on a phone: first in each
    # row (the name links to the centre), and a button on the centre's own page.
    list_display = [
        "record_progress_link",
        "name",
        "status",
        "progress_percent",
        "progress_recorded_on",
        "kecamatan",
    ]
    list_display_links = ["name"]
    list_filter = ["status", "kind", "kecamatan"]
    search_fields = ["name", "address", "contract_number", "contractor"]
    list_select_related = ["kecamatan"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status", "progress", "progress_recorded_on", "cover_preview"]
    autocomplete_fields = ["kelurahan"]
    filter_horizontal = ["managers"]
    inlines = [
        ProgressUpdateInline,
        PlannedProgressInline,
        MilestoneInline,
        ProblemInline,
        OpeningHoursInline,
        BudgetLineInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "kind",
                    "kecamatan",
                    "kelurahan",
                    "address",
                    "description",
                    "description_en",
                    "data_source",
                ]
            },
        ),
        (
            _("Location"),
            {"fields": [("latitude", "longitude"), "cover_photo", "cover_preview"]},
        ),
        (
            _("Status"),
            {
                "fields": [
                    "status",
                    "progress",
                    "progress_recorded_on",
                    "target_opening_date",
                    "opened_on",
                    "closed_on",
                    "stall_count",
                ]
            },
        ),
        (_("Contact"), {"fields": ["contact_name", "contact_phone", "contact_email"]}),
        (
            _("Public works signboard"),
            {
                "fields": [
                    "contractor",
                    "contract_number",
                    "contract_value",
                    "construction_start",
                    "construction_planned_end",
                ]
            },
        ),
        (_("Centre managers"), {"fields": ["managers"]}),
    ]

    class Media:
        # The form's fit on a laptop and a phone; the map picker's own files come with its widget.
        css = {"all": ["css/admin.css"]}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("managers")  # who manages a centre is the administrators' call
        return readonly

    @admin.display(description=_("progress"), ordering="progress")
    def progress_percent(self, sentra):
        return f"{sentra.progress}%"

    @admin.display(description=_("record progress"))
    def record_progress_link(self, sentra):
        return format_html(
            '<a class="button record-progress" href="{}">{}</a>',
            record_progress_url(sentra.pk),
            _("Record progress"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        url = record_progress_url(object_id) if str(object_id).isdigit() else ""
        cards = qr_card_links(object_id) if url else {}
        extra_context = {**(extra_context or {}), "record_progress_url": url, **cards}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("preview"))
    def cover_preview(self, sentra):
        return picture_preview(sentra.cover_photo)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """The short form used from the site, often on a phone. History is append-only."""

    list_display = [
        "sentra",
        "recorded_on",
        "physical_percent",
        "financial_percent",
        "source_kind",
        "source_publisher",
        "recorded_by_office",
        "recorded_by",
    ]
    list_filter = ["sentra__kecamatan", "sentra", "source_kind"]
    list_select_related = ["sentra", "recorded_by"]
    date_hierarchy = "recorded_on"
    radio_fields = {"source_kind": admin.VERTICAL}
    # "pu.balikpapan.go.id/laporan" typed without a scheme is read as https://.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["sentra", "physical_percent"]}),
        (
            _("Source"),
            {
                "description": _(
                    "Where this figure comes from. A document: who issued it and its date. "
                    "A site visit: who went (role and office) and when. A published report: "
                    "who published it and when. Add the title and a link where there is one."
                ),
                "fields": [
                    "source_kind",
                    "source_publisher",
                    "source_visitor",
                    "source_date",
                    "source_title",
                    "source_url",
                ],
            },
        ),
        (None, {"fields": ["note", "photo", "recorded_on", "financial_percent"]}),
    ]
    readonly_fields = ["recorded_by", "recorded_by_office", "created_at"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        recorded = (_("Recorded"), {"fields": ["recorded_by", "recorded_by_office", "created_at"]})
        return [*self.fieldsets, recorded]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            # A new figure says where it comes from; older history may not.
            kind = form.base_fields["source_kind"]
            kind.required = True
            kind.choices = SourceKind.choices
        return form

    def add_view(self, request, form_url="", extra_context=None):
        """The form opens with the centre's current figure, its date and its source."""
        chosen = request.POST.get("sentra") or request.GET.get("sentra") or ""
        latest = None
        if chosen.isdigit():
            latest = ProgressUpdate.objects.filter(sentra_id=chosen).latest_first().first()
        return super().add_view(
            request, form_url, {**(extra_context or {}), "latest_update": latest}
        )

    def get_changeform_initial_data(self, request):
        return {"recorded_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def has_change_permission(self, request, obj=None):
        # Staff may open the history; only administrators correct it.
        if obj is not None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
            # As the public pages will name them, kept as it is today (sentra/offices.py).
            obj.recorded_by_office = public_title(request.user)
        super().save_model(request, obj, form, change)
        if not change:
            self.log_change(
                request,
                obj.sentra,
                _("Progress recorded: %(percent)s%%") % {"percent": obj.physical_percent},
            )

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            _("Progress of %(sentra)s recorded: %(percent)s%%.")
            % {"sentra": obj.sentra, "percent": obj.physical_percent},
        )
        return HttpResponseRedirect(reverse("admin:sentra_sentra_changelist"))


@admin.register(OpeningHours)
class OpeningHoursAdmin(CentreScopedAdmin, admin.ModelAdmin):
    list_display = ["sentra", "weekday", "opens", "closes"]
    list_filter = ["weekday", "sentra"]
    list_select_related = ["sentra"]


@admin.register(BudgetLine)
class BudgetLineAdmin(CentreScopedAdmin, admin.ModelAdmin):
    list_display = ["sentra", "source", "partner", "fiscal_year", "amount"]
    list_filter = ["source", "fiscal_year"]
    list_select_related = ["sentra"]
