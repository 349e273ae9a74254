"""CCAS agents read the residents' reports, mark them handled, and delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Agent CCAS"
CODENAMES = ["view_report", "change_report", "delete_report"]


def report_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="reports", codename__in=CODENAMES
    )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group gets them.
    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*report_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME):
        group.permissions.remove(*report_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_residents_reports")]

    operations = [migrations.RunPython(grant, revoke)]
