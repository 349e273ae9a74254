"""The full exports are built once per state of the directory and served from a file after."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from associations import edits
from associations.models import DirectoryGeneration
from opendata.exports import data_inclusion
from opendata.exports.files import EXPORTS, build_while_streaming, current_version

URL_NAMES = [
    "opendata:di-structures-json",
    "opendata:di-services-json",
    "opendata:di-structures-csv",
    "opendata:di-services-csv",
    "opendata:hsds-organizations",
    "opendata:services-csv",
]


def _files(folder):
    """Every file under the exports folder, temporary ones included."""
    return sorted(path.name for path in folder.rglob("*") if path.is_file())


def _get(client, name, **headers):
    response = client.get(reverse(name), **headers)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def _assert_reads_only_the_generation(queries):
    assert len(queries) == 1
    assert DirectoryGeneration._meta.db_table in queries[0]["sql"]


@pytest.mark.parametrize("name", URL_NAMES)
def test_the_second_request_serves_the_file_built_by_the_first(client, directory, name):
    first, first_body = _get(client, name)
    with CaptureQueriesContext(connection) as queries:
        second, second_body = _get(client, name)
    assert not isinstance(first, FileResponse)
    assert isinstance(second, FileResponse)
    assert second_body == first_body
    assert int(second["Content-Length"]) == len(first_body)
    for header in (
        "Content-Type",
        "Content-Disposition",
        "Access-Control-Allow-Origin",
        "Cache-Control",
    ):
        assert second[header] == first[header]
    _assert_reads_only_the_generation(queries)


def test_an_edit_shows_in_the_next_export(client, directory):
    _get(client, "opendata:di-structures-json")
    edits.set_fields(
        directory[0],
        user=None,
        source=edits.Source.SCRIPT,
        section=edits.Section.DESCRIPTION,
        name="Les Restos du Cœur – Roubaix Alma",
    )
    response, body = _get(client, "opendata:di-structures-json")
    assert not isinstance(response, FileResponse)
    assert "Roubaix Alma" in body.decode()


def test_a_new_day_rebuilds_the_export_and_removes_the_old_file(
    client, directory, exports_dir, monkeypatch
):
    _get(client, "opendata:hsds-organizations")
    built_today = _files(exports_dir)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    response, _ = _get(client, "opendata:hsds-organizations")
    assert not isinstance(response, FileResponse)
    assert len(_files(exports_dir)) == 1
    assert _files(exports_dir) != built_today
    assert timezone.localdate(tomorrow).isoformat() in _files(exports_dir)[0]


def test_a_stream_closed_early_leaves_no_file(client, directory, exports_dir):
    # What the response's close does when the client goes away mid-download. (Closing a test
    # client's streaming response would also close the database connection holding the test's
    # transaction, on PostgreSQL.)
    chunks = build_while_streaming(EXPORTS["data-inclusion-services-json"], *current_version())
    next(chunks)
    assert len(_files(exports_dir)) == 1  # the temporary file being written
    chunks.close()
    assert _files(exports_dir) == []
    _, body = _get(client, "opendata:di-services-json")
    assert body.decode().rstrip().endswith("]")


def test_an_error_while_building_leaves_no_file(client, directory, exports_dir, monkeypatch):
    def fail(association, today):
        raise RuntimeError("database gone")

    monkeypatch.setattr(data_inclusion, "structure_record", fail)
    response = client.get(reverse("opendata:di-structures-csv"))
    with pytest.raises(RuntimeError):
        b"".join(response.streaming_content)
    assert _files(exports_dir) == []


def test_a_conditional_request_with_the_etag_gets_not_modified(client, directory):
    _get(client, "opendata:di-services-csv")
    served, _ = _get(client, "opendata:di-services-csv")
    response = client.get(reverse("opendata:di-services-csv"), HTTP_IF_NONE_MATCH=served["ETag"])
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == served["ETag"]
    assert served["Cache-Control"] == "no-cache"


def test_a_request_since_the_last_modification_gets_not_modified(client, directory):
    _get(client, "opendata:services-csv")
    served, _ = _get(client, "opendata:services-csv")
    response = client.get(
        reverse("opendata:services-csv"), HTTP_IF_MODIFIED_SINCE=served["Last-Modified"]
    )
    assert response.status_code == 304


def test_the_etag_changes_with_the_directory(client, directory):
    _get(client, "opendata:di-services-csv")
    served, _ = _get(client, "opendata:di-services-csv")
    edits.set_fields(
        directory[1],
        user=None,
        source=edits.Source.SCRIPT,
        section=edits.Section.DESCRIPTION,
        summary="Un nouveau résumé",
    )
    _get(client, "opendata:di-services-csv")
    response = client.get(reverse("opendata:di-services-csv"), HTTP_IF_NONE_MATCH=served["ETag"])
    assert response.status_code == 200
    assert response["ETag"] != served["ETag"]


def test_build_exports_builds_every_export(client, directory, exports_dir):
    call_command("build_exports", stdout=io.StringIO())
    assert len(_files(exports_dir)) == len(EXPORTS)
    for name in URL_NAMES:
        with CaptureQueriesContext(connection) as queries:
            response, _ = _get(client, name)
        assert isinstance(response, FileResponse)
        _assert_reads_only_the_generation(queries)


def test_the_export_is_the_french_one_whatever_the_visitor_s_language(
    client, directory, settings, tmp_path
):
    _, english = _get(client, "opendata:di-services-json", HTTP_ACCEPT_LANGUAGE="en")
    settings.EXPORTS_DIR = tmp_path / "other"
    _, french = _get(client, "opendata:di-services-json")
    assert english == french
    assert "/en/" not in english.decode()


def test_an_export_that_cannot_be_kept_is_still_served(client, directory, settings, tmp_path):
    settings.EXPORTS_DIR = tmp_path / "a-file"
    settings.EXPORTS_DIR.write_text("not a folder")
    for _ in range(2):
        response, body = _get(client, "opendata:di-structures-json")
        assert not isinstance(response, FileResponse)
        assert "restos-roubaix-centre" in body.decode()


def test_an_export_file_is_readable_by_other_users(client, directory, exports_dir):
    """A web server or another app server sharing the folder may read the files as another user."""
    _get(client, "opendata:di-structures-json")
    (path,) = (path for path in exports_dir.rglob("*") if path.is_file())
    assert path.stat().st_mode & 0o777 == 0o644
