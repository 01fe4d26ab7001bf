"""The visitor's IP address, the same way for login lockouts and report rate limits.

Why not django-ipware: behind proxies it must be told the proxy count too,
and then it returns what this function returns (the entry the nearest trusted
proxy appended); its header guessing without that would be the wrong default
here. A dozen lines we can read beat a dependency for this.
"""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the nearest one saw.

    That address is taken from the right of X-Forwarded-For, the part a
    visitor cannot forge.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
