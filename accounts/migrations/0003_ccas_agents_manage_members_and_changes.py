"""CCAS agents also manage memberships and review the changes made by associations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Agent CCAS"
MODELS = [("accounts", "membership"), ("associations", "associationchange")]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group gets them.
    for app_label in {app_label for app_label, _ in MODELS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model in MODELS:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP_NAME):
        for app_label, model in MODELS:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_historicalmembership"),
        ("associations", "0005_history_version_and_change_log"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
