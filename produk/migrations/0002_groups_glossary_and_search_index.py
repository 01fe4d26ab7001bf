"""What every install needs beside the tables.

- The back office's groups (Staf DPRD, Kurator, Pengelola Sentra) with their
  permissions (produk.roles). sentra's models are named there too: the groups
  live here because sentra imports nothing from produk.
- The starter glossary of the city's food words (produk.glossary): facts about
  local words, not demo data; curators edit them afterwards. Going back leaves the
  rows: reversing 0001 drops the table.
- On PostgreSQL, the trigram index that serves `search_text LIKE '%word%'`. SQLite
  has no GIN indexes, so it is made here rather than declared in Product.Meta.
  pg_trgm ships with PostgreSQL and is a trusted extension: a database owner may
  create it. Going back drops the index and leaves the extension, which other things
  may use. (Django's TrigramExtension operation fails on SQLite when reversed.)
"""

from django.db import migrations

from produk.glossary import add_starter_glossary_step
from produk.roles import create_roles


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS product_search_trgm ON produk_product USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS product_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sentra", "0001_initial"),
        ("produk", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(add_starter_glossary_step, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
