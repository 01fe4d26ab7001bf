"""When the public data last changed: the "last updated" date in every page's footer.

The moment is the latest of:
- a centre's last save (its facts, status, hours and budget are edited with it);
- a progress report's recording;
- a public listing's last save or curation: an approved tenant, or an approved
  product of an approved tenant, saved or approved (publishing a proposal is an
  update of the row, not a save, so `curated_at` covers it), and a listing's
  unpublishing (it disappeared from the pages).

It may run a little ahead of what visitors see: a centre manager's edit of a public
listing is saved as a proposal (the row's `updated_at` moves) before a curator
publishes it. Deletions leave no trace, so they do not move it.

It costs one query, made once per page cache generation (`remembered`): the
generation moves on after every committed change of shown data, so the date is
computed again exactly when it may have changed. With the page cache off (tests),
every page that shows the footer makes that query.
"""

from django.db.models import F, Func, Max, Subquery

from balikpapan_umkm.page_cache import remembered
from produk.curation import Curation
from produk.models import Product, Tenant
from sentra.models import ProgressUpdate, Sentra


def last_public_change():
    """The latest moment the public data changed (an aware datetime), or None on an empty site."""
    return remembered("site:last-public-change", _latest_change)


def _newest(queryset, field):
    """A subquery: the greatest `field` among `queryset`'s rows (NULL when there are none)."""
    return Subquery(queryset.order_by().values(newest=Func(F(field), function="MAX")))


def _latest_change():
    shown_or_taken_down = [Curation.APPROVED, Curation.UNPUBLISHED]
    # One query: the centres' own newest save, and the newest moment of each other kind,
    # each a subquery evaluated once. Every listing and report belongs to a centre, so
    # a site without centres has nothing to date (the aggregate is then empty: None).
    found = Sentra.objects.aggregate(
        centres=Max("updated_at"),
        progress=Max(_newest(ProgressUpdate.objects.all(), "created_at")),
        tenants_saved=Max(_newest(Tenant.objects.public(), "updated_at")),
        tenants_curated=Max(
            _newest(Tenant.objects.filter(curation_status__in=shown_or_taken_down), "curated_at")
        ),
        products_saved=Max(_newest(Product.objects.findable(), "updated_at")),
        products_curated=Max(
            _newest(Product.objects.filter(curation_status__in=shown_or_taken_down), "curated_at")
        ),
    )
    return max((moment for moment in found.values() if moment is not None), default=None)
