import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from balikpapan_umkm.page_cache import forget_all_pages
from produk import synthetic
from produk.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo dataset (the six kecamatan, the programme's centres, fictional tenants "
        "and products). Safe to run again. With --scale N, also generate N synthetic products "
        "for load tests; --scale 0 removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            metavar="PRODUCTS",
            help="Also generate this many synthetic products (1 centre per 500, 1 tenant per 10).",
        )

    def handle(self, *args, scale=None, **options):
        if not settings.DEMO_SITE:
            raise CommandError(
                "This site is not marked as a demonstration (DEMO_SITE=true), so no fictional "
                "data is loaded into it. `make run` sets DEMO_SITE for the local demo."
            )
        started = time.monotonic()
        counts = load_demo()
        self.stdout.write("Demo data: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
        if scale is not None:
            if scale < 0:
                raise CommandError("--scale must be 0 or more.")
            if scale == 0:
                synthetic.remove()
                self.stdout.write("Synthetic data removed.")
            else:
                made = synthetic.generate(products=scale)
                self.stdout.write(
                    "Synthetic data: " + ", ".join(f"{n} {name}" for name, n in made.items())
                )
        forget_all_pages()  # synthetic rows are bulk-inserted: no signal tells the page cache
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
