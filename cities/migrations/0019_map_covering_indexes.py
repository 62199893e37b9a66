"""The map's points read from an index alone (issue 17), on PostgreSQL.

The map data of every member (gnlc/site/directory/map_data.py) reads, for each public member
with coordinates, its slug, coordinates, name (in the page's language, else English) and
country, in the directory's order by name (the region, also held, serves the map filtered by
region the same way). From the table that is a scan of every row
(about 620 bytes each) and a sort: at 50,000 cities more than half of a build's time. Each
index here holds, per language, exactly those members (the index's condition is the map's:
public, confirmed, with coordinates), in that order, with those columns: an index-only scan
gives the rows already sorted, reading a sixth of the bytes (docs/performance.md, "The map
data at 50,000 cities"). Cities are saved seldom; each save writes six more index entries.

The condition repeats cities.enums.PUBLIC_STATUSES ("active", "suspended"): if those
change, the map is still right, only slower, and tests/cities/test_map_data.py, which reads
the plan, fails. SQLite: nothing (no covering indexes).
"""

from django.db import migrations

LANGUAGES = ("en", "fr", "es", "ar", "zh_hans", "ru")
CONDITION = (
    "confirmed AND status IN ('active', 'suspended')"
    " AND latitude IS NOT NULL AND longitude IS NOT NULL"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in LANGUAGES:
        names = "name_en" if code == "en" else f"name_{code}, name_en"
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS city_map_{code} ON cities_city (sort_name_{code}, id)"
            f" INCLUDE (slug, {names}, region, country, latitude, longitude)"
            f" WHERE {CONDITION}"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS city_map_{code}")


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0018_search_short_words"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
