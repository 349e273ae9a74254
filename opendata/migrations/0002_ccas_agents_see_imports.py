"""CCAS agents see the imported records, where the import page is."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Agent CCAS"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("opendata")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="opendata", codename="view_importedrecord"
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="opendata", codename="view_importedrecord"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0001_initial"),
        ("associations", "0003_ccas_agent_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
