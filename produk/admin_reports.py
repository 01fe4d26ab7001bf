"""The queue of visitors' problem reports in the back office (Kurator: view and change).

Visitors write reports; staff only set the status and a note. Whoever changes
the status is recorded with the time.
"""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Report

VISITOR_FIELDS = ["target_link", "kind", "message", "contact", "created_at", "reporter_ip_hash"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["target", "kind", "status", "created_at", "handled_by"]
    list_filter = ["status", "kind"]
    search_fields = ["message", "contact", "tenant__name", "product__name"]
    list_select_related = ["tenant", "product", "handled_by"]
    date_hierarchy = "created_at"
    actions = ["mark_resolved"]
    fieldsets = [
        (
            _("The visitor's report"),
            {"fields": VISITOR_FIELDS},
        ),
        (_("Handling"), {"fields": ["status", "staff_note", "handled_by", "handled_at"]}),
    ]
    # What the visitor sent is evidence: shown, never edited.
    readonly_fields = [*VISITOR_FIELDS, "handled_by", "handled_at"]

    @admin.display(description=_("reported page"))
    def target(self, obj):
        return obj.target

    @admin.display(description=_("reported page"))
    def target_link(self, obj):
        target = obj.target
        if target is None:
            return "-"
        return format_html('<a href="{}">{}</a>', target.get_absolute_url(), target)

    def has_add_permission(self, request):
        return False  # reports come from visitors, through the public form

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            obj.mark(obj.status, by=request.user)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark as resolved"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = queryset.mark(Report.Status.RESOLVED, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d report was marked as resolved.",
                "%(count)d reports were marked as resolved.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
