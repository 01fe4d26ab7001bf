"""Create, or print, the administrator login for a developer's own machine."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".local-admin"


class Command(BaseCommand):
    help = (
        "Local development only (DEBUG on): make sure an 'admin' superuser exists and print its "
        "login. The password is generated once and kept in .local-admin (not committed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a known login with DEBUG off.")
        password = None
        if CREDENTIALS_FILE.exists():
            stored_user, _, password = CREDENTIALS_FILE.read_text().strip().partition(":")
            if stored_user != username:
                password = None
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None or not password or not user.check_password(password):
            password = password or secrets.token_urlsafe(12)
            user = user or User(username=username, email=f"{username}@localhost")
            user.is_staff = user.is_superuser = user.is_active = True
            user.set_password(password)
            user.save()
            CREDENTIALS_FILE.write_text(f"{username}:{password}\n")
            CREDENTIALS_FILE.chmod(0o600)
        self.stdout.write(f"Admin login for this machine: {username} / {password}  (/admin/)")
