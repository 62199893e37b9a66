"""Existing members get what City.refresh_derived_fields now makes: search text with every
Latin letter folded ("sonderborg" finds Sønderborg), the sort key of the name in each
language, and a slug made of folded letters ("sonderborg", not "snderborg"); the old slug is
kept as a former one, so its address redirects to the new one."""

from django.db import migrations
from django.utils.text import slugify

from gnlc.core.text import fold, sort_key

# The sort keys are compared byte by byte (see City.refresh_derived_fields): PostgreSQL's
# "C" collation does so whatever the database's default collation is; SQLite's default does.
# The languages of the day this migration was written: later ones add their own columns.
LANGUAGES = ("en", "fr", "es")
SORT_COLUMNS = [f"sort_name_{code}" for code in LANGUAGES]


def sort_keys_in_byte_order(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SORT_COLUMNS:
        schema_editor.execute(
            f'ALTER TABLE cities_city ALTER COLUMN {column} TYPE varchar(250) COLLATE "C"'
        )


def refold(apps, schema_editor):
    from cities.querysets import normalize_search_text

    City = apps.get_model("cities", "City")
    FormerCitySlug = apps.get_model("cities", "FormerCitySlug")
    languages = LANGUAGES
    cities = list(City.objects.all())
    taken = {city.slug for city in cities} | set(
        FormerCitySlug.objects.values_list("slug", flat=True)
    )
    for city in cities:
        names = [getattr(city, f"name_{code}", "") or "" for code in languages]
        city.search_text = normalize_search_text(" ".join([*names, city.alternative_names]))
        english = city.name_en or city.name or ""
        for code in languages:
            name = getattr(city, f"name_{code}", "") or english
            setattr(city, f"sort_name_{code}", sort_key(name, code)[:250])
        # A slug made from the name before letters were folded: the same slug, folded.
        old_base, new_base = slugify(english), slugify(fold(english))
        if old_base == new_base or not old_base or not new_base:
            continue
        if city.slug != old_base and not city.slug.startswith(f"{old_base}-"):
            continue
        new_slug = f"{new_base}{city.slug[len(old_base):]}"[:120]
        if new_slug in taken:
            continue
        FormerCitySlug.objects.create(city=city, slug=city.slug)
        taken.add(new_slug)
        city.slug = new_slug
    City.objects.bulk_update(
        cities, ["search_text", "slug", *(f"sort_name_{code}" for code in languages)], 500
    )


class Migration(migrations.Migration):
    dependencies = [("cities", "0013_sort_names_and_former_slugs")]

    operations = [
        migrations.RunPython(sort_keys_in_byte_order, migrations.RunPython.noop),
        migrations.RunPython(refold, migrations.RunPython.noop),
    ]
