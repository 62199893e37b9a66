"""A trigram index on the search text with every character doubled, on PostgreSQL: a word of
two characters ("北京", most Chinese names) has no trigram of its own, and without it a search
for one read every city (CityQuerySet.search). Its expression is the one the search
writes (cities.querysets.doubled); SQLite has no trigram index."""

from django.db import migrations

INDEX = (
    "CREATE INDEX IF NOT EXISTS city_search_text_doubled_trgm ON cities_city USING gin "
    "((regexp_replace(search_text, '(.)', '\\1\\1', 'g')) gin_trgm_ops) WITH (fastupdate = off)"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS city_search_text_doubled_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0017_search_and_sort_indexes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
