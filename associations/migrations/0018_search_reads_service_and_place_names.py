"""The stored search text now holds the names of the services and places (associations/search.py):
rewritten for the associations already there."""

from django.db import migrations


def forward(apps, schema_editor):
    from associations.search import index

    # index() reads and writes only the fields it names, all present from migration 0007 on;
    # archived associations included, as edits.py keeps them.
    index(apps.get_model("associations", "Association").all_objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0017_public_open_to_everyone"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
