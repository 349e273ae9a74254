"""Every association, place, service and referent gets its id in the open data, stored once.

Associations and services keep the ids the exports wrote until now (the association's page
address, ``<page address>--<number>`` for a service), so that reusers see the same records;
places and referents, which only HSDS names, get new UUIDs. Each row's history gets the id
of its row, so that undoing a change from the history never changes an id.
"""

import uuid

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import associations.models

MODELS = ["association", "place", "service", "referent"]


def _field(**options):
    return models.CharField(
        editable=False,
        help_text="Identifiant de la fiche dans les données ouvertes ; il ne change jamais.",
        max_length=200,
        verbose_name="identifiant",
        **options,
    )


def fill(apps, schema_editor):
    Association = apps.get_model("associations", "Association")
    Service = apps.get_model("associations", "Service")
    for association in Association._default_manager.only("slug").iterator():
        Association._default_manager.filter(pk=association.pk).update(identifier=association.slug)
    for service in Service._default_manager.select_related("association").only("association__slug"):
        Service._default_manager.filter(pk=service.pk).update(
            identifier=f"{service.association.slug}--{service.pk}"
        )
    for name in MODELS:
        model = apps.get_model("associations", name)
        for pk in (
            model._default_manager.filter(identifier=None).values_list("pk", flat=True).iterator()
        ):
            model._default_manager.filter(pk=pk).update(identifier=str(uuid.uuid4()))
        history = apps.get_model("associations", f"historical{name}")
        history._default_manager.update(
            identifier=Subquery(
                model._default_manager.filter(pk=OuterRef("id")).values("identifier")
            )
        )
        # Rows deleted since: one id for all the history of each.
        deleted = (
            history._default_manager.filter(identifier=None).values_list("id", flat=True).distinct()
        )
        for pk in list(deleted):
            history._default_manager.filter(id=pk).update(identifier=str(uuid.uuid4()))


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0023_sensitive_publics"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name, name="identifier", field=_field(null=True))
            for name in MODELS
        ),
        *(
            migrations.AddField(
                model_name=f"historical{name}",
                name="identifier",
                field=_field(null=True, db_index=True),
            )
            for name in MODELS
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        *(
            migrations.AlterField(
                model_name=name,
                name="identifier",
                field=_field(default=associations.models.new_identifier, unique=True),
            )
            for name in MODELS
        ),
        *(
            migrations.AlterField(
                model_name=f"historical{name}",
                name="identifier",
                field=_field(default=associations.models.new_identifier, db_index=True),
            )
            for name in MODELS
        ),
    ]
