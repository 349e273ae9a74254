"""PostgreSQL full-text search in French, insensitive to accents.

Installs the unaccent extension and a `french_unaccent` text search configuration (French
stemming after removing accents). SQLite has no such thing: the search falls back to a
registered UNACCENT function (see associations/search.py), so this migration does nothing there.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END $$;
"""
BACKWARD = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("associations", "0003_ccas_agent_group")]

    operations = [migrations.RunPython(forward, backward)]
