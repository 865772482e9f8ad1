"""PostgreSQL: a compact `rank_vector` beside the full `search_vector`.

Ranking every match with `ts_rank` on the full vector reads and decompresses each matching
document's whole vector (about 4 KB each, toasted), which made a common word cost hundreds of
milliseconds at 10,000 documents. The compact vector (title, number, summary and the words a
text repeats, one position each) stays small enough to rank thousands of matches quickly; the
full vector still decides what matches, through its GIN index. Entries indexed before this
migration rank by date until `manage.py rebuild_search_index --backend database` runs.

Its storage is PLAIN: never compressed, never moved out of line. Decompressing a vector costs
more than ranking it (about 15 µs each, 100 ms for 6,000 matches); the vector is capped at
RANK_MAX_TERMS terms, so a row still fits a page.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS rank_vector tsvector"
        )
        schema_editor.execute(
            "ALTER TABLE search_searchentry ALTER COLUMN rank_vector SET STORAGE PLAIN"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS rank_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(create, drop)]
