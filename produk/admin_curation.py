"""The curator's side of the admin: what awaits review, proposals side by side, decisions.

Mixed into the tenant and product admins (see produk.curation for the rules).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .curation import Curation, require_note


class ProposalDecision(models.TextChoices):
    LATER = "", _("Decide later: the approved version stays public")
    PUBLISH = "publish", _("Publish the proposed changes")
    DECLINE = "decline", _("Decline them (say why in the curator's note)")


class ReviewFilter(admin.SimpleListFilter):
    """The curators' queue: new listings, and public ones with changes awaiting review."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("new", _("New, awaiting first review")),
            ("changes", _("Public, with changes awaiting review")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "new":
            return queryset.filter(curation_status=Curation.DRAFT)
        if self.value() == "changes":
            return queryset.filter(changes_proposed_at__isnull=False)
        return queryset


class CurationAdmin:
    """Curators approve, reject (with a note) or unpublish; others only read the outcome.

    A centre manager's edit of what the public sees of an approved listing
    is held as a proposal (see produk.curation); curators see it field by
    field beside the public version and publish or decline it.
    """

    curate_permission = None  # "app_label.curate_model"

    def can_curate(self, request):
        return request.user.has_perm(self.curate_permission)

    def get_list_filter(self, request):
        return [ReviewFilter, *super().get_list_filter(request)]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.has_pending_changes and not self.can_curate(request):
            obj.show_pending_changes()  # the manager goes on from what they proposed
        return obj

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            *super().get_readonly_fields(request, obj),
            "curated_by",
            "curated_at",
            "proposed_changes",
        ]
        if not self.can_curate(request):
            readonly += ["curation_status", "curation_note"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.has_pending_changes:
            return fieldsets
        fields = ["proposed_changes"]
        if self.can_curate(request):
            fields.append("proposal_decision")
        return [(_("Changes awaiting review"), {"fields": fields}), *fieldsets]

    def get_form(self, request, obj=None, **kwargs):
        can_curate = self.can_curate(request)
        deciding = can_curate and obj is not None and obj.has_pending_changes
        if deciding:
            # Not a model field: ModelAdmin would otherwise look for it on the model.
            kwargs["fields"] = [
                f
                for f in (
                    kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
                )
                if f != "proposal_decision"
            ]
        form = super().get_form(request, obj, **kwargs)

        class CurationForm(form):
            if deciding:
                proposal_decision = forms.ChoiceField(
                    label=_("Decision on the proposed changes"),
                    choices=ProposalDecision.choices,
                    required=False,
                    widget=forms.RadioSelect,
                )

            def clean(self):
                cleaned = super().clean()
                rejecting = can_curate and cleaned.get("curation_status") == Curation.REJECTED
                declining = cleaned.get("proposal_decision") == ProposalDecision.DECLINE
                if rejecting or declining:
                    try:
                        require_note(cleaned.get("curation_note"))
                    except ValidationError as error:
                        self.add_error("curation_note", error)
                return cleaned

        return CurationForm

    def save_model(self, request, obj, form, change):
        can_curate = self.can_curate(request)
        if can_curate and {"curation_status", "curation_note"} & set(form.changed_data):
            obj.curated_by = request.user
            obj.curated_at = timezone.now()
        elif obj.curation_status == Curation.REJECTED:
            # The manager has answered the rejection: back to the queue.
            obj.curation_status = Curation.DRAFT
        if not can_curate:
            obj.hold_changes_for_review(by=request.user)
        super().save_model(request, obj, form, change)
        decision = form.cleaned_data.get("proposal_decision")
        if decision == ProposalDecision.PUBLISH:
            obj.approve(by=request.user)
            self.log_change(request, obj, str(_("Published the proposed changes")))
        elif decision == ProposalDecision.DECLINE:
            obj.decline_changes(by=request.user, note=form.cleaned_data["curation_note"])
            self.log_change(request, obj, str(_("Declined the proposed changes")))
        elif obj.has_pending_changes and not can_curate:
            labels = [str(field.verbose_name) for field, _old, _new in obj.reviewed_changes()]
            self.message_user(
                request,
                _(
                    "Your changes to %(fields)s wait for a curator's review; until then the "
                    "public page shows the approved version."
                )
                % {"fields": ", ".join(labels)},
                messages.WARNING,
            )

    @admin.display(description=_("proposed changes"))
    def proposed_changes(self, obj):
        """Each changed field: what the public sees now, and what is proposed."""
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (field.verbose_name, _shown(field, old), _shown(field, new))
                for field, old, new in obj.reviewed_changes()
            ),
        )
        if not rows:
            return "-"
        who = obj.changes_proposed_by or "-"
        return format_html(
            "<p>{}</p><table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Proposed by %(who)s on %(when)s.")
            % {
                "who": who,
                "when": date_format(timezone.localtime(obj.changes_proposed_at), "j M Y H:i"),
            },
            _("field"),
            _("public now"),
            _("proposed"),
            rows,
        )

    @admin.action(description=_("Approve and publish the selected listings"))
    def approve_selected(self, request, queryset):
        self._curate_selected(request, queryset, "approve")

    @admin.action(description=_("Unpublish the selected listings"))
    def unpublish_selected(self, request, queryset):
        self._curate_selected(request, queryset, "unpublish")

    def _curate_selected(self, request, queryset, verb):
        if not self.can_curate(request):
            raise PermissionDenied
        log_message = {"approve": _("Approved and published"), "unpublish": _("Unpublished")}[verb]
        for obj in queryset:
            getattr(obj, verb)(by=request.user)
            self.log_change(request, obj, str(log_message))
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d listing updated.", "%(count)d listings updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.can_curate(request):
            actions.pop("approve_selected", None)
            actions.pop("unpublish_selected", None)
        return actions


def _shown(field, value):
    """A proposed or public value as curators read it: pictures as pictures."""
    if isinstance(field, models.FileField):
        if not value:
            return "-"
        return format_html(
            '<img src="{}" alt="" width="160" loading="lazy">', default_storage.url(value)
        )
    if value in (None, ""):
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def review_queue(user):
    """What waits for this user on the admin's front page: [(label, count, changelist URL)].

    Curators see new listings and proposed changes; whoever may handle visitor
    reports sees the unhandled ones. One count query per line shown.
    """
    from .models import Product, Report, Tenant

    lines = []
    for model, permission in ((Tenant, "produk.curate_tenant"), (Product, "produk.curate_product")):
        if not user.has_perm(permission):
            continue
        changelist = reverse(f"admin:produk_{model._meta.model_name}_changelist")
        plural = model._meta.verbose_name_plural
        lines += [
            (
                format_lazy(_("new {listings}, awaiting first review"), listings=plural),
                model.objects.filter(curation_status=Curation.DRAFT).count(),
                f"{changelist}?review=new",
            ),
            (
                format_lazy(_("public {listings} with changes to review"), listings=plural),
                model.objects.filter(changes_proposed_at__isnull=False).count(),
                f"{changelist}?review=changes",
            ),
        ]
    if user.has_perm("produk.change_report"):
        lines.append(
            (
                _("visitor reports not yet handled"),
                Report.objects.unhandled().count(),
                reverse("admin:produk_report_changelist") + "?status__in=new,in_progress",
            )
        )
    return lines
