"""A public that means everyone ("Tout public"): a service open to everyone matches every public
a person looks for."""

from django.db import migrations, models


def mark_everyone(apps, schema_editor):
    apps.get_model("associations", "Public").objects.filter(slug="tous").update(is_everyone=True)


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0016_archived_associations"),
    ]

    operations = [
        migrations.AddField(
            model_name="public",
            name="is_everyone",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Cocher pour « Tout public » : un service ouvert à tous est proposé à une "
                    "personne qui cherche n'importe quel public."
                ),
                verbose_name="ouvert à tous",
            ),
        ),
        migrations.RunPython(mark_everyone, migrations.RunPython.noop),
    ]
