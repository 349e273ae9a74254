"""CCAS agents see and lift login lockouts (django-axes' access attempts), and see and cancel
the invitations waiting for an answer."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Agent CCAS"
PERMISSIONS = [
    ("axes", "accessattempt", ["view", "delete"]),
    ("accounts", "invitation", ["view", "delete"]),
]


def permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for app_label, model, actions in PERMISSIONS:
        yield from Permission.objects.filter(
            content_type__app_label=app_label,
            codename__in=[f"{action}_{model}" for action in actions],
        )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group gets them.
    for app_label in {app_label for app_label, _model, _actions in PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_waiting_members_become_invitations"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
