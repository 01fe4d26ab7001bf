"""Curation: tenants and products are public only once a Kurator of the UMKM office approves them.

A listing starts as a draft. A Kurator approves it (public), rejects it with
a note the centre manager reads, or unpublishes it later. Curation writes
only its own columns, so it never collides with a manager's edit of the
listing (see balikpapan_umkm.locking).

Once a listing is public, what visitors see of it (REVIEWED_FIELDS: name,
description, photo, prices, contacts and links) changes only with a
curator's approval. A centre manager's edit of those fields is kept as a
proposal in `pending_changes`; the row, and so every public page, keeps
the approved values until a curator publishes the proposal (approve) or
declines it with a note.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balikpapan_umkm.page_cache import forget_all_pages_after_commit


class Curation(models.TextChoices):
    DRAFT = "draft", _("Draft, awaiting review")
    APPROVED = "approved", _("Approved (public)")
    REJECTED = "rejected", _("Rejected")
    UNPUBLISHED = "unpublished", _("Unpublished")


class CuratedModel(models.Model):
    # No index of its own: nearly every listing is approved, and SQLite, which keeps no
    # statistics, would start every query of public listings from such an index. The
    # listings' composite and partial indexes serve the queries that filter on it.
    curation_status = models.CharField(
        _("curation"), max_length=12, choices=Curation, default=Curation.DRAFT
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
    # A centre manager's edit of a public listing, waiting for a curator: {field: value}.
    pending_changes = models.JSONField(
        _("changes awaiting review"), default=dict, blank=True, editable=False
    )
    changes_proposed_at = models.DateTimeField(
        _("changes proposed at"), null=True, blank=True, editable=False
    )
    changes_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("changes proposed by"),
    )

    # What the public sees of a listing; changes to these need a curator once it is public.
    REVIEWED_FIELDS = ()

    class Meta:
        abstract = True
        # Listings' Meta classes extend this one, so every curated table holds the rule.
        constraints = [
            models.CheckConstraint(
                condition=models.Q(curation_status__in=Curation.values),
                name="%(app_label)s_%(class)s_curation_valid",
            )
        ]

    def save(self, *args, **kwargs):
        proposer = getattr(self, "_hold_changes_by", None)
        if proposer is not None:
            del self._hold_changes_by
            self._hold_reviewed_changes(proposer)
        super().save(*args, **kwargs)

    @property
    def has_pending_changes(self):
        return bool(self.pending_changes)

    # Proposals ------------------------------------------------------------

    def hold_changes_for_review(self, *, by):
        """On the next save, keep edits of a public listing's REVIEWED_FIELDS as a proposal.

        For people who may not publish (centre managers). A listing that is
        not public takes the edits at once, and any older proposal is dropped
        (its values were shown in the form the editor just saved).
        """
        self._hold_changes_by = by

    def show_pending_changes(self):
        """Put the proposed values on this copy, so that an editor continues from them."""
        for name, value in self.pending_changes.items():
            setattr(self, self._meta.get_field(name).attname, value)

    def reviewed_changes(self):
        """[(field, public value, proposed value)] of the pending proposal, for curators."""
        public = self._stored_values(self.pending_changes)
        return [
            (self._meta.get_field(name), public[name], value)
            for name, value in self.pending_changes.items()
        ]

    def _reviewed_value(self, name):
        field = self._meta.get_field(name)
        if isinstance(field, models.FileField):
            file = getattr(self, field.attname)
            if file and not file._committed:
                file = field.pre_save(self, False)  # store the upload; the name is the proposal
            return file.name if file else ""
        return getattr(self, field.attname)

    def _stored_values(self, names):
        fields = [self._meta.get_field(name) for name in names]
        row = type(self)._base_manager.filter(pk=self.pk).values(*[f.attname for f in fields])
        stored = row[0] if row else {}
        return {f.name: stored.get(f.attname) for f in fields}

    def _hold_reviewed_changes(self, proposer):
        if self._state.adding:
            return
        public = self._stored_values(self.REVIEWED_FIELDS)
        stored_status = (
            type(self)._base_manager.filter(pk=self.pk).values_list("curation_status", flat=True)
        ).first()
        proposal = {}
        if stored_status == Curation.APPROVED:
            for name in self.REVIEWED_FIELDS:
                value = self._reviewed_value(name)
                if value != public[name]:
                    proposal[name] = value
                    setattr(self, self._meta.get_field(name).attname, public[name])
        self.pending_changes = proposal
        self.changes_proposed_at = timezone.now() if proposal else None
        self.changes_proposed_by = proposer if proposal else None

    # Curation -------------------------------------------------------------

    def _curate(self, status, *, by, note="", publish_changes=False):
        values = {
            "curation_status": status,
            "curation_note": note,
            "curated_by": by,
            "curated_at": timezone.now(),
        }
        proposal = {}
        with transaction.atomic():
            row = type(self)._base_manager.filter(pk=self.pk)
            if publish_changes:
                proposal = row.values_list("pending_changes", flat=True).first() or {}
                for name, value in proposal.items():
                    values[self._meta.get_field(name).attname] = value
                values.update(
                    pending_changes={}, changes_proposed_at=None, changes_proposed_by=None
                )
                if proposal and hasattr(self, "version"):
                    # The content changed: an editor's copy opened before this is now stale.
                    row.update(version=F("version") + 1)
                    self.refresh_from_db(fields=["version"])
            row.update(**values)
            forget_all_pages_after_commit()  # a queryset update sends no signal
            for attname, value in values.items():
                setattr(self, attname, value)
            if proposal:
                self.content_published()

    def content_published(self):
        """Called when this listing's public content changed: update what derives from it."""

    def approve(self, *, by):
        """Publish the listing, with the changes proposed since it was last approved."""
        self._curate(Curation.APPROVED, by=by, publish_changes=True)

    def reject(self, *, by, note):
        self._curate(Curation.REJECTED, by=by, note=require_note(note))

    def unpublish(self, *, by, note=""):
        self._curate(Curation.UNPUBLISHED, by=by, note=note.strip())

    def decline_changes(self, *, by, note):
        """Keep the approved version public and drop the proposal; the note says why."""
        values = {
            "pending_changes": {},
            "changes_proposed_at": None,
            "changes_proposed_by": None,
            "curation_note": require_note(note),
            "curated_by": by,
            "curated_at": timezone.now(),
        }
        type(self)._base_manager.filter(pk=self.pk).update(**values)
        for field, value in values.items():
            setattr(self, field, value)


def require_note(note):
    """The one rule: a rejection (of a listing or of proposed changes) carries a note.

    Returns the note stripped; the model methods and the admin form both ask here.
    """
    if not (note or "").strip():
        raise ValidationError(REJECTION_NEEDS_NOTE, code="note_required")
    return note.strip()


REJECTION_NEEDS_NOTE = _("A rejection needs a note for the centre manager.")
