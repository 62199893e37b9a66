"""The names with every character doubled (City.search_doubled) and, on PostgreSQL, their
trigram index: a word of two characters ("北京", most Chinese names) has no trigram of its
own, and without it a search for one read every city (CityQuerySet.search)."""

from django.db import migrations, models

INDEX = (
    "CREATE INDEX IF NOT EXISTS city_search_doubled_trgm ON cities_city "
    "USING gin (search_doubled gin_trgm_ops) WITH (fastupdate = off)"
)


def fill(apps, schema_editor):
    City = apps.get_model("cities", "City")
    batch = []
    for city in City.objects.only("pk", "search_text").iterator(chunk_size=1000):
        city.search_doubled = "".join(character * 2 for character in city.search_text)
        batch.append(city)
        if len(batch) == 1000:
            City.objects.bulk_update(batch, ["search_doubled"])
            batch = []
    City.objects.bulk_update(batch, ["search_doubled"])


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS city_search_doubled_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0017_search_and_sort_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="city",
            name="search_doubled",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(add_index, drop_index),
    ]
