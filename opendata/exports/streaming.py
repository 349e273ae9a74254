"""Serialise record generators as JSON arrays or CSV, piece by piece, for streaming responses."""

import csv
import json

from ..csv_safety import neutralise


def json_array(records):
    """A JSON array, one element per chunk of text, never the whole document in memory."""
    yield "["
    separator = "\n"
    for record in records:
        yield separator + json.dumps(record, ensure_ascii=False, default=str)
        separator = ",\n"
    yield "\n]\n"


class _Line:
    """A file-like object whose write returns the line for csv.writer to hand back."""

    def write(self, value):
        return value


def csv_rows(header, rows, delimiter=",", bom=False):
    """CSV text line by line: ``rows`` are lists of values in the order of ``header``. Every CSV
    the site writes comes from here, its cells neutralised (csv_safety.py)."""
    writer = csv.writer(_Line(), delimiter=delimiter)
    first = writer.writerow(header)
    yield ("\ufeff" + first) if bom else first
    for row in rows:
        yield writer.writerow(["" if value is None else neutralise(value) for value in row])
