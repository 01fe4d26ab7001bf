"""Pieces the back office's ModelAdmins share: centre scoping, lost-update protection, curation.

Each is a small mixin on ModelAdmin; the apps' admin.py files combine them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection, models
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from balikpapan_umkm import thumbnails
from balikpapan_umkm.locking import StaleObjectError
from sentra.curation import REJECTION_NEEDS_NOTE, Curation


def sees_every_centre(user):
    return user.is_superuser or user.has_perm("sentra.access_all_centres")


class AutocompleteSelect(admin.widgets.AutocompleteSelect):
    """The admin's autocomplete, safe with a forged or stale value.

    Re-rendering a form whose value is not a possible key ("abc", or a number
    past the column's range) made Django's widget query with it and fail with
    a server error; such a value is simply not shown. The form field reports
    it as an invalid choice.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(remote.field_name)
        return super().optgroups(name, [v for v in value if _is_possible_key(key, v)], attr)


def _is_possible_key(field, value):
    try:
        value = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(value, int):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or value >= low) and (high is None or value <= high)
    return True


class SafeAutocompleteAdmin:
    """Uses the safe AutocompleteSelect for every field in `autocomplete_fields`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CentreScopedAdmin(SafeAutocompleteAdmin):
    """Limits a centre manager to the centres they manage.

    `centre_path` is the lookup from this model to Sentra ("" for Sentra
    itself). Other centres' rows are left out of the queryset, so their
    change pages answer 404 like missing rows; foreign-key choices are
    limited the same way, so a forged form value is refused as an invalid
    choice.
    """

    centre_path = "sentra"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_every_centre(request.user):
            return queryset
        managers = f"{self.centre_path}__managers" if self.centre_path else "managers"
        return queryset.filter(**{managers: request.user}).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from produk.models import Product
        from sentra.models import Sentra, Tenant

        if not sees_every_centre(request.user):
            user = request.user
            if db_field.related_model is Sentra:
                kwargs["queryset"] = Sentra.objects.filter(managers=user)
            elif db_field.related_model is Tenant:
                kwargs["queryset"] = Tenant.objects.managed_by(user)
            elif db_field.related_model is Product:
                kwargs["queryset"] = Product.objects.managed_by(user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the editor opened; a newer one in the database is a conflict."""

    def clean(self):
        cleaned = super().clean()
        opened_at = cleaned.get("version")
        if self.instance.pk and opened_at is not None and opened_at != self.instance.version:
            raise ValidationError(
                _(
                    "Someone else saved this %(object)s while you were editing it. Your changes "
                    "were not saved. Open it again to see their version, then make your changes."
                ),
                code="conflict",
                params={"object": self.instance._meta.verbose_name},
            )
        return cleaned


class VersionedAdmin:
    """Optimistic locking in the admin: the later of two concurrent saves is refused."""

    form = VersionedAdminForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version":
            return forms.IntegerField(widget=forms.HiddenInput, min_value=0)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        """Change forms carry the version they were opened at; add forms have none to carry."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        if any("version" in options.get("fields", ()) for _name, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleObjectError:
            # Saved by someone else between our check and our save: nothing of
            # ours was written (the admin's transaction rolled back).
            self.message_user(
                request,
                _("Someone else saved this at the same moment. Your changes were not saved."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())


CURATION_FIELDS = ["curation_status", "curation_note", "curated_by", "curated_at"]


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
    is held as a proposal (see sentra.curation); curators see it field by
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
                if (rejecting or declining) and not (cleaned.get("curation_note") or "").strip():
                    self.add_error("curation_note", REJECTION_NEEDS_NOTE)
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


def picture_preview(field_file, width=320):
    """A thumbnail for admin pages, or a dash."""
    src, _srcset = thumbnails.srcset(field_file, (width,))
    if not src:
        return "-"
    return format_html('<img src="{}" alt="" width="{}" loading="lazy">', src, width // 2)


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, only for objects this person may see in the admin.

    Django's own (contenttypes' shortcut) redirects to any object's page, which
    would tell a centre manager the address of another centre's draft. Here the
    object is looked up through its ModelAdmin, scoping included; anything else
    is a 404 like a missing row.
    """
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model_admin = admin.site._registry.get(content_type.model_class()) if content_type else None
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        raise Http404
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, obj.pk)
