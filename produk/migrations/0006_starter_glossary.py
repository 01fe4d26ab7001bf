"""Every install starts with the glossary of the city's food words, and curators may keep it.

The glosses are facts about local words, not demo data (produk.glossary);
curators edit them afterwards. The groups are synced again so that the
Kurator and Staf DPRD groups hold the new model's permissions (produk.roles).
Going back leaves the rows: the previous migration's reversal drops the table.
"""

from django.db import migrations

from produk.glossary import add_starter_glossary_step
from produk.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("produk", "0005_english_descriptions_and_glossary"),
    ]

    operations = [
        migrations.RunPython(add_starter_glossary_step, migrations.RunPython.noop),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
