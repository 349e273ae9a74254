import csv
import io

from django.urls import reverse

from opendata.exports.spreadsheet import COLUMNS


def _rows(client):
    response = client.get(reverse("opendata:services-csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_french_excel_reads_one_row_per_service(client, directory):
    rows = _rows(client)
    assert list(rows[0]) == COLUMNS
    assert [row["type_aide"] for row in rows] == [
        "Colis alimentaire",
        "Repas",
        "Épicerie sociale et solidaire",
        "Maraude",
    ]


def test_hours_are_written_for_machines_and_for_people(client, directory):
    colis = _rows(client)[0]
    assert colis["horaires"].startswith("Tu 09:00-12:00; Th[1,3] 14:00-17:00")
    assert colis["horaires_en_clair"].splitlines()[0] == "Mardi, de 9 h à 12 h"
    assert colis["justificatifs"] == "Pièce d'identité\nJustificatif de ressources"
    assert colis["publics"] == "Familles, Personnes seules"
    assert colis["acces"] == "Sur inscription"


def test_the_ccas_only_column_is_not_exported():
    assert "publics_ccas" not in COLUMNS
