"""The "Agent CCAS" group, with every permission needed to edit the directory."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Agent CCAS"
DIRECTORY_MODELS = [
    "association",
    "place",
    "service",
    "servicepublic",
    "openingslot",
    "closure",
    "referent",
    "aidtype",
    "public",
    "quartier",
    "language",
    "network",
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group gets them.
    app_config = apps.get_app_config("associations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="associations", content_type__model__in=DIRECTORY_MODELS
        )
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0002_seed_taxonomies"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
