"""How the public pages name whoever recorded a figure: the role and office, never the person.

Stored with each progress update when it is recorded (ProgressUpdate.recorded_by_office),
so that a later change of someone's groups rewrites no history. Keyed by the back
office's group names, which produk.roles creates (a test checks that the names agree).
"""

PUBLIC_TITLES = {
    "Staf DPRD": "Staf Komisi II DPRD Kota Balikpapan",
    "Kurator": "Kurator Portal Sentra UMKM",
    "Pengelola Sentra": "Pengelola Sentra",
}
ADMINISTRATOR_TITLE = "Administrator Portal Sentra UMKM"


def public_title(user):
    """The role and office of `user` as the public may read them (one query), or ""."""
    groups = set(user.groups.values_list("name", flat=True))
    for group, title in PUBLIC_TITLES.items():
        if group in groups:
            return title
    return ADMINISTRATOR_TITLE if user.is_superuser else ""
