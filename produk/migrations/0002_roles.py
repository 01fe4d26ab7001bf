"""Create the back office's groups (Staf DPRD, Kurator, Pengelola Sentra) on every install."""

from django.db import migrations

from produk.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sentra", "0001_initial"),
        ("produk", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
