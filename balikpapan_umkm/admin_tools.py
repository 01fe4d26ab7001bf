"""Pieces the back office's ModelAdmins share: centre scoping, lost-update protection, previews.

Each is a small mixin on ModelAdmin; the apps' admin.py files combine them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm import thumbnails
from balikpapan_umkm.locking import StaleObjectError
from sentra.models import works_on_every_centre


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
        if works_on_every_centre(request.user):
            return queryset
        managers = f"{self.centre_path}__managers" if self.centre_path else "managers"
        return queryset.filter(**{managers: request.user}).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        manager = db_field.related_model._default_manager
        if not works_on_every_centre(request.user) and hasattr(manager, "managed_by"):
            kwargs["queryset"] = manager.managed_by(request.user)
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
