"""Read a CSV or XLSX export as it really comes: every cell as text, nothing guessed twice.

Encoding: strict UTF-8 (with or without BOM), then Windows-1252; a general detector guesses wrong
on short German files. Delimiter: the candidate that splits the header and the first rows into
the same number of fields; a file where none does is one column.
"""

import csv
import io
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd

from coaching.importing import layouts
from coaching.importing.limits import ImportRefused, Limits, current_limits
from coaching.importing.xlsx import xlsx_rows

DELIMITERS = (";", "\t", ",")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
_LOG = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

__all__ = ["ImportRefused", "Progress", "RawTable", "detect_delimiter", "read_table"]


@dataclass(frozen=True)
class RawTable:
    """The file's cells as text; messages name file lines (the header is on `header_line`)."""

    frame: pd.DataFrame
    file_name: str
    encoding: str | None
    delimiter: str | None
    header_line: int = 1
    layout: str | None = None  # "datev": an EXTF booking batch, turned into invoices

    @property
    def headers(self) -> list[str]:
        return list(self.frame.columns)


def read_table(
    data: bytes,
    file_name: str,
    progress: Progress | None = None,
    limits: Limits | None = None,
    header_line: int | None = None,
) -> RawTable:
    """The export as a frame of text cells, or ImportRefused saying what is wrong with the file.

    A title above the header is refused with the line the header seems to be on, unless
    `header_line` names it. Whatever goes wrong while parsing (a parser's own error,
    MemoryError, RecursionError) ends as a refusal carrying a reference that is also in the
    server log, never as a crash.
    """
    name = PurePosixPath(file_name.replace("\\", "/")).name or "upload"
    report = progress or (lambda _share, _stage: None)
    try:
        return _read(data, name, report, limits or current_limits(), header_line)
    except ImportRefused:
        raise
    except (MemoryError, RecursionError, Exception) as exc:  # noqa: BLE001 the page must live
        reference = secrets.token_hex(4)
        _LOG.error("import %s: reading %r failed", reference, name, exc_info=exc)
        raise ImportRefused("data.refused.failed", reference=reference) from None


def _read(
    data: bytes, name: str, report: Progress, limits: Limits, header_line: int | None
) -> RawTable:
    limits.check_size(len(data))
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportRefused("data.refused.empty")
    report(0.1, "read")
    datev = None
    if _content_kind(data, name) == "xlsx":
        rows = xlsx_rows(data, limits)
        start = _header_start(rows[:30], header_line)
        frame = _frame_from_rows(rows[start - 1 :])
        encoding, delimiter, line = None, None, start
    else:
        text, encoding = _decode(data)
        datev, text = layouts.datev_header(text)
        delimiter = detect_delimiter(text)
        report(0.4, "read")
        first = [_cells(line, delimiter) for line in _first_lines(text, 30)]
        start = _header_start(first, header_line)
        frame = _frame_from_text(_from_line(text, start), delimiter, limits)
        line = start + (1 if datev else 0)
    layouts.check_structure(frame, delimiter, first_line=line)
    frame = layouts.without_footer(frame)
    if frame.empty:
        raise ImportRefused("data.refused.no_rows")
    if datev:
        frame = layouts.datev_invoices(frame, datev)
    report(1.0, "read")
    layout = "datev" if datev else None
    return RawTable(frame, name, encoding, delimiter, header_line=line, layout=layout)


def _header_start(lines: list[list[str]], requested: int | None) -> int:
    """The header's line: as the person chose, else line 1, or a refusal naming where it seems."""
    if requested:
        return requested
    found = layouts.header_line(lines)
    above = [cell.strip() for cells in lines[: found - 1] for cell in cells if cell.strip()]
    if found > 1 and above:
        raise ImportRefused("data.refused.preamble", line=found, before=above[0][:60])
    return 1


def _first_lines(text: str, count: int) -> list[str]:
    lines, start = [], 0
    while len(lines) < count and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        lines.append(text[start:end].rstrip("\r"))
        start = end + 1
    return lines


def _from_line(text: str, line: int) -> str:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1 or len(text)
    return text[start:] if start else text


def _cells(line: str, delimiter: str | None) -> list[str]:
    if delimiter is None:
        return [line]
    return next(csv.reader([line], delimiter=delimiter), [])


def detect_delimiter(text: str) -> str | None:
    """`;`, tab or `,` when it splits the header and most sample lines alike; None: one column."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return None
    sample = [_QUOTED.sub("", line) for line in lines]
    start = 0
    if not any(candidate in sample[0] for candidate in DELIMITERS):  # a title above the header
        wide = (i for i, line in enumerate(sample[:10]) if max(map(line.count, DELIMITERS)) >= 2)
        start = next(wide, 0)
    header, body = sample[start], sample[start + 1 : start + 21]
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


def _content_kind(data: bytes, name: str) -> str:
    """'xlsx' or 'text' by what the bytes are; a name that says otherwise is refused."""
    suffix = PurePosixPath(name.lower()).suffix
    if data[:4] == b"PK\x03\x04":
        if suffix in _TEXT_SUFFIXES:
            raise ImportRefused("data.refused.extension_mismatch", file=name, content="XLSX")
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportRefused("data.refused.old_excel")
    if suffix in (".xlsx", ".xlsm"):
        if _looks_like_text(data[:4096]):
            raise ImportRefused("data.refused.extension_mismatch", file=name, content="CSV")
        raise ImportRefused("data.refused.not_xlsx")
    return "text"


_TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


def _looks_like_text(head: bytes) -> bool:
    """At most one control byte in twenty: text with a stray NUL, not a binary file."""
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return bool(head) and controls * 20 <= len(head)


def _decode(data: bytes) -> tuple[str, str]:
    """Text and its encoding: UTF-16 (Excel's 'Unicode text'), UTF-8, then Windows-1252."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or _utf16_without_bom(data):
        try:
            return data.decode(
                "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-16-le"
            ), "utf-16"
        except UnicodeDecodeError as exc:
            raise ImportRefused("data.refused.encoding") from exc
    if not _looks_like_text(data[:8192]):
        raise ImportRefused("data.refused.binary")
    if (nul := data.find(b"\x00")) >= 0:
        raise ImportRefused("data.refused.nul", line=data.count(b"\n", 0, nul) + 1)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text, 0, 20000):
            raise ImportRefused("data.refused.binary")
        return text, "utf-8" if encoding == "utf-8-sig" else "windows-1252"
    raise ImportRefused("data.refused.encoding")


def _utf16_without_bom(data: bytes) -> bool:
    head = data[:200]
    return len(head) >= 4 and head[0] != 0 and not any(head[1::2])


def _frame_from_text(text: str, delimiter: str | None, limits: Limits) -> pd.DataFrame:
    """Parsed only once its shape (lines x header fields) is known to be within the ceilings."""
    lines = text.count("\n") + (not text.endswith("\n"))
    limits.check_shape(max(lines - 1, 0), _header_width(text, delimiter))
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


def _header_width(text: str, delimiter: str | None) -> int:
    if delimiter is None:
        return 1
    start = 0
    while (end := text.find("\n", start)) >= 0 and not text[start:end].strip():
        start = end + 1
    first = text[start : end if end >= 0 else len(text)]
    return max((len(fields) for fields in csv.reader([first], delimiter=delimiter)), default=1)


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
