"""The full exports, built once per state of the directory and served from a file afterwards.

An export's content depends on the directory's generation (`DirectoryGeneration`, raised by every
change to public data, see associations/caching.py) and on the local date (coming closures and
hours valid today). Its file is named after both, in its own folder of ``EXPORTS_DIR``:
``<EXPORTS_DIR>/<export name>/<generation>-<date><suffix>``.

The first request for a version streams the export as it is built and writes the same bytes to
a temporary file beside it, renamed into place once complete: a rename is atomic, so a file in
place is always whole. Workers building the same version at once each write their own temporary
file and the last rename wins; both are identical. A stream that stops early (the client went
away, an error) leaves nothing behind. Once a version is in place the other versions of that
export are removed.

Files are never shared between versions, so they need no invalidation; what they do not follow is
a change of the code or of ``SITE_URL`` within one generation and day: ``build_exports`` after a
deployment rebuilds them all.
"""

import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from associations.models import DirectoryGeneration

from . import data_inclusion, hsds, spreadsheet
from .streaming import csv_rows, json_array

logger = logging.getLogger(__name__)

JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
TEMPORARY_SUFFIX = ".tmp"
# A temporary file older than this was left by a worker killed while writing it.
ABANDONED_AFTER_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Export:
    name: str
    filename: str
    content_type: str
    chunks: Callable  # (today) -> iterator of str

    @property
    def folder(self):
        return Path(settings.EXPORTS_DIR) / self.name

    def path(self, generation, today):
        return self.folder / f"{generation}-{today.isoformat()}{Path(self.filename).suffix}"


def _data_inclusion_csv(records, fields):
    return csv_rows(fields, (data_inclusion.csv_row(record, fields) for record in records))


EXPORTS = {
    export.name: export
    for export in [
        Export(
            "data-inclusion-structures-json",
            "structures.json",
            JSON,
            lambda today: json_array(data_inclusion.structures(today)),
        ),
        Export(
            "data-inclusion-services-json",
            "services.json",
            JSON,
            lambda today: json_array(data_inclusion.services(today)),
        ),
        Export(
            "data-inclusion-structures-csv",
            "structures.csv",
            CSV,
            lambda today: _data_inclusion_csv(
                data_inclusion.structures(today), data_inclusion.STRUCTURE_FIELDS
            ),
        ),
        Export(
            "data-inclusion-services-csv",
            "services.csv",
            CSV,
            lambda today: _data_inclusion_csv(
                data_inclusion.services(today), data_inclusion.SERVICE_FIELDS
            ),
        ),
        Export(
            "hsds-organizations",
            "organizations.json",
            JSON,
            lambda today: json_array(hsds.organizations(today)),
        ),
        Export(
            "services-spreadsheet",
            "services-aide-alimentaire-roubaix.csv",
            CSV,
            lambda today: csv_rows(
                spreadsheet.COLUMNS, spreadsheet.rows(today), delimiter=";", bom=True
            ),
        ),
    ]
}


def current_version():
    """(generation, local date): what the content of every export depends on."""
    return DirectoryGeneration.current(), timezone.localdate()


def open_built(export, generation, today):
    """The built file of this version opened for reading, or None if it is not built yet."""
    try:
        return export.path(generation, today).open("rb")
    except (FileNotFoundError, NotADirectoryError):
        return None


def build_while_streaming(export, generation, today):
    """The export's bytes, chunk by chunk, written to its file as they are yielded.

    The file is put in place only when the last chunk has been yielded; closing the generator
    before (GeneratorExit) or an error removes the temporary file.
    """
    final = export.path(generation, today)
    try:
        export.folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            dir=export.folder, prefix=f".{final.name}.", suffix=TEMPORARY_SUFFIX
        )
    except OSError:
        # A folder the app cannot write to (read-only code folder, wrong EXPORTS_DIR): the export
        # is still served, built at every request as before, and the logs say why.
        logger.exception("The %s export cannot be kept in %s", export.name, export.folder)
        for chunk in export.chunks(today):
            yield chunk.encode()
        return
    complete = False
    try:
        with os.fdopen(descriptor, "wb") as file:
            for chunk in export.chunks(today):
                data = chunk.encode()
                file.write(data)
                yield data
        # mkstemp makes the file readable by its owner only; a shared volume or a web server
        # in front may read it as another user. The exports are public data.
        os.chmod(temporary, 0o644)
        os.replace(temporary, final)
        complete = True
    finally:
        if not complete:
            Path(temporary).unlink(missing_ok=True)
    _remove_other_versions(export, final)


def build(export, generation, today):
    """Build the file of this version now, replacing any; its path."""
    for _ in build_while_streaming(export, generation, today):
        pass
    return export.path(generation, today)


def _remove_other_versions(export, kept):
    """Remove the export's files of other versions, and temporary files abandoned long ago.

    A worker that built an older version may finish after one that built a newer version and
    remove its file: the next request builds it again, the price of keeping this simple.
    """
    abandoned = time.time() - ABANDONED_AFTER_SECONDS
    for path in export.folder.iterdir():
        if path.name.startswith("."):
            if path.name.endswith(TEMPORARY_SUFFIX) and _modified(path) < abandoned:
                path.unlink(missing_ok=True)
        elif path != kept:
            path.unlink(missing_ok=True)


def _modified(path):
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return time.time()
