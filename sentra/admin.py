"""The back office for districts, centres, their progress, hours and funding.

Who may do what is set by the groups in produk/roles.py; centre managers
are further limited to their own centres (CentreScopedAdmin).
"""

from django.contrib import admin
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
    OpeningHours,
    ProgressUpdate,
    Sentra,
)


class KelurahanInline(admin.TabularInline):
    model = Kelurahan
    extra = 0
    fields = ["code", "name", "slug"]


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
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


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class ProgressUpdateInline(admin.TabularInline):
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


@admin.register(Sentra)
class SentraAdmin(CentreScopedAdmin, VersionedAdmin, admin.ModelAdmin):
    centre_path = ""
    list_display = [
        "name",
        "kecamatan",
        "status",
        "progress_percent",
        "progress_recorded_on",
        "record_progress_link",
    ]
    list_filter = ["status", "kind", "kecamatan"]
    search_fields = ["name", "address", "contract_number", "contractor"]
    list_select_related = ["kecamatan"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status", "progress", "progress_recorded_on", "cover_preview"]
    autocomplete_fields = ["kelurahan"]
    filter_horizontal = ["managers"]
    inlines = [ProgressUpdateInline, OpeningHoursInline, BudgetLineInline]
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
                    "data_source",
                ]
            },
        ),
        (_("Location"), {"fields": ["latitude", "longitude", "cover_photo", "cover_preview"]}),
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
        url = reverse("admin:sentra_progressupdate_add")
        return format_html('<a href="{}?sentra={}">{}</a>', url, sentra.pk, _("Record progress"))

    @admin.display(description=_("preview"))
    def cover_preview(self, sentra):
        return picture_preview(sentra.cover_photo)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """The short form used from the site, often on a phone. History is append-only."""

    list_display = ["sentra", "recorded_on", "physical_percent", "financial_percent", "recorded_by"]
    list_filter = ["sentra__kecamatan", "sentra"]
    list_select_related = ["sentra", "recorded_by"]
    date_hierarchy = "recorded_on"
    fields = ["sentra", "physical_percent", "note", "photo", "recorded_on", "financial_percent"]
    readonly_fields = ["recorded_by", "created_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [*self.fields, "source", "recorded_by", "created_at"]

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
