"""manage.py restore FILE: a backup into an empty, migrated database and storage."""

from django.core.management.base import BaseCommand, CommandError

from balikpapan_umkm.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into an empty database (run `migrate` "
        "first) and an empty media storage. Checks everything before writing, and verifies "
        "row counts and file checksums afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .tar.gz archive made by `manage.py backup`.")

    def handle(self, *args, file, **options):
        try:
            manifest = restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {sum(manifest['rows'].values())} rows and {len(manifest['files'])} files "
            f"from {file} (backed up {manifest['created']})."
        )
