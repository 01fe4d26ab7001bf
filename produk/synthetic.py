"""A large synthetic dataset for load tests and query budgets.

`generate(products=30000)` makes about one centre per 500 products and one
tenant per 10, spread over the six kecamatan, with bulk inserts (tens of
seconds at most). Everything it makes has a slug starting with "sintetis-",
and generating again first removes the previous synthetic rows, so the
result is the same whatever ran before. Demo rows are never touched.
"""

import datetime
import random

from django.db import connection, transaction

from produk.curation import Curation
from produk.models import Tenant
from sentra.models import DataSource, Kecamatan, OpeningHours, ProgressUpdate, Sentra

from .models import Category, Product

PREFIX = "sintetis-"
BATCH = 2000

_DISHES = ["Amplang", "Abon", "Keripik", "Kue", "Sambal", "Kopi", "Teh", "Bingka", "Batik", "Tas"]
_KINDS = [
    "tenggiri",
    "kepiting",
    "udang",
    "pisang",
    "nanas",
    "pandan",
    "manggar",
    "rotan",
    "mangrove",
]
_SIZES = ["mini", "reguler", "jumbo", "keluarga", "hadiah"]


def remove():
    """Delete every synthetic row (products, tenants, hours, centres)."""
    Product.objects.filter(slug__startswith=PREFIX).delete()
    Tenant.objects.filter(slug__startswith=PREFIX).delete()
    OpeningHours.objects.filter(sentra__slug__startswith=PREFIX).delete()
    ProgressUpdate.objects.filter(sentra__slug__startswith=PREFIX).delete()
    Sentra.objects.filter(slug__startswith=PREFIX).delete()


def _analyze(*models):
    """Give PostgreSQL statistics for the rows just inserted, as autovacuum would minutes later.

    Without them it plans lookups in these tables as if they still held the few rows
    they had, its own foreign-key checks among them: at the end of a test that
    generated 10,000 products, checking their keys took 2.3 s instead of 0.1 s.
    """
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


@transaction.atomic
def generate(products=30000, *, seed=2025):
    """Replace the synthetic rows with `products` products. Returns counts by model."""
    remove()
    rng = random.Random(seed)
    kecamatan = list(Kecamatan.objects.order_by("code"))
    categories = list(Category.objects.order_by("position"))
    if not kecamatan or not categories:
        raise ValueError("Load the kecamatan and categories first (manage.py load_demo).")

    sentra_count = max(1, round(products / 500))
    tenant_count = max(1, round(products / 10))

    sentra_rows, progress_of = [], {}
    for i in range(sentra_count):
        district = kecamatan[i % len(kecamatan)]
        slug = f"{PREFIX}sentra-{i + 1:03d}"
        progress_of[slug] = rng.choice([0, 15, 40, 70, 100, 100, 100])
        sentra_rows.append(
            Sentra(
                name=f"Sentra Sintetis {i + 1:03d} {district.name}",
                slug=slug,
                kecamatan=district,
                kind=Sentra.Kind.MARKET,
                data_source=DataSource.DEMO,
                address=f"Alamat sintetis {i + 1}",
                latitude=district.latitude,
                longitude=district.longitude,
                opened_on=datetime.date(2024, 1, 1) if progress_of[slug] == 100 else None,
                stall_count=60,
                description="Data sintetis untuk uji beban.",
            )
        )
    Sentra.objects.bulk_create(sentra_rows, batch_size=BATCH)
    synthetic_centres = Sentra.objects.filter(slug__startswith=PREFIX)
    sentra_rows = list(synthetic_centres.order_by("slug"))

    # Progress is built as everywhere else: history first, then its one writer.
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                sentra=s,
                recorded_on=datetime.date(2024, 1, 1),
                physical_percent=progress_of[s.slug],
                note="Data sintetis.",
            )
            for s in sentra_rows
            if progress_of[s.slug] > 0
        ],
        batch_size=BATCH,
    )
    synthetic_centres.refresh_progress()

    OpeningHours.objects.bulk_create(
        [
            OpeningHours(sentra=s, weekday=day, opens="09:00", closes="22:00")
            for s in sentra_rows
            for day in range(7)
        ],
        batch_size=BATCH,
    )

    categories_of_tenant = list(Tenant.Category.values)
    tenant_rows = [
        Tenant(
            name=f"UMKM Sintetis {i + 1:05d}",
            slug=f"{PREFIX}tenan-{i + 1:05d}",
            sentra=sentra_rows[i % len(sentra_rows)],
            stall_number=f"S-{i // len(sentra_rows) + 1:03d}",
            category=categories_of_tenant[i % len(categories_of_tenant)],
            data_source=DataSource.DEMO,
            curation_status=Curation.APPROVED,
        )
        for i in range(tenant_count)
    ]
    Tenant.objects.bulk_create(tenant_rows, batch_size=BATCH)
    tenant_rows = list(Tenant.objects.filter(slug__startswith=PREFIX).order_by("slug"))

    created = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    product_rows = []
    for i in range(products):
        price = rng.randrange(2, 500) * 1000
        product_rows.append(
            Product(
                tenant=tenant_rows[i % len(tenant_rows)],
                name=f"{rng.choice(_DISHES)} {rng.choice(_KINDS)} {rng.choice(_SIZES)} {i + 1}",
                slug=f"{PREFIX}produk-{i + 1:06d}",
                category=categories[i % len(categories)],
                description="Produk sintetis untuk uji beban.",
                price=price,
                price_max=price * 2 if i % 7 == 0 else None,
                is_flagship=i % 97 == 0,
                is_halal=i % 3 != 0,
                is_available=i % 50 != 0,
                created_at=created + datetime.timedelta(minutes=i),
                curation_status=Curation.APPROVED,
            )
        )
        if len(product_rows) == BATCH:
            Product.objects.bulk_create(product_rows)
            product_rows = []
    Product.objects.bulk_create(product_rows)
    _analyze(Sentra, ProgressUpdate, OpeningHours, Tenant, Product)
    return {"sentra": sentra_count, "tenants": tenant_count, "products": products}
