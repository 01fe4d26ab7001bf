"""manage.py backup [FILE]: every row and every uploaded file in one .tar.gz (see backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from balikpapan_umkm.backups import backup


class Command(BaseCommand):
    help = (
        "Back up the database rows and the uploaded files (local folder or S3 bucket) into one "
        ".tar.gz archive that `manage.py restore` reads."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            help="Where to write the archive (default: sentra-backup-<date>-<time>.tar.gz here).",
        )

    def handle(self, *args, file, **options):
        path = Path(file or f"sentra-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        manifest = backup(path)
        self.stdout.write(
            f"Backed up {sum(manifest['rows'].values())} rows and {len(manifest['files'])} files "
            f"to {path} ({path.stat().st_size / 1e6:.1f} MB)."
        )
