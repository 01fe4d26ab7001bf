"""The demo dataset: the programme's published facts plus clearly fictional tenants.

Facts (with their sources on the progress updates and in sentra/data/balikpapan.json):
the Balikpapan Barat centre at about 40 % on 31 January 2025, the planned
centre at Wonorejo (Gunung Samarinda, Balikpapan Utara), a centre planned for
every kecamatan, and the city's existing centres at Somber and Teritip. No plan,
milestone, contract or problem has been published for them, and none is made up:
their schedule flag is "no plan published".

Fiction: every tenant and product, the opening hours, the "Pujasera Contoh
Klandasan" food court, and three "Sentra Contoh" centres under construction whose
plans, progress, signboards, budgets and problems are made up so that the demo
shows the S-curve and every schedule flag. Their dates are counted from the day
the demo is loaded, so that they keep showing the flag they were made for. They
are marked `DataSource.DEMO` and their descriptions say so, so that nobody
mistakes them for real businesses or real public works.

Loading is idempotent: rows are matched on their slugs (or natural keys)
and updated in place; running it twice leaves the same rows.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from produk.curation import Curation
from produk.models import Event, EventParticipant, Permit, Tenant
from sentra.models import (
    BudgetLine,
    DataSource,
    Kecamatan,
    Kelurahan,
    Milestone,
    OpeningHours,
    PlannedProgress,
    Problem,
    ProgressUpdate,
    Sentra,
    SourceKind,
)
from sentra.wilayah import load_wilayah

from .demo_pictures import demo_picture
from .models import Category, Product

FICTIONAL = "Data contoh (fiktif) untuk demo portal."
FICTIONAL_EN = "Example (fictional) data for the portal demo."
# The news report behind the programme's facts (sentra/data/balikpapan.json). Its title
# and address are not in our records, so none is given.
NEWS_JAN_2025 = {
    "source_kind": SourceKind.REPORT,
    "source_publisher": "BorneoFlash",
    "source_date": datetime.date(2025, 1, 31),
}

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
        # No contract, plan or milestone has been published: none is made up here.
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
        # Planned, not started, as the news of 31 January 2025 reported it.
        "progress": [
            (
                datetime.date(2025, 1, 31),
                0,
                "Direncanakan di Wonorejo, Gunung Samarinda.",
                NEWS_JAN_2025,
            )
        ],
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
        # A finished project, start to opening (fictional): the S-curve of a done centre.
        "works": lambda today: fictional_works(
            start=datetime.date(2023, 6, 1),
            days=300,
            recorded=[(91, 15), (182, 48), (273, 88), (334, 100)],
            handover=340,
            opened=datetime.date(2024, 6, 1),
            signboard=("CV Pesisir Contoh (fiktif)", "027/PUJASERA-CONTOH/2023", 2_150_000_000),
            budget=[("apbd", "", 2023, 2_150_000_000, "Anggaran contoh (fiktif)")],
        ),
        "hours": [
            *[(day, "16:00", "23:00") for day in (0, 1, 2, 3, 6)],
            (4, "16:00", "01:00"),
            (5, "16:00", "01:00"),
            (6, "06:00", "10:00"),
        ],
    },
]

# Three fictional centres under construction, one for each flag that a project in
# progress can have. Their dates are counted back from the day the demo is loaded.
SENTRA += [
    {
        "slug": "sentra-contoh-gunung-bahagia",
        "name": "Sentra Contoh Gunung Bahagia",
        "kecamatan": "Balikpapan Selatan",
        "kelurahan": "Gunung Bahagia",
        "address": "Alamat fiktif",
        "kind": "market",
        "data_source": "demo",
        "description": "Sentra contoh yang sedang dibangun sesuai rencana. " + FICTIONAL,
        "works": lambda today: fictional_works(
            start=today - datetime.timedelta(days=150),
            days=270,
            recorded=[(30, 4), (60, 11), (90, 23), (120, 40), (145, 54)],
            signboard=("CV Bahagia Contoh (fiktif)", "011/SENTRA-CONTOH/2026", 4_750_000_000),
            budget=[
                ("apbd", "", None, 3_500_000_000, "Anggaran contoh (fiktif)"),
                ("csr", "PT Mitra Contoh (fiktif)", None, 1_250_000_000, ""),
            ],
            problems=[
                (
                    80,
                    "Hujan deras menghentikan pengecoran selama sepekan (contoh fiktif).",
                    (88, "Jadwal pengecoran digeser; tanggal selesai tidak berubah."),
                )
            ],
        ),
    },
    {
        "slug": "sentra-contoh-karang-rejo",
        "name": "Sentra Contoh Karang Rejo",
        "kecamatan": "Balikpapan Tengah",
        "kelurahan": "Karang Rejo",
        "address": "Alamat fiktif",
        "kind": "market",
        "data_source": "demo",
        "description": "Sentra contoh yang pembangunannya tertinggal dari rencana. " + FICTIONAL,
        "works": lambda today: fictional_works(
            start=today - datetime.timedelta(days=200),
            days=270,
            recorded=[(30, 4), (90, 20), (150, 38), (190, 52)],
            signboard=("CV Rejo Contoh (fiktif)", "014/SENTRA-CONTOH/2026", 3_900_000_000),
            budget=[
                ("apbd", "", None, None, "Anggaran contoh (fiktif)"),
                ("aspirasi", "", None, 900_000_000, "Dana aspirasi contoh (fiktif)"),
            ],
            problems=[
                (160, "Pengiriman rangka baja ringan terlambat dari pemasok (contoh fiktif).", None)
            ],
        ),
    },
    {
        "slug": "sentra-contoh-manggar",
        "name": "Sentra Contoh Manggar",
        "kecamatan": "Balikpapan Timur",
        "kelurahan": "Manggar",
        "address": "Alamat fiktif",
        "kind": "market",
        "data_source": "demo",
        "description": "Sentra contoh yang melewati tanggal rencana selesai. " + FICTIONAL,
        "works": lambda today: fictional_works(
            start=today - datetime.timedelta(days=400),
            days=370,
            recorded=[(60, 6), (150, 30), (240, 62), (320, 85)],
            signboard=("CV Manggar Contoh (fiktif)", "009/SENTRA-CONTOH/2025", 5_200_000_000),
            budget=[("apbd", "", None, 5_200_000_000, "Anggaran contoh (fiktif)")],
            problems=[
                (
                    355,
                    "Kontraktor meminta perpanjangan waktu karena perubahan desain atap "
                    "(contoh fiktif).",
                    None,
                )
            ],
        ),
    },
]

# The planned S-curve of a fictional contract: (share of its days, planned percent).
FICTIONAL_CURVE = [
    (0, 0),
    (1 / 9, 4),
    (2 / 9, 12),
    (3 / 9, 25),
    (4 / 9, 42),
    (5 / 9, 58),
    (6 / 9, 73),
    (7 / 9, 86),
    (8 / 9, 95),
    (1, 100),
]
FICTIONAL_SUPERVISOR = "Konsultan Pengawas Contoh (fiktif)"
FICTIONAL_OFFICE = "Staf Komisi II DPRD Kota Balikpapan"


def fictional_works(
    *, start, days, recorded, signboard, budget, problems=(), handover=None, opened=None
):
    """A fictional project: its signboard, plan, milestones, history, budget and problems.

    Dates are `start` plus a number of days. Every second update is a site visit of
    council staff, the others a supervisor's report, each dated as a real one would be.
    """

    def day(offset):
        return start + datetime.timedelta(days=offset)

    contractor, contract_number, contract_value = signboard
    history = []
    for index, (offset, percent) in enumerate(recorded):
        if index % 2:
            source = {
                "source_kind": SourceKind.SITE_VISIT,
                "source_visitor": FICTIONAL_OFFICE,
                "source_date": day(offset),
            }
        else:
            source = {
                "source_kind": SourceKind.DOCUMENT,
                "source_publisher": FICTIONAL_SUPERVISOR,
                "source_title": "Laporan mingguan konsultan pengawas (fiktif)",
                "source_date": day(offset),
            }
        note = f"Catatan contoh ke-{index + 1} (fiktif)."
        history.append((day(offset), percent, note, source))
    milestones = {
        Milestone.Kind.DESIGN: (day(-120), day(-110)),
        Milestone.Kind.TENDER: (day(-60), day(-50)),
        Milestone.Kind.CONSTRUCTION_START: (start, start),
        Milestone.Kind.HANDOVER: (day(days), day(handover) if handover else None),
        Milestone.Kind.OPENING: (day(days + 30), opened),
    }
    return {
        "signboard": {
            "contractor": contractor,
            "contract_number": contract_number,
            "contract_value": contract_value,
            "construction_start": start,
            "construction_planned_end": day(days),
            # The same dates as the milestones' planned ones (Milestone.clean checks it).
            "target_opening_date": day(days + 30),
        },
        "plan": [(day(round(share * days)), percent) for share, percent in FICTIONAL_CURVE],
        "milestones": milestones,
        "progress": history,
        "budget": budget,
        "problems": [
            (day(offset), text, (day(resolved[0]), resolved[1]) if resolved else None)
            for offset, text, resolved in problems
        ],
    }


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


# Fictional events, dated from the day the demo is loaded so that some are always to come
# and some over: (slug, title, kind, (first day, last day) from today, (opens, closes),
# place, description, English description or "", registration link or "", participants).
# The place is a fictional centre's slug, or an (address, district, point) of a made-up
# place. Participants: (tenant slug, or (tenant slug, product name)), role, prize.
FICTIONAL_EVENT_PLACE = (
    "Taman Contoh Klandasan (alamat fiktif)",
    "Balikpapan Kota",
    (Decimal("-1.277800"), Decimal("116.827500")),
)
FICTIONAL_ORGANISER = "Penyelenggara Contoh (fiktif)"
EVENTS = [
    (
        "pelatihan-foto-produk-contoh",
        "Pelatihan Foto Produk dengan Ponsel (contoh)",
        Event.Kind.WORKSHOP,
        (5, 5),
        ("09:00", "12:00"),
        "pujasera-contoh-klandasan",
        "Pelatihan memotret produk untuk katalog daring, dengan ponsel sendiri.",
        "A workshop on photographing products for online catalogues, with your own phone.",
        "https://example.org/daftar-pelatihan-contoh",
        [("bingka-mama-ilir", "participant", ""), ("es-kelapa-pantai", "participant", "")],
    ),
    (
        "festival-kuliner-malam-contoh",
        "Festival Kuliner Malam Klandasan (contoh)",
        Event.Kind.FESTIVAL,
        (12, 14),
        ("16:00", "23:00"),
        "pujasera-contoh-klandasan",
        "Tiga malam kuliner pesisir dengan musik akustik di pujasera.",
        "Three evenings of coastal food with acoustic music at the food court.",
        "",
        [
            ("kepiting-saus-klandasan", "participant", ""),
            ("nasi-kuning-subuh", "participant", ""),
            ("es-kelapa-pantai", "participant", ""),
        ],
    ),
    (
        "bazar-oleh-oleh-contoh",
        "Bazar Oleh-oleh Akhir Pekan (contoh)",
        Event.Kind.BAZAAR,
        (26, 27),
        ("09:00", "17:00"),
        FICTIONAL_EVENT_PLACE,
        "Amplang, abon, keripik dan sambal dari sentra-sentra UMKM dalam satu tempat.",
        "",
        "",
        [
            ("amplang-teritip-bahari", "participant", ""),
            ("abon-kepiting-pesisir", "participant", ""),
            ("keripik-tempe-dua-putri", "participant", ""),
            ("sambal-naga-manggar", "participant", ""),
        ],
    ),
    (
        "lomba-kreasi-kue-contoh",
        "Lomba Kreasi Kue Tradisional (contoh)",
        Event.Kind.COMPETITION,
        (-30, -30),
        ("08:00", "15:00"),
        "pujasera-contoh-klandasan",
        "Lomba kue tradisional Kalimantan; juri menilai rasa, tampilan dan kemasan.",
        "A competition of Kalimantan's traditional cakes, judged on taste, look and packaging.",
        "",
        [
            (("bingka-mama-ilir", "Bingka kentang"), "winner", "Juara 1"),
            (("bingka-mama-ilir", "Bolu gulung pandan"), "winner", "Favorit"),
            ("nasi-kuning-subuh", "participant", ""),
        ],
    ),
    (
        "pameran-batik-kerajinan-contoh",
        "Pameran Batik dan Kerajinan (contoh)",
        Event.Kind.EXHIBITION,
        (-62, -60),
        ("10:00", "21:00"),
        FICTIONAL_EVENT_PLACE,
        "Batik motif pesisir dan anyaman manik dari perajin Balikpapan.",
        "",
        "",
        [
            ("batik-beruang-madu", "winner", "Stan terbaik"),
            ("anyaman-manik-kalimantan", "participant", ""),
        ],
    ),
]


def _event_place(place, sentra_by_slug, kecamatan_by_name):
    if isinstance(place, str):
        return {"sentra": sentra_by_slug[place], "address": "", "kecamatan": None}
    address, district, (latitude, longitude) = place
    return {
        "sentra": None,
        "address": address,
        "kecamatan": kecamatan_by_name[district],
        "latitude": latitude,
        "longitude": longitude,
    }


def _load_events(today, sentra_by_slug, kecamatan_by_name):
    """The fictional events, matched on their slugs; their dates move with `today`."""
    for entry in EVENTS:
        slug, title, kind, (first, last), (opens, closes), place, text, text_en = entry[:8]
        registration_url, participants = entry[8:]

        def moment(offset, time):
            day = today + datetime.timedelta(days=offset)
            return timezone.make_aware(
                datetime.datetime.combine(day, datetime.time.fromisoformat(time))
            )

        event, _ = Event.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "starts_at": moment(first, opens),
                "ends_at": moment(last, closes),
                # The demo's events of several days keep the same hours each day.
                "daily": first != last,
                "latitude": None,
                "longitude": None,
                **_event_place(place, sentra_by_slug, kecamatan_by_name),
                "organiser": FICTIONAL_ORGANISER,
                "description": f"{text} {FICTIONAL}",
                "description_en": f"{text_en} {FICTIONAL_EN}" if text_en else "",
                "registration_url": registration_url,
                "data_source": DataSource.DEMO,
                "poster": demo_picture("acara", slug, title, size=(960, 540), label=FICTIONAL),
            },
        )
        for listing, role, prize in participants:
            if isinstance(listing, tuple):
                tenant_slug, product_name = listing
                where = {
                    "product": Product.objects.get(tenant__slug=tenant_slug, name=product_name)
                }
            else:
                where = {"tenant": Tenant.objects.get(slug=listing)}
            EventParticipant.objects.update_or_create(
                event=event, **where, defaults={"role": role, "prize": prize}
            )


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


def _load_fictional_works(sentra, works):
    """A fictional project's rows, matched on natural keys and updated in place.

    The dates move with the day the demo is loaded: the planned curve is replaced,
    history entries are matched on their note, the rest on their kind or text.
    """
    Sentra.objects.filter(pk=sentra.pk).update(**works["signboard"])
    plan = dict(works["plan"])
    sentra.planned_progress.exclude(planned_on__in=plan).delete()
    for planned_on, percent in plan.items():
        PlannedProgress.objects.update_or_create(
            sentra=sentra, planned_on=planned_on, defaults={"planned_percent": percent}
        )
    for kind, (planned_on, achieved_on) in works["milestones"].items():
        Milestone.objects.update_or_create(
            sentra=sentra,
            kind=kind,
            defaults={"planned_on": planned_on, "achieved_on": achieved_on},
        )
    for recorded_on, percent, note, source in works["progress"]:
        ProgressUpdate.objects.update_or_create(
            sentra=sentra,
            note=note,
            defaults={
                "recorded_on": recorded_on,
                "physical_percent": percent,
                "recorded_by_office": FICTIONAL_OFFICE,
                **source,
            },
        )
    for source, partner, fiscal_year, amount, note in works["budget"]:
        BudgetLine.objects.update_or_create(
            sentra=sentra,
            source=source,
            partner=partner,
            defaults={"fiscal_year": fiscal_year, "amount": amount, "note": note},
        )
    for reported_on, description, resolved in works["problems"]:
        resolved_on, resolution = resolved or (None, "")
        Problem.objects.update_or_create(
            sentra=sentra,
            description=description,
            defaults={
                "reported_on": reported_on,
                "status": Problem.Status.RESOLVED if resolved else Problem.Status.OPEN,
                "resolved_on": resolved_on,
                "resolution": resolution,
            },
        )
    sentra.refresh_progress()


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
                recorded_on=recorded_on, physical_percent=percent, **source
            ).exists():
                ProgressUpdate(
                    sentra=sentra,
                    recorded_on=recorded_on,
                    physical_percent=percent,
                    note=note,
                    **source,
                ).save()
        if "works" in entry:
            _load_fictional_works(sentra, entry["works"](timezone.localdate()))
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

    _load_events(timezone.localdate(), sentra_by_slug, kecamatan_by_name)

    return {
        "kecamatan": Kecamatan.objects.count(),
        "kelurahan": Kelurahan.objects.count(),
        "sentra": Sentra.objects.count(),
        "tenants": Tenant.objects.count(),
        "products": Product.objects.count(),
        "events": Event.objects.count(),
    }
