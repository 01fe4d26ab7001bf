"""Staf DPRD may keep each centre's plan, milestones and problems (sentra 0004's new models).

The groups are synced again so that they hold the new models' permissions (produk.roles).
The migration lives here, not in sentra, because sentra imports nothing from produk.
"""

from django.db import migrations

from produk.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("produk", "0006_starter_glossary"),
        ("sentra", "0004_construction_data"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
