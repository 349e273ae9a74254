"""CCAS agents see the mail queue: what waits, what the mail server refused, and why."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Agent CCAS"
CODENAMES = ["view_queuedmail", "view_mailattempt"]


def mail_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="operations", codename__in=CODENAMES
    )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group gets them.
    app_config = apps.get_app_config("operations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*mail_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME):
        group.permissions.remove(*mail_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_initial"),
        ("associations", "0003_ccas_agent_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
