"""Indexes for the public lists and the search at the size of a country.

- `association_published_name`: published associations in name order with their id, so that the
  lists count and page their results from the index instead of scanning the association table,
  wide with its texts in three languages and its stored search text.
- On PostgreSQL, the search's "name contains" test (a piece of a word, such as « épi ») through a
  trigram index (pg_trgm) on the folded name. `unaccent()` may not appear in an index, being only
  STABLE (its dictionary could change): `roubaix_fold(text)` names the dictionary and is IMMUTABLE,
  the usual way. SQLite's search reads the stored search text and needs neither.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION roubaix_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
CREATE INDEX association_name_trigram ON associations_association
    USING gin (roubaix_fold(name) gin_trgm_ops);
"""
BACKWARD = """
DROP INDEX IF EXISTS association_name_trigram;
DROP FUNCTION IF EXISTS roubaix_fold(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0010_merge_stored_search_and_translations"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="association",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["name", "id"],
                name="association_published_name",
            ),
        ),
        TrigramExtension(),
        migrations.RunPython(forward, backward),
    ]
