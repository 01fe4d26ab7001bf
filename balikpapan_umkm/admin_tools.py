"""Pieces the back office's ModelAdmins share: centre scoping, lost-update protection, curation.

Each is a small mixin on ModelAdmin; the apps' admin.py files combine them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from balikpapan_umkm import thumbnails
from balikpapan_umkm.locking import StaleObjectError
from sentra.curation import Curation


def sees_every_centre(user):
    return user.is_superuser or user.has_perm("sentra.access_all_centres")


class CentreScopedAdmin:
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
        fieldsets = super().get_fieldsets(request, obj)
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


class CurationAdmin:
    """Curators approve, reject (with a note) or unpublish; others only read the outcome."""

    curate_permission = None  # "app_label.curate_model"

    def can_curate(self, request):
        return request.user.has_perm(self.curate_permission)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "curated_by", "curated_at"]
        if not self.can_curate(request):
            readonly += ["curation_status", "curation_note"]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        can_curate = self.can_curate(request)

        class CurationForm(form):
            def clean(self):
                cleaned = super().clean()
                rejecting = can_curate and cleaned.get("curation_status") == Curation.REJECTED
                if rejecting and not (cleaned.get("curation_note") or "").strip():
                    self.add_error(
                        "curation_note", _("A rejection needs a note for the centre manager.")
                    )
                return cleaned

        return CurationForm

    def save_model(self, request, obj, form, change):
        if self.can_curate(request) and {"curation_status", "curation_note"} & set(
            form.changed_data
        ):
            obj.curated_by = request.user
            obj.curated_at = timezone.now()
        elif obj.curation_status == Curation.REJECTED:
            # The manager has answered the rejection: back to the queue.
            obj.curation_status = Curation.DRAFT
        super().save_model(request, obj, form, change)

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


def picture_preview(field_file, width=320):
    """A thumbnail for admin pages, or a dash."""
    src, _srcset = thumbnails.srcset(field_file, (width,))
    if not src:
        return "-"
    return format_html('<img src="{}" alt="" width="{}" loading="lazy">', src, width // 2)
