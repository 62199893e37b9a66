"""The directory read through an index at any size (issue 17), on PostgreSQL.

- Newest and oldest first: an index per language holding the whole order (year, then the name
  as the language sorts it, then the row), so that a page stops after its rows. The indexes
  they replace (year, English name) sorted each year's cities anew, every one of them: a
  twelfth of the network per page.
- The trigram index of the search without its pending list ("fastupdate"): a GIN index keeps
  new entries in a list that every search reads from end to end until a vacuum moves them
  into the index; after 50,000 cities were added at once that list held 4 MB, and a search
  for a single city took 2-5 ms instead of 0.1. Cities are saved seldom: each save now
  writes its entries into the index at once.

SQLite cannot index NULLS LAST (migration 0005): nothing changes there but the old index.
"""

from django.db import migrations

LANGUAGES = ("en", "fr", "es", "ar", "zh_hans", "ru")
ORDERS = {"newest": "DESC NULLS LAST", "oldest": "ASC NULLS LAST"}


def _index_names():
    return [f"city_{order}_{code}" for order in ORDERS for code in LANGUAGES]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS city_newest_sort")
    for order, direction in ORDERS.items():
        for code in LANGUAGES:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS city_{order}_{code} ON cities_city "
                f"(member_since {direction}, sort_name_{code}, id)"
            )
    schema_editor.execute("ALTER INDEX city_search_text_trgm SET (fastupdate = off)")
    # What the pending list already holds goes into the index now.
    schema_editor.execute("SELECT gin_clean_pending_list('city_search_text_trgm')")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER INDEX city_search_text_trgm RESET (fastupdate)")
    for name in _index_names():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS city_newest_sort ON cities_city "
        "(member_since DESC NULLS LAST, name_en)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0016_arabic_chinese_russian"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RemoveIndex(model_name="city", name="city_oldest_sort"),
    ]
