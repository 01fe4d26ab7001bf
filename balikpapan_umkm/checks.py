"""The portal's own deployment checks, run by `manage.py check --deploy` (and `make test`).

Printed things cannot be corrected once they are out: the QR codes of stall cards and
public works signboards, and the address on share cards, are made from SITE_URL. A
deployment that forgot it would print codes that open the server's own loopback.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


@register(Tags.security, deploy=True)
def site_url_is_public_and_secure(app_configs, **kwargs):
    address = urlsplit(settings.SITE_URL)
    problems = []
    if address.scheme != "https" or (address.hostname or "") in LOOPBACK_HOSTS:
        problems.append(
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: QR codes, share cards and open data "
                "would name that address.",
                hint="Set SITE_URL to the portal's public https address, such as "
                "https://sentra.example.id.",
                id="balikpapan_umkm.W001",
            )
        )
    return problems
