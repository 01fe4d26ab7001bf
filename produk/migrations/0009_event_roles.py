"""Staf DPRD and Kurator keep the events (0008's new models); centre managers do not.

The groups are synced again so that they hold the new models' permissions (produk.roles).
"""

from django.db import migrations

from produk.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("produk", "0008_events"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
