"""CCAS agents keep the reception desks and their hours that the help box shows."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Agent CCAS"
MODELS = ["receptiondesk", "receptionslot"]


def reception_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="ccas", content_type__model__in=MODELS
    )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group gets them.
    app_config = apps.get_app_config("ccas")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*reception_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME):
        group.permissions.remove(*reception_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("ccas", "0001_initial"),
        ("associations", "0003_ccas_agent_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
