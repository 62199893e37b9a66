"""PostgreSQL's unaccent extension (trusted: the database owner may create it), with which the
site search compares text without accents (gnlc/core/search.py). Nothing on SQLite."""

from django.db import migrations


def create_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("gnlc", "0003_user_is_juror")]

    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop)]
