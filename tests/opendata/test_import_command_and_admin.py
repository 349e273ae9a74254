from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from associations.models import Association

TEMPLATE = Path(settings.BASE_DIR) / "fixtures" / "import-template.csv"
BROKEN = TEMPLATE.read_text(encoding="utf-8-sig").replace("Colis alimentaire", "Caviar")
IMPORT_URL = reverse("admin:opendata_importedrecord_import")


def _upload(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def test_command_imports_the_template(db, capsys):
    call_command("import_directory", str(TEMPLATE))

    assert Association.objects.count() == 2
    assert "services : 3 créé(s)" in capsys.readouterr().out


def test_command_dry_run_writes_nothing(db, capsys):
    call_command("import_directory", str(TEMPLATE), "--dry-run")

    assert not Association.objects.exists()
    assert "Essai : rien n'a été enregistré." in capsys.readouterr().out


def test_command_fails_on_a_broken_file_with_its_errors(db, tmp_path, capsys):
    path = tmp_path / "broken.csv"
    path.write_text(BROKEN, encoding="utf-8")

    with pytest.raises(CommandError, match="1 problème"):
        call_command("import_directory", str(path))

    assert "ligne 2, type_aide : « Caviar » n'est pas dans la liste." in capsys.readouterr().err
    assert not Association.objects.exists()


def test_agent_dry_run_shows_the_errors(agent_client):
    response = agent_client.post(
        IMPORT_URL,
        {"format": "csv", "files": _upload("broken.csv", BROKEN), "dry_run": "on"},
        follow=True,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 erreur : rien n'a été enregistré." in page
    assert "« Caviar » n&#x27;est pas dans la liste." in page
    assert not Association.objects.exists()


def test_agent_imports_the_template(agent_client):
    response = agent_client.post(
        IMPORT_URL,
        {"format": "csv", "files": _upload("modele.csv", TEMPLATE.read_text())},
        follow=True,
    )

    assert response.status_code == 200
    assert "Import enregistré." in response.content.decode()
    assert Association.objects.count() == 2


def test_the_import_page_is_linked_from_the_imported_records(agent_client):
    response = agent_client.get(reverse("admin:opendata_importedrecord_changelist"))

    assert IMPORT_URL in response.content.decode()


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("photo.png", 10, "n&#x27;a pas l&#x27;extension d&#x27;un fichier CSV"),
        ("enorme.csv", 6 * 1024 * 1024, "dépasse 5 Mo"),
    ],
)
def test_uploads_are_limited_in_type_and_size(agent_client, name, size, message):
    upload = SimpleUploadedFile(name, b"a" * size)

    response = agent_client.post(IMPORT_URL, {"format": "csv", "files": upload})

    assert message in response.content.decode()
    assert not Association.objects.exists()


def test_volunteers_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("benevole", password="pw", is_staff=True)
    client.force_login(user)

    assert client.get(IMPORT_URL).status_code == 403


def test_command_refuses_a_file_that_is_no_text(db, tmp_path):
    path = tmp_path / "tableur.csv"
    path.write_bytes("id_association;association\na;Café\n".encode("latin-1"))

    with pytest.raises(CommandError, match="« tableur.csv » n'est pas en UTF-8"):
        call_command("import_directory", str(path))
