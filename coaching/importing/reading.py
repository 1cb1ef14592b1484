"""Read a CSV or XLSX export as it really comes: every cell as text, nothing guessed twice.

Encoding: strict UTF-8 (with or without BOM), then Windows-1252; a general detector guesses wrong
on short German files. Delimiter: the candidate that splits the header and the first rows into
the same number of fields; a file where none does is one column.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

MAX_BYTES = 50 * 1024 * 1024  # the same limit as server.maxUploadSize in .streamlit/config.toml
DELIMITERS = (";", "\t", ",")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_QUOTED = re.compile(r'"(?:[^"]|"")*"')

Progress = Callable[[float, str], None]


class ImportRefused(Exception):
    """The whole file cannot be read; `key` names a message: what is wrong, what to do."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class RawTable:
    """The file's cells as text; row numbers in messages are file lines (header = line 1)."""

    frame: pd.DataFrame
    file_name: str
    encoding: str | None
    delimiter: str | None

    @property
    def headers(self) -> list[str]:
        return list(self.frame.columns)


def read_table(data: bytes, file_name: str, progress: Progress | None = None) -> RawTable:
    """The export as a frame of text cells, or ImportRefused saying what is wrong with the file."""
    report = progress or (lambda _share, _stage: None)
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            "data.refused.too_big", size=_megabytes(len(data)), limit=_megabytes(MAX_BYTES)
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportRefused("data.refused.empty")
    report(0.1, "read")
    if data[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data)
        encoding, delimiter = None, None
    else:
        text, encoding = _decode(data)
        delimiter = detect_delimiter(text)
        rows = None
    report(0.4, "read")
    frame = _frame_from_rows(rows) if rows is not None else _frame_from_text(text, delimiter)
    report(1.0, "read")
    return RawTable(frame=frame, file_name=file_name, encoding=encoding, delimiter=delimiter)


def detect_delimiter(text: str) -> str | None:
    """`;`, tab or `,` when it splits the header and most sample lines alike; None: one column."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return None
    sample = [_QUOTED.sub("", line) for line in lines]
    header, body = sample[0], sample[1:21]
    best, best_score = None, 0
    for candidate in DELIMITERS:
        expected = header.count(candidate)
        if expected == 0:
            continue
        agreeing = sum(1 for line in body if line.count(candidate) == expected)
        consistent = not body or agreeing >= 0.8 * len(body)
        score = expected + (1000 if consistent else 0)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:8192]:
        raise ImportRefused("data.refused.binary")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text[:20000])) > 0:
            raise ImportRefused("data.refused.binary")
        return text, "utf-8" if encoding == "utf-8-sig" else "windows-1252"
    raise ImportRefused("data.refused.encoding")


def _frame_from_text(text: str, delimiter: str | None) -> pd.DataFrame:
    try:
        frame = pd.read_csv(
            io.BytesIO(text.encode("utf-8")),
            sep=delimiter or "\x1f",
            header=None,
            dtype=object,
            encoding="utf-8",
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
            engine="c",
            quoting=csv.QUOTE_MINIMAL if delimiter else csv.QUOTE_NONE,
        )
    except pd.errors.EmptyDataError as exc:
        raise ImportRefused("data.refused.empty") from exc
    except pd.errors.ParserError as exc:
        raise _parser_refusal(str(exc)) from exc
    return _with_header(frame.fillna(""))


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportRefused("data.refused.not_xlsx") from exc
    except Exception as exc:  # openpyxl raises many kinds on damaged workbooks
        raise ImportRefused("data.refused.not_xlsx") from exc
    try:
        sheet = book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return [row for row in rows if any(cell.strip() for cell in row)]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        midnight = value.time() == datetime.min.time()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _frame_from_rows(rows: list[list[str]]) -> pd.DataFrame:
    if not rows:
        raise ImportRefused("data.refused.empty")
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    return _with_header(pd.DataFrame(padded, dtype=object))


def _with_header(frame: pd.DataFrame) -> pd.DataFrame:
    header = [str(cell).strip() for cell in frame.iloc[0]]
    while header and not header[-1] and not frame.iloc[1:, len(header) - 1].map(str.strip).any():
        frame = frame.iloc[:, :-1]
        header = header[:-1]
    header = [name or f"#{number}" for number, name in enumerate(header, start=1)]
    seen: dict[str, str] = {}
    for name in header:
        key = name.casefold()
        if key in seen:
            raise ImportRefused("data.refused.duplicate_columns", column=name)
        seen[key] = name
    body = frame.iloc[1:].reset_index(drop=True)
    if body.empty:
        raise ImportRefused("data.refused.no_rows")
    body.columns = header
    return body


def _parser_refusal(message: str) -> ImportRefused:
    if "EOF inside string" in message:
        found = re.search(r"row (\d+)", message)
        return ImportRefused("data.refused.quoting", line=int(found.group(1)) + 1 if found else "?")
    found = re.search(r"line (\d+), saw (\d+)", message)
    expected = re.search(r"Expected (\d+) fields", message)
    if found and expected:
        line, seen, width = found.group(1), found.group(2), expected.group(1)
        return ImportRefused("data.refused.ragged", line=line, expected=width, seen=seen)
    return ImportRefused("data.refused.unreadable")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"
