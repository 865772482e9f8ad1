"""The vocabulary of the database index (`SearchTerm`), for the correction of misspelt words.

On PostgreSQL its terms get a trigram index (the `pg_trgm` extension, trusted since PostgreSQL
13: the database's owner may create it), through which the terms similar to an unknown query
word are found. SQLite reads the terms of the same first letter and similar length instead.
Existing installations fill the vocabulary with `manage.py rebuild_search_index --backend database`.
"""

from django.db import migrations, models


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_term_trigrams ON search_searchterm "
            "USING gin (term gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_term_trigrams")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_rejected_records")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("term", models.CharField(max_length=60, primary_key=True, serialize=False)),
                ("entries", models.PositiveIntegerField(default=1)),
            ],
            options={
                "verbose_name": "słowo indeksu wyszukiwania",
                "verbose_name_plural": "słownik indeksu wyszukiwania",
            },
        ),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
