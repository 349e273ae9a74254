"""Calendar tokens are kept as their SHA-256 digest: the addresses already given keep working."""

import hashlib

from django.db import migrations, models


def digest_tokens(apps, schema_editor):
    CalendarToken = apps.get_model("network", "CalendarToken")
    for token in CalendarToken.objects.all():
        token.token_hash = hashlib.sha256(token.token_hash.encode()).hexdigest()
        token.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("network", "0003_single_line_names")]

    operations = [
        migrations.RemoveConstraint(model_name="calendartoken", name="calendartoken_unique_token"),
        migrations.RenameField(model_name="calendartoken", old_name="token", new_name="token_hash"),
        migrations.AlterField(
            model_name="calendartoken",
            name="token_hash",
            field=models.CharField(
                editable=False, max_length=64, verbose_name="empreinte du jeton"
            ),
        ),
        migrations.RunPython(digest_tokens, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="calendartoken",
            constraint=models.UniqueConstraint(
                fields=("token_hash",), name="calendartoken_unique_token_hash"
            ),
        ),
    ]
