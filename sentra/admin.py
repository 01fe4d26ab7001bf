"""Admin registrations. The full back-office experience (roles, curation) comes later."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    BudgetLine,
    Kecamatan,
    Kelurahan,
    OpeningHours,
    Permit,
    ProgressUpdate,
    Sentra,
    Tenant,
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
    """History is append-only: existing rows are shown read-only, new ones can be added."""

    model = ProgressUpdate
    extra = 0
    fields = ["recorded_on", "physical_percent", "financial_percent", "note", "photo", "source"]
    ordering = ["-recorded_on", "-created_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Sentra)
class SentraAdmin(admin.ModelAdmin):
    list_display = ["name", "kecamatan", "status", "progress", "progress_recorded_on"]
    list_filter = ["status", "kecamatan"]
    search_fields = ["name", "address", "contract_number", "contractor"]
    list_select_related = ["kecamatan"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status", "progress", "progress_recorded_on"]
    autocomplete_fields = ["kelurahan"]
    inlines = [ProgressUpdateInline, OpeningHoursInline, BudgetLineInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kecamatan", "kelurahan", "address", "description"]}),
        (_("Location"), {"fields": ["latitude", "longitude", "cover_photo"]}),
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
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is ProgressUpdate:
            for update in formset.save(commit=False):
                update.recorded_by = request.user
                update.save()
            formset.save_m2m()
        else:
            super().save_formset(request, form, formset, change)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["sentra", "recorded_on", "physical_percent", "financial_percent", "recorded_by"]
    list_filter = ["sentra__kecamatan", "sentra"]
    list_select_related = ["sentra", "recorded_by"]
    date_hierarchy = "recorded_on"
    exclude = ["recorded_by"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


class PermitInline(admin.TabularInline):
    model = Permit
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "sentra", "stall_number", "category", "status", "verified"]
    list_filter = ["status", "category", "verified", "sentra__kecamatan", "sentra"]
    search_fields = ["name", "stall_number", "whatsapp", "owner_name", "permits__number"]
    list_select_related = ["sentra"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PermitInline]
