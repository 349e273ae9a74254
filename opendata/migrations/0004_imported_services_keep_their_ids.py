"""A service imported from this directory's own data·inclusion export (another server's) was
exported with the id it came with: it keeps it as its stored id (associations 0024)."""

from django.db import migrations

OWN_DATA_INCLUSION_SOURCE = "data-inclusion:roubaix-aide"


def keep_imported_ids(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ImportedRecord = apps.get_model("opendata", "ImportedRecord")
    Service = apps.get_model("associations", "Service")
    content_type = ContentType.objects.filter(app_label="associations", model="service").first()
    records = ImportedRecord.objects.filter(
        source=OWN_DATA_INCLUSION_SOURCE, content_type=content_type
    )
    for object_id, source_id in records.values_list("object_id", "source_id"):
        if not Service._default_manager.filter(identifier=source_id).exists():
            Service._default_manager.filter(pk=object_id).update(identifier=source_id)


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0024_stable_open_data_identifiers"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("opendata", "0003_import_jobs"),
    ]

    operations = [migrations.RunPython(keep_imported_ids, migrations.RunPython.noop, elidable=True)]
