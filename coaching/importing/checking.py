"""Turn text cells into deal or invoice records, cell by cell, and list every problem found.

Each column is converted once per distinct value (exports repeat dates and stages a lot), so a
file of 100 000 rows is checked in seconds.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import Decimal

import pandas as pd

from coaching.formatting import ParseError, parse_date, parse_number
from coaching.importing.fields import FIELDS, REQUIRED, STATUS_HINTS
from coaching.importing.reading import Progress, RawTable

DATE_FIELDS = {"created_date", "close_date", "invoice_date", "due_date", "paid_date"}
NUMBER_FIELDS = {"amount", "payment_term_days"}
LENGTHS = {
    "record_id": 200,
    "name": 500,
    "organisation": 300,
    "owner_name": 200,
    "stage": 200,
    "lost_reason": 500,
    "customer": 300,
    "customer_number": 100,
    "invoice_number": 100,
}
_WON = re.compile(r"\b(won|gewonnen|closed won|closedwon)\b")
_LOST = re.compile(r"\b(lost|verloren|closed lost|closedlost|abgesagt)\b")
_OPEN = re.compile(r"^(open|offen|in progress|in bearbeitung|aktiv|active)?$")
_LARGEST = Decimal("99999999999999.99")
_TOTAL = re.compile(r"^(summe|summen|gesamt|gesamtsumme|zwischensumme|endsumme|total|totals)\b")
_SKIPPED_STATUS = {
    "cancelled": re.compile(r"\b(storniert|storno|cancell?ed|void)\b"),
    "draft": re.compile(r"\b(entwurf|draft)\b"),
}
_TRUE = {"true", "wahr", "1", "ja", "yes", "x"}
_FALSE = {"false", "falsch", "0", "nein", "no"}


@dataclass(frozen=True)
class Problem:
    """One cell (or row) that cannot be imported; row is the file line, header = line 1."""

    row: int
    column: str
    key: str
    values: dict = field(default_factory=dict)


@dataclass
class Checked:
    """The file as it would be imported: valid records, problems, and what is rejected."""

    kind: str
    source: str
    mapping: dict[str, str]
    table: RawTable
    records: list[dict]
    problems: list[Problem]
    rejected: list[int]  # positions in table.frame
    skipped: dict[str, list[int]] = field(default_factory=dict)  # reason -> file lines

    @property
    def read(self) -> int:
        return len(self.table.frame)

    def preview(self, rows: int = 20) -> pd.DataFrame:
        return pd.DataFrame(
            [{k: v for k, v in r.items() if k not in ("row_hash",)} for r in self.records[:rows]]
        )

    def rejected_frame(self, message: Callable[[Problem], str], reason: str) -> pd.DataFrame:
        """The rejected rows exactly as in the file, with the reasons in an extra column."""
        reasons: dict[int, list[str]] = {}
        for problem in self.problems:
            reasons.setdefault(problem.row, []).append(message(problem))
        frame = self.table.frame.iloc[self.rejected].copy()
        first = self.table.header_line + 1
        frame.insert(0, reason, [" · ".join(reasons.get(p + first, [])) for p in self.rejected])
        return frame


def check(
    table: RawTable,
    kind: str,
    source: str,
    mapping: dict[str, str],
    progress: Progress | None = None,
) -> Checked:
    """Convert every mapped column and collect problems; nothing is stored here."""
    report = progress or (lambda _share, _stage: None)
    frame = table.frame
    problems: list[Problem] = [
        Problem(1, "", "data.problem.field_unmapped", {"field": field_name})
        for field_name in REQUIRED[kind]
        if field_name not in mapping
    ]
    if problems:
        return Checked(kind, source, mapping, table, [], problems, list(range(len(frame))))
    skipped = _skipped(frame, kind, mapping)
    columns: dict[str, list] = {}
    bad_rows: set[int] = set()
    for step, field_name in enumerate(FIELDS[kind]):
        header = mapping.get(field_name)
        if header is None:
            columns[field_name] = [None] * len(frame)
            continue
        values, cell_problems = _convert(frame[header].tolist(), field_name, header)
        cell_problems = [p for p in cell_problems if p.row - 2 not in skipped]
        columns[field_name] = values
        problems += cell_problems
        bad_rows |= {p.row - 2 for p in cell_problems}
        report((step + 1) / len(FIELDS[kind]), "check")
    shaped = _deals if kind == "deals" else _invoices
    bad_rows |= set(skipped)
    records = shaped(columns, len(frame), mapping, problems, bad_rows)
    bad_rows -= set(skipped)
    shift = table.header_line - 1  # rows were counted from a header on line 1
    problems = sorted(
        (replace(p, row=p.row + shift) for p in problems), key=lambda p: (p.row, p.column)
    )
    for record in records:
        record["line"] += shift
    by_reason: dict[str, list[int]] = {}
    for position, reason in sorted(skipped.items()):
        by_reason.setdefault(reason, []).append(position + 2 + shift)
    return Checked(kind, source, mapping, table, records, problems, sorted(bad_rows), by_reason)


def _skipped(frame: pd.DataFrame, kind: str, mapping: dict[str, str]) -> dict[int, str]:
    """Rows left out on purpose: totals ('Summe', 'Gesamt'), cancelled and draft invoices."""
    if kind != "invoices":
        return {}
    skipped: dict[int, str] = {}
    number = frame[mapping["invoice_number"]].tolist()
    texts = [frame[h].tolist() for f, h in mapping.items() if f not in ("amount",)]
    for position in range(len(frame)):
        cells = [column[position].strip().casefold() for column in texts]
        if any(_TOTAL.match(cell) for cell in cells) and (
            not number[position].strip() or _TOTAL.match(number[position].strip().casefold())
        ):
            skipped[position] = "total"
    if "invoice_status" in mapping:
        for position, value in enumerate(frame[mapping["invoice_status"]].tolist()):
            for reason, pattern in _SKIPPED_STATUS.items():
                if position not in skipped and pattern.search(value.casefold()):
                    skipped[position] = reason
    return skipped


def _convert(cells: list[str], field_name: str, header: str) -> tuple[list, list[Problem]]:
    converter = _converter(field_name)
    results: dict[str, tuple[object, str | None]] = {}
    for cell in set(cells):
        try:
            results[cell] = (converter(cell), None)
        except ParseError as exc:
            results[cell] = (None, exc.key)
    values = [results[cell][0] for cell in cells]
    failing = {cell for cell, (_, error) in results.items() if error}
    problems = [
        Problem(position + 2, header, _problem_key(results[cell][1]), {"value": cell[:80]})
        for position, cell in enumerate(cells)
        if cell in failing
    ]
    return values, problems


def _problem_key(parse_key: str) -> str:
    return f"data.problem.{parse_key.split('.')[-1]}"


def _converter(field_name: str) -> Callable[[str], object]:
    if field_name in DATE_FIELDS:
        return parse_date
    if field_name == "payment_term_days":
        return _whole_days
    if field_name in NUMBER_FIELDS:
        return _amount
    limit = LENGTHS.get(field_name, 500)
    return lambda cell: " ".join(cell.split())[:limit] or None


def _amount(cell: str) -> Decimal | None:
    value = parse_number(cell)
    if value is not None and abs(value) > _LARGEST:
        raise ParseError("format.too_large", cell)
    return None if value is None else value.quantize(Decimal("0.01"))


def _whole_days(cell: str) -> int | None:
    digits = re.sub(r"(?i)\s*(tage|days|d)\.?$", "", cell.strip())
    value = parse_number(digits)
    if value is None:
        return None
    if value != value.to_integral_value() or not 0 <= value <= 3650:
        raise ParseError("format.not_days", cell)
    return int(value)


def _deals(columns, count, mapping, problems, bad_rows) -> list[dict]:
    records, seen = [], {}
    for position in range(count):
        if position in bad_rows:
            continue
        row = position + 2
        record = {name: columns[name][position] for name in columns}
        if not record["name"]:
            _reject(problems, bad_rows, row, mapping["name"], "data.problem.missing")
            continue
        status = _status(record, mapping)
        if status is None:
            column = mapping["status"]
            value = columns["status"][position] or ""
            _reject(problems, bad_rows, row, column, "data.problem.unknown_status", value=value)
            continue
        record["status"] = status
        if "record_id" in mapping:
            if not record["record_id"]:
                _reject(problems, bad_rows, row, mapping["record_id"], "data.problem.missing")
                continue
        else:
            basis = f"{record['name']}|{record['organisation']}|{record['created_date']}"
            record["record_id"] = "row-" + hashlib.sha1(basis.encode()).hexdigest()[:20]  # noqa: S324
        key = record["record_id"]
        if key in seen:
            column = mapping.get("record_id", mapping["name"])
            _reject(problems, bad_rows, row, column, "data.problem.duplicate_id", first=seen[key])
            continue
        seen[key] = row
        records.append(_finish(record, row))
    return records


def _invoices(columns, count, mapping, problems, bad_rows) -> list[dict]:
    records, seen = [], {}
    for position in range(count):
        if position in bad_rows:
            continue
        row = position + 2
        record = {name: columns[name][position] for name in columns}
        missing = [f for f in REQUIRED["invoices"] if record[f] in (None, "")]
        if missing:
            for field_name in missing:
                _reject(problems, bad_rows, row, mapping[field_name], "data.problem.missing")
            continue
        record.pop("invoice_status")
        term = record.pop("payment_term_days")
        if record["due_date"] is None and term is not None:
            record["due_date"] = record["invoice_date"] + timedelta(days=term)
        key = record["invoice_number"]
        if key in seen:
            column = mapping["invoice_number"]
            _reject(problems, bad_rows, row, column, "data.problem.duplicate_id", first=seen[key])
            continue
        seen[key] = row
        records.append(_finish(record, row))
    return records


def _status(record: dict, mapping: dict[str, str]) -> str | None:
    """Won, lost or open: from IsWon/IsClosed (Salesforce) or Active (Odoo: false = lost),
    else from the status column, else from the stage's words, else open."""
    won, closed, active = (_truth(record.pop(hint, None)) for hint in STATUS_HINTS)
    if won:
        return "won"
    if closed or active is False:
        return "lost"
    if closed is False:
        return "open"
    stated = (record.get("status") or "").casefold()
    if stated:
        if _WON.search(stated):
            return "won"
        if _LOST.search(stated):
            return "lost"
        return "open" if _OPEN.match(stated) else None
    stage = (record.get("stage") or "").casefold()
    if _WON.search(stage):
        return "won"
    if _LOST.search(stage) or record.get("lost_reason"):
        return "lost"
    return "open"


def _truth(value: str | None) -> bool | None:
    text = (value or "").strip().casefold()
    return True if text in _TRUE else False if text in _FALSE else None


def _reject(problems, bad_rows, row: int, column: str, key: str, **values) -> None:
    problems.append(Problem(row, column, key, values))
    bad_rows.add(row - 2)


def _finish(record: dict, row: int) -> dict:
    """The row hash covers every stored value, so any change in the CRM shows as 'updated'."""
    canonical = "\x1f".join("" if v is None else str(v) for v in record.values())
    record["row_hash"] = hashlib.sha256(canonical.encode()).hexdigest()
    record["line"] = row
    return record
