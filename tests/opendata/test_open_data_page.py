"""/donnees/ in French, English and Arabic: the date of the data's last change, which the licence
asks reusers to cite, and the number of records, for people and in its JSON-LD."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from associations import edits
from associations.models import DirectoryGeneration

pytestmark = pytest.mark.django_db


def _json_ld(content):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize(
    ("url", "lang", "title"),
    [
        ("/donnees/", "fr", "<h1>Données ouvertes</h1>"),
        ("/en/donnees/", "en", "<h1>Open data</h1>"),
        ("/ar/donnees/", "ar", "<h1>البيانات المفتوحة</h1>"),
    ],
)
def test_the_page_is_in_three_languages(client, url, lang, title):
    response = client.get(url)

    content = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in content
    assert title in content
    assert 'hreflang="en" href="http://testserver/en/donnees/"' in content


def test_the_page_says_when_the_data_last_changed(client, directory):
    edits.set_fields(
        directory[0],
        user=None,
        source=edits.Source.SCRIPT,
        section=edits.Section.DESCRIPTION,
        phone="03 20 00 00 02",
    )
    changed = timezone.localtime(DirectoryGeneration.last_write())
    assert abs(changed - timezone.now()) < datetime.timedelta(seconds=5)

    content = client.get("/donnees/").content.decode()

    with translation.override("fr"):
        day = date_format(changed, "DATE_FORMAT")
    assert f'<time datetime="{changed.isoformat()}">{day}</time>' in content
    assert f"« CCAS de Roubaix, Roubaix Aide, données mises à jour le {day} »" in content
    assert _json_ld(content)["dateModified"] == changed.astimezone(datetime.UTC).isoformat()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_date_is_written_in_the_readers_language(client, directory, lang):
    edits.bulk_written()
    changed = timezone.localtime(DirectoryGeneration.last_write())

    content = client.get(f"/{lang}/donnees/").content.decode()

    with translation.override(lang):
        assert f'<time datetime="{changed.isoformat()}">{date_format(changed)}</time>' in content


def test_a_directory_never_changed_gives_no_date(client, db):
    content = client.get("/donnees/").content.decode()

    assert "<time" not in content
    assert "dateModified" not in _json_ld(content)


def test_the_page_counts_the_records_every_export_holds(client, directory):
    content = client.get("/en/donnees/").content.decode()

    # Three published associations, their two places and four services: not the unpublished one.
    for label, number in [("Associations", 3), ("Places", 2), ("Services", 4)]:
        assert f"<dt>{label}</dt><dd>{number}</dd>" in content


def test_the_files_keep_their_one_french_address(client, directory):
    content = client.get("/ar/donnees/").content.decode()

    assert 'href="/donnees/data-inclusion/services.json"' in content
    assert "/ar/donnees/data-inclusion" not in content
    assert [item["contentUrl"] for item in _json_ld(content)["distribution"]][:2] == [
        "http://testserver/donnees/data-inclusion/structures.json",
        "http://testserver/donnees/data-inclusion/services.json",
    ]


@pytest.mark.parametrize(
    ("url", "french"),
    [
        ("/en/donnees/data-inclusion/services.json", "/donnees/data-inclusion/services.json"),
        ("/ar/donnees/hsds/restos-roubaix-centre.json", "/donnees/hsds/restos-roubaix-centre.json"),
    ],
)
def test_a_file_asked_for_in_another_language_leads_to_its_french_address(
    client, directory, url, french
):
    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == french


def test_the_page_needs_few_queries(client, directory, django_assert_max_num_queries):
    client.get(reverse("opendata:index"))
    # The generation, the counts, and what every public page reads (demo banner, help box).
    with django_assert_max_num_queries(4):
        response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
