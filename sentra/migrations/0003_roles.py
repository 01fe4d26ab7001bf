"""Create the back office's groups (Staf DPRD, Kurator, Pengelola Sentra) on every install."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so
    # that the groups can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    from sentra.roles import sync_groups

    sync_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sentra", "0002_curation_version_and_managers"),
        ("produk", "0002_curation_and_version"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
