"""CCAS agents close the diagnostic's years and follow up the figures the associations owe."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Agent CCAS"
MODELS = ["diagnosticyear", "associationfigures"]


def network_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="network", content_type__model__in=MODELS
    )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group gets them.
    app_config = apps.get_app_config("network")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*network_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME):
        group.permissions.remove(*network_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("network", "0005_figures_history_closed_years_and_follow_up")]

    operations = [migrations.RunPython(grant, revoke)]
