"""Curation: tenants and products are public only once a Kurator of the UMKM office approves them.

A listing starts as a draft. A Kurator approves it (public), rejects it with
a note the centre manager reads, or unpublishes it later. Curation writes
only its own columns, so it never collides with a manager's edit of the
listing (see balikpapan_umkm.locking).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Curation(models.TextChoices):
    DRAFT = "draft", _("Draft, awaiting review")
    APPROVED = "approved", _("Approved (public)")
    REJECTED = "rejected", _("Rejected")
    UNPUBLISHED = "unpublished", _("Unpublished")


class CuratedModel(models.Model):
    curation_status = models.CharField(
        _("curation"), max_length=12, choices=Curation, default=Curation.DRAFT, db_index=True
    )
    curation_note = models.TextField(
        _("curator's note"), blank=True, help_text=_("Why it was rejected or unpublished.")
    )
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("curated by"),
    )
    curated_at = models.DateTimeField(_("curated at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.curation_status == Curation.APPROVED

    def _curate(self, status, *, by, note=""):
        values = {
            "curation_status": status,
            "curation_note": note,
            "curated_by": by,
            "curated_at": timezone.now(),
        }
        type(self)._base_manager.filter(pk=self.pk).update(**values)
        for field, value in values.items():
            setattr(self, field, value)

    def approve(self, *, by):
        self._curate(Curation.APPROVED, by=by)

    def reject(self, *, by, note):
        if not note.strip():
            raise ValidationError(_("A rejection needs a note for the centre manager."))
        self._curate(Curation.REJECTED, by=by, note=note.strip())

    def unpublish(self, *, by, note=""):
        self._curate(Curation.UNPUBLISHED, by=by, note=note.strip())
