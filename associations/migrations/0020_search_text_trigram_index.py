"""On PostgreSQL, a trigram index (pg_trgm, migration 0011) on the stored search text: a word
found in no association's text is looked for by its word similarity to the texts' words, the
spelling mistakes of free text (associations/search.py). SQLite's search needs none."""

from django.db import migrations

INDEX = "association_search_document_trigram"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON associations_association "
            "USING gin (search_document gin_trgm_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0019_search_synonyms"),
    ]

    operations = [migrations.RunPython(forward, backward)]
