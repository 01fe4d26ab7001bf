"""The back office's roles, as Django groups with their permissions.

Kept as data here so that the migration that creates the groups and the
tests that check them read the same list. Centre managers are further
limited to the centres they manage (Sentra.managers), in the admin's
querysets; Staf DPRD and Kurator work across all centres.
"""

STAF_DPRD = "Staf DPRD"
KURATOR = "Kurator"
PENGELOLA_SENTRA = "Pengelola Sentra"

# Events (acara) at the centres and elsewhere, with who took part or won: kept by council
# staff and curators alike; centre managers do not keep them.
EVENTS = [
    "produk.view_event",
    "produk.add_event",
    "produk.change_event",
    "produk.delete_event",
    "produk.view_eventparticipant",
    "produk.add_eventparticipant",
    "produk.change_eventparticipant",
    "produk.delete_eventparticipant",
]

# group name: ["app_label.codename", ...]
ROLE_PERMISSIONS = {
    STAF_DPRD: [
        "sentra.access_all_centres",
        "sentra.view_kecamatan",
        "sentra.view_kelurahan",
        "sentra.view_sentra",
        "sentra.change_sentra",
        "sentra.view_progressupdate",
        "sentra.add_progressupdate",
        "sentra.view_openinghours",
        "sentra.add_openinghours",
        "sentra.change_openinghours",
        "sentra.delete_openinghours",
        "sentra.view_budgetline",
        "sentra.add_budgetline",
        "sentra.change_budgetline",
        # The plan (curve and milestones) may be revised as contracts are; problems are
        # resolved, never deleted.
        "sentra.view_plannedprogress",
        "sentra.add_plannedprogress",
        "sentra.change_plannedprogress",
        "sentra.delete_plannedprogress",
        "sentra.view_milestone",
        "sentra.add_milestone",
        "sentra.change_milestone",
        "sentra.delete_milestone",
        "sentra.view_problem",
        "sentra.add_problem",
        "sentra.change_problem",
        "produk.view_tenant",
        "produk.view_product",
        "produk.view_gloss",
        *EVENTS,
    ],
    KURATOR: [
        "sentra.access_all_centres",
        "sentra.view_kecamatan",
        "sentra.view_sentra",
        "produk.view_tenant",
        "produk.change_tenant",
        "produk.curate_tenant",
        "produk.import_tenant",
        "produk.export_tenant",
        "produk.view_permit",
        "produk.add_permit",
        "produk.change_permit",
        "produk.view_category",
        "produk.view_product",
        "produk.change_product",
        "produk.curate_product",
        "produk.import_product",
        "produk.export_product",
        "produk.view_report",
        "produk.change_report",
        "produk.view_gloss",
        "produk.add_gloss",
        "produk.change_gloss",
        "produk.delete_gloss",
        *EVENTS,
    ],
    PENGELOLA_SENTRA: [
        "sentra.view_sentra",
        "produk.view_tenant",
        "produk.add_tenant",
        "produk.change_tenant",
        "produk.view_permit",
        "produk.add_permit",
        "produk.change_permit",
        "produk.delete_permit",
        "produk.view_category",
        "produk.view_product",
        "produk.add_product",
        "produk.change_product",
    ],
}


def create_roles(apps, schema_editor):
    """For migrations: make the permissions now, then the groups that hold them.

    Django makes permissions after all migrations have run; on a fresh
    database the groups could not hold them otherwise. A later migration
    that adds a model named above calls this again.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    sync_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def sync_groups(group_model, permission_model):
    """Create or update each role's group to hold exactly its permissions."""
    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:  # a model of a later migration: added then
                permissions.append(permission)
        group.permissions.set(permissions)
