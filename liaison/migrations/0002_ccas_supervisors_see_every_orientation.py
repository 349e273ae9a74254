"""The "Superviseur CCAS" group: the agents who see every agent's orientations (the permission
may also be given to one account in the back office)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Superviseur CCAS"


def view_all(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="liaison", codename="view_all_orientations"
    )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group gets them.
    app_config = apps.get_app_config("liaison")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*view_all(apps))


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("liaison", "0001_initial")]

    operations = [migrations.RunPython(grant, revoke)]
