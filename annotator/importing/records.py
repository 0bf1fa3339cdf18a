"""Which tool wrote a record: a JSON object or CSV header is looked at before it is read.

The JSON and CSV readers (:mod:`.tabular`) stream records; this module decides
for each one whether it is a plain article, a doccano record or a Label Studio
task, by its keys rather than by the file's name. A record of a known format
that cannot be read gets a message naming the format, never the plain
reader's "no body".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from annotator.importing import doccano, label_studio
from annotator.importing.errors import ReadError
from annotator.importing.metadata import ImportContext
from annotator.importing.tabular import Convert, draft_from_record


def json_records(context: ImportContext) -> Convert:
    """The converter of JSON records, with the Label Studio text keys ``context`` knows."""
    def convert(record: Mapping[str, Any], source_file: str | None, line: int) -> list[Any]:
        if label_studio.is_task(record):
            return label_studio.from_task(record, source_file, line, context.text_keys)
        if doccano.is_doccano(record):
            return doccano.from_record(record, source_file, line)
        try:
            return [draft_from_record(record, source_file, line)]
        except ReadError as exc:
            raise ReadError(_known_format(record) or exc.reason, line) from None
    return convert


def _known_format(record: Mapping[str, Any]) -> str | None:
    """What a record without a body is, when its keys say which tool wrote it."""
    keys = set(record)
    if keys & set(label_studio.WORK_KEYS):
        return ("a Label Studio task without a \"data\" object holding its text; "
                "export the project as JSON from Label Studio")
    if keys & set(doccano.SPAN_KEYS):
        return "a doccano record without a \"text\" field"
    return None


def csv_header(context: ImportContext):
    """For a CSV header: Label Studio's export converter, a reason it cannot be read, or None."""
    def by_header(header: list[str]) -> Convert | str | None:
        if not label_studio.is_csv_export(header):
            return None
        keys = {"text", *context.text_keys.values()}
        if not keys & set(header):
            return label_studio.csv_without_text(header)

        def convert(record: Mapping[str, Any], source_file: str | None, line: int) -> list:
            return list(label_studio.from_csv_row(record, source_file, line,
                                                  context.text_keys))
        return convert
    return by_header
