from django.core.management.base import BaseCommand

from sentra.wilayah import load_wilayah


class Command(BaseCommand):
    help = "Load or update Balikpapan's kecamatan and kelurahan from sentra/data/balikpapan.json."

    def handle(self, *args, **options):
        kecamatan, kelurahan = load_wilayah()
        self.stdout.write(f"{kecamatan} kecamatan, {kelurahan} kelurahan loaded.")
