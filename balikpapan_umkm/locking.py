"""Optimistic locking: a save based on an outdated copy is refused, not silently applied.

Each versioned row carries a counter. A form remembers the version it was
opened at; saving bumps the counter only if it still has that value, in
the same transaction as the save. If someone else saved in between, no row
matches and StaleObjectError is raised: the later editor sees a conflict
message instead of overwriting the earlier one's work.
"""

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleObjectError(Exception):
    """The row changed since this copy was read."""


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Counts saves; guards against lost updates.")
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            bumped = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not bumped:
                raise StaleObjectError(f"{self._meta.label} {self.pk} changed since it was read")
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
            return super().save(*args, **kwargs)
