"""The search text stored on each association (see associations/search.py), filled for the
associations already there, with a GIN index of the full-text vector on PostgreSQL (SQLite has
no such index: its search reads the folded text)."""

import django.contrib.postgres.search
from django.db import migrations, models

INDEX = "association_search_vector_gin"


def forward(apps, schema_editor):
    from associations.search import index

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON associations_association USING gin (search_vector)"
        )
    # index() reads and writes only the fields it names, all present from this migration on.
    index(apps.get_model("associations", "Association").objects.all())


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0006_service_languages_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="association",
            name="search_document",
            field=models.TextField(blank=True, editable=False, verbose_name="texte de recherche"),
        ),
        migrations.AddField(
            model_name="association",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="vecteur de recherche"
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
