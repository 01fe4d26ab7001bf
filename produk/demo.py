"""The demo dataset: the programme's published facts plus clearly fictional tenants.

Facts (with their sources in `source` fields and in sentra/data/balikpapan.json):
the Balikpapan Barat centre at about 40 % on 31 January 2025, the planned
centre at Wonorejo (Gunung Samarinda, Balikpapan Utara), a centre planned for
every kecamatan, and the city's existing centres at Somber and Teritip.

Fiction: every tenant and product, the opening hours, and the "Pujasera
Contoh Klandasan" food court. They are marked `DataSource.DEMO` and their
descriptions say so, so that nobody mistakes them for real businesses.

Loading is idempotent: rows are matched on their slugs (or natural keys)
and updated in place; running it twice leaves the same rows.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from produk.curation import Curation
from produk.models import Permit, Tenant
from sentra.models import (
    BudgetLine,
    DataSource,
    Kecamatan,
    Kelurahan,
    OpeningHours,
    ProgressUpdate,
    Sentra,
)
from sentra.wilayah import load_wilayah

from .demo_pictures import demo_picture
from .models import Category, Product

FICTIONAL = "Data contoh (fiktif) untuk demo portal."
FICTIONAL_EN = "Example (fictional) data for the portal demo."
NEWS_JAN_2025 = "BorneoFlash, 31 Jan 2025"

CATEGORIES = [
    # slug, Indonesian name, English name
    ("makanan", "Makanan", "Food"),
    ("minuman", "Minuman", "Drinks"),
    ("oleh-oleh", "Oleh-oleh", "Souvenir snacks"),
    ("kue-roti", "Kue & roti", "Cakes and bread"),
    ("kerajinan", "Kerajinan", "Crafts"),
    ("fashion-batik", "Fashion & batik", "Fashion and batik"),
]

WEEKDAYS = range(0, 5)

SENTRA = [
    {
        "slug": "sentra-umkm-balikpapan-barat",
        "name": "Sentra UMKM Balikpapan Barat",
        "kecamatan": "Balikpapan Barat",
        "kind": "market",
        "description": (
            "Sentra UMKM pertama dari program DPRD Kota Balikpapan (Komisi II): "
            "lapak tenan untuk produk unggulan lokal, sebagai destinasi kuliner dan belanja. "
            "Alamat rinci belum dipublikasikan."
        ),
        "progress": [
            (datetime.date(2025, 1, 31), 40, "Pembangunan sekitar 40 persen.", NEWS_JAN_2025)
        ],
        "budget": [
            ("apbd", "", "APBD Kota (terbatas)"),
            ("aspirasi", "", "Dana aspirasi DPRD Komisi II"),
            ("csr", "Mitra CSR (belum diumumkan)", "Dukungan CSR"),
        ],
    },
    {
        "slug": "sentra-umkm-wonorejo",
        "name": "Sentra UMKM Wonorejo",
        "kecamatan": "Balikpapan Utara",
        "kelurahan": "Gunung Samarinda",
        "address": "Wonorejo",
        "kind": "market",
        "description": "Sentra UMKM yang direncanakan di Wonorejo, Balikpapan Utara.",
        "source": NEWS_JAN_2025,
    },
    *[
        {
            "slug": f"sentra-umkm-balikpapan-{district.lower()}",
            "name": f"Sentra UMKM Balikpapan {district}",
            "kecamatan": f"Balikpapan {district}",
            "kind": "market",
            "description": (
                "Direncanakan dalam program sentra UMKM di setiap kecamatan (DPRD Komisi II); "
                "lokasi dan jadwal belum ditetapkan."
            ),
        }
        for district in ("Kota", "Selatan", "Tengah", "Timur")
    ],
    {
        "slug": "sentra-industri-kecil-somber",
        "name": "Sentra Industri Kecil Somber",
        "kecamatan": "Balikpapan Utara",
        "kelurahan": "Batu Ampar",
        "address": "Jl. Somber",
        "kind": "production",
        "latitude": Decimal("-1.226800"),
        "longitude": Decimal("116.850600"),
        "opened_on": datetime.date(1998, 1, 1),
        "stall_count": 20,
        "description": (
            "Sentra industri kecil tahu dan tempe yang beroperasi sejak 1998. "
            "Tenan dan jam buka di portal ini: " + FICTIONAL
        ),
        "hours": [(day, "07:00", "16:00") for day in range(0, 6)],
    },
    {
        "slug": "sentra-ikm-teritip",
        "name": "Sentra IKM Teritip",
        "kecamatan": "Balikpapan Timur",
        "kelurahan": "Teritip",
        "kind": "production",
        "latitude": Decimal("-1.166200"),
        "longitude": Decimal("117.043500"),
        "opened_on": datetime.date(2021, 1, 1),
        "stall_count": 48,
        "description": (
            "Sentra industri kecil dan menengah untuk olahan hasil laut dan tani; "
            "pada 2021 telah terbangun 24 dari 48 rumah produksi. "
            "Tenan dan jam buka di portal ini: " + FICTIONAL
        ),
        "description_en": (
            "A centre of small and medium industries that process seafood and farm produce; "
            "by 2021, 24 of its 48 production houses had been built. "
            "The tenants and opening hours on this portal are example (fictional) data "
            "for the portal demo."
        ),
        "hours": [*[(day, "08:00", "16:00") for day in WEEKDAYS], (5, "08:00", "12:00")],
    },
    {
        "slug": "pujasera-contoh-klandasan",
        "name": "Pujasera Contoh Klandasan",
        "kecamatan": "Balikpapan Kota",
        "kelurahan": "Klandasan Ilir",
        "address": "Tepi pantai Klandasan (alamat fiktif)",
        "kind": "food_court",
        "data_source": "demo",
        "latitude": Decimal("-1.276400"),
        "longitude": Decimal("116.823900"),
        "opened_on": datetime.date(2024, 6, 1),
        "stall_count": 12,
        "description": "Pusat jajanan malam di tepi pantai. " + FICTIONAL,
        "hours": [
            *[(day, "16:00", "23:00") for day in (0, 1, 2, 3, 6)],
            (4, "16:00", "01:00"),
            (5, "16:00", "01:00"),
            (6, "06:00", "10:00"),
        ],
    },
]

TENANTS = [
    # slug, name, sentra slug, stall, category, products
    # products: (name, category, price, price_max, unit, flagship, halal)
    (
        "tahu-tempe-sari-rasa",
        "Tahu Tempe Sari Rasa",
        "sentra-industri-kecil-somber",
        "A-01",
        "packaged",
        [
            ("Tahu putih Somber", "makanan", 6000, None, "per 10 potong", True, True),
            ("Tempe papan", "makanan", 5000, None, "per papan", False, True),
            ("Tahu goreng isi", "makanan", 2000, None, "per buah", False, True),
        ],
    ),
    (
        "keripik-tempe-dua-putri",
        "Keripik Tempe Dua Putri",
        "sentra-industri-kecil-somber",
        "A-02",
        "souvenirs",
        [
            ("Keripik tempe original", "oleh-oleh", 15000, 25000, "per bungkus", False, True),
            ("Keripik tempe balado", "oleh-oleh", 17000, None, "per bungkus 200 g", False, True),
        ],
    ),
    (
        "amplang-teritip-bahari",
        "Amplang Teritip Bahari",
        "sentra-ikm-teritip",
        "B-03",
        "souvenirs",
        [
            (
                "Amplang ikan tenggiri",
                "oleh-oleh",
                35000,
                65000,
                "per bungkus 250-500 g",
                True,
                True,
            ),
            ("Amplang udang", "oleh-oleh", 40000, None, "per bungkus 250 g", False, True),
            ("Kerupuk ikan pipih", "oleh-oleh", 25000, None, "per bungkus", False, True),
        ],
    ),
    (
        "abon-kepiting-pesisir",
        "Abon Kepiting Pesisir",
        "sentra-ikm-teritip",
        "B-07",
        "souvenirs",
        [
            ("Abon kepiting", "oleh-oleh", 55000, None, "per toples 100 g", True, True),
            ("Peyek kepiting", "oleh-oleh", 30000, None, "per toples", True, True),
            ("Abon ikan tongkol", "oleh-oleh", 35000, None, "per toples 100 g", False, True),
        ],
    ),
    (
        "sambal-naga-manggar",
        "Sambal Naga Manggar",
        "sentra-ikm-teritip",
        "B-11",
        "souvenirs",
        [
            ("Sambal buah naga", "oleh-oleh", 28000, None, "per botol 150 ml", True, True),
            ("Selai buah naga", "oleh-oleh", 25000, None, "per botol", False, True),
        ],
    ),
    (
        "kopi-bajakah-borneo",
        "Kopi Bajakah Borneo",
        "sentra-ikm-teritip",
        "B-12",
        "packaged",
        [
            ("Kopi robusta Balikpapan", "minuman", 45000, 85000, "per 250-500 g", False, True),
            ("Teh kayu bajakah", "minuman", 50000, None, "per kotak", False, True),
        ],
    ),
    (
        "kepiting-saus-klandasan",
        "Kepiting Saus Klandasan",
        "pujasera-contoh-klandasan",
        "K-01",
        "culinary",
        [
            (
                "Kepiting saus padang",
                "makanan",
                120000,
                250000,
                "per ekor, menurut ukuran",
                True,
                True,
            ),
            ("Kepiting lada hitam", "makanan", 125000, 250000, "per ekor", False, True),
            ("Nasi putih", "makanan", 6000, None, "per porsi", False, True),
        ],
    ),
    (
        "bingka-mama-ilir",
        "Bingka Mama Ilir",
        "pujasera-contoh-klandasan",
        "K-02",
        "culinary",
        [
            ("Bingka kentang", "kue-roti", 45000, None, "per loyang", True, True),
            ("Bolu gulung pandan", "kue-roti", 40000, None, "per gulung", False, True),
            ("Mantau", "kue-roti", 15000, None, "per 5 buah", False, True),
        ],
    ),
    (
        "es-kelapa-pantai",
        "Es Kelapa Pantai",
        "pujasera-contoh-klandasan",
        "K-03",
        "culinary",
        [
            ("Es kelapa muda", "minuman", 15000, None, "per gelas", False, True),
            ("Es teh serai", "minuman", 8000, None, "per gelas", False, True),
        ],
    ),
    (
        "nasi-kuning-subuh",
        "Nasi Kuning Subuh",
        "pujasera-contoh-klandasan",
        "K-04",
        "culinary",
        [
            ("Nasi kuning ikan haruan", "makanan", 25000, None, "per porsi", False, True),
            ("Nasi kuning telur", "makanan", 15000, None, "per porsi", False, True),
        ],
    ),
    (
        "batik-beruang-madu",
        "Batik Beruang Madu",
        "pujasera-contoh-klandasan",
        "K-05",
        "fashion",
        [
            (
                "Kain batik motif mangrove",
                "fashion-batik",
                250000,
                450000,
                "per 2 meter",
                True,
                False,
            ),
            (
                "Kemeja batik motif dugong",
                "fashion-batik",
                275000,
                None,
                "per potong",
                False,
                False,
            ),
        ],
    ),
    (
        "anyaman-manik-kalimantan",
        "Anyaman Manik Kalimantan",
        "pujasera-contoh-klandasan",
        "K-06",
        "crafts",
        [
            ("Tas anyaman rotan", "kerajinan", 150000, 300000, "per buah", False, False),
            ("Gantungan kunci manik", "kerajinan", 15000, None, "per buah", False, False),
        ],
    ),
]


# English descriptions of a few tenants and products (by slug), so that the demo shows
# both cases on English pages: an English description, and the Indonesian one marked as such.
TENANT_DESCRIPTIONS_EN = {
    "amplang-teritip-bahari": (
        "makes amplang, crunchy crackers of fish or shrimp, and other crackers"
    ),
    "abon-kepiting-pesisir": (
        "makes floss (abon) of crab and of tuna, and crisp crab crackers (peyek)"
    ),
}
PRODUCT_DESCRIPTIONS_EN = {
    "amplang-ikan-tenggiri-amplang-teritip-bahari": (
        "crunchy crackers of mackerel (tenggiri), a favourite souvenir from Balikpapan"
    ),
    "abon-kepiting-abon-kepiting-pesisir": (
        "crab meat shredded, spiced and fried dry, to sprinkle over rice"
    ),
}


def _sentra_defaults(entry, kecamatan_by_name, kelurahan_by_name):
    kecamatan = kecamatan_by_name[entry["kecamatan"]]
    return {
        "name": entry["name"],
        "kecamatan": kecamatan,
        "kelurahan": kelurahan_by_name.get(entry.get("kelurahan")),
        "address": entry.get("address", ""),
        "kind": entry["kind"],
        "data_source": entry.get("data_source", DataSource.DINAS),
        "description": entry.get("description", ""),
        "description_en": entry.get("description_en", ""),
        "latitude": entry.get("latitude"),
        "longitude": entry.get("longitude"),
        "opened_on": entry.get("opened_on"),
        "stall_count": entry.get("stall_count"),
    }


@transaction.atomic
def load_demo():
    """Load the demo dataset. Returns a dict of row counts by model name."""
    load_wilayah()
    kecamatan_by_name = {k.name: k for k in Kecamatan.objects.all()}
    kelurahan_by_name = {k.name: k for k in Kelurahan.objects.all()}

    categories = {}
    for position, (slug, name, name_en) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )

    sentra_by_slug = {}
    for entry in SENTRA:
        sentra, _ = Sentra.objects.update_or_create(
            slug=entry["slug"],
            defaults=_sentra_defaults(entry, kecamatan_by_name, kelurahan_by_name),
        )
        if entry.get("opened_on"):
            sentra.cover_photo = demo_picture(
                "sentra", sentra.slug, sentra.name, size=(960, 540), label=FICTIONAL
            )
            sentra.save(update_fields=["cover_photo"])
        for weekday, opens, closes in entry.get("hours", []):
            OpeningHours.objects.update_or_create(
                sentra=sentra, weekday=weekday, opens=opens, defaults={"closes": closes}
            )
        for source, partner, note in entry.get("budget", []):
            BudgetLine.objects.update_or_create(
                sentra=sentra, source=source, partner=partner, defaults={"note": note}
            )
        for recorded_on, percent, note, source in entry.get("progress", []):
            if not sentra.progress_updates.filter(
                recorded_on=recorded_on, physical_percent=percent, source=source
            ).exists():
                ProgressUpdate(
                    sentra=sentra,
                    recorded_on=recorded_on,
                    physical_percent=percent,
                    note=note,
                    source=source,
                ).save()
        sentra_by_slug[sentra.slug] = sentra

    for slug, name, sentra_slug, stall, category, products in TENANTS:
        sentra = sentra_by_slug[sentra_slug]
        tenant, _ = Tenant.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "sentra": sentra,
                "stall_number": stall,
                "category": category,
                # Fictional tenants get no WhatsApp number nor social account: any
                # number or handle could be a real person's.
                "whatsapp": "",
                "instagram": "",
                "owner_name": "Pemilik Contoh",
                "description": f"{name}: UMKM contoh di {sentra.name}. {FICTIONAL}",
                "description_en": (
                    f"{name}, an example small business at {sentra.name}, "
                    f"{TENANT_DESCRIPTIONS_EN[slug]}. {FICTIONAL_EN}"
                    if slug in TENANT_DESCRIPTIONS_EN
                    else ""
                ),
                "status": Tenant.Status.ACTIVE,
                "data_source": DataSource.DEMO,
                "curation_status": Curation.APPROVED,
                "photo": demo_picture("tenan", slug, name),
            },
        )
        # Numbers of the right shape (forms check it) from a range no real permit uses here.
        Permit.objects.update_or_create(
            tenant=tenant, kind=Permit.Kind.NIB, defaults={"number": f"99990000{tenant.pk:05d}"}
        )
        if any(halal for *_, halal in products):
            Permit.objects.update_or_create(
                tenant=tenant,
                kind=Permit.Kind.HALAL,
                defaults={
                    "number": f"ID9999{tenant.pk:010d}",
                    "valid_until": datetime.date(2029, 12, 31),
                },
            )
        for product_name, category_slug, price, price_max, unit, flagship, halal in products:
            product_slug = slugify(f"{product_name} {slug}")
            Product.objects.update_or_create(
                slug=product_slug,
                defaults={
                    "tenant": tenant,
                    "name": product_name,
                    "category": categories[category_slug],
                    "price": price,
                    "price_max": price_max,
                    "unit": unit,
                    "is_flagship": flagship,
                    "is_halal": halal,
                    "is_available": True,
                    "curation_status": Curation.APPROVED,
                    "description": f"{product_name} dari {name}. {FICTIONAL}",
                    "description_en": (
                        f"{product_name} from {name}: "
                        f"{PRODUCT_DESCRIPTIONS_EN[product_slug]}. {FICTIONAL_EN}"
                        if product_slug in PRODUCT_DESCRIPTIONS_EN
                        else ""
                    ),
                    "photo": demo_picture("produk", product_slug, product_name),
                },
            )

    return {
        "kecamatan": Kecamatan.objects.count(),
        "kelurahan": Kelurahan.objects.count(),
        "sentra": Sentra.objects.count(),
        "tenants": Tenant.objects.count(),
        "products": Product.objects.count(),
    }
