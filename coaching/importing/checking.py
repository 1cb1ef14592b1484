"""Turn text cells into deal or invoice records, column by column, and list every problem found.

Each column is converted once per distinct value (exports repeat dates and stages a lot) and the
records stay columns until read, so a file of 100 000 rows is checked in about half a second.
"""

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import Decimal

import numpy as np
import pandas as pd

from coaching.formatting import ParseError, parse_date, parse_number
from coaching.importing.fields import FIELDS, REQUIRED, STATUS_HINTS
from coaching.importing.layouts import distinct_cells
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
_CENTS = re.compile(r"-?\d{1,3}(?:\.\d{3}){0,3},\d\d")  # "12.345,67": German, never too large
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


class Records(Sequence):
    """The valid rows, held column by column; a row becomes a dict only when it is read (a dict
    per row was most of an import's memory)."""

    def __init__(self, columns: dict[str, np.ndarray]) -> None:
        self.columns = columns  # field -> one value per record, row_hash and line included

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(self.where(index))
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return {name: values[index] for name, values in self.columns.items()}

    def __iter__(self):
        names = list(self.columns)
        for row in zip(*self.columns.values(), strict=True):
            yield dict(zip(names, row, strict=True))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def where(self, chosen: np.ndarray | slice) -> "Records":
        """The records `chosen` picks: one bool per record, or a slice."""
        return Records({name: values[chosen] for name, values in self.columns.items()})


@dataclass
class Checked:
    """The file as it would be imported: valid records, problems, and what is rejected."""

    kind: str
    source: str
    mapping: dict[str, str]
    table: RawTable
    records: Records
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
        rejected = list(range(len(frame)))
        return Checked(kind, source, mapping, table, Records({}), problems, rejected)
    skipped = _skipped(frame, kind, mapping)
    columns: dict[str, Column] = {}
    bad_rows: set[int] = set()
    for step, field_name in enumerate(FIELDS[kind]):
        header = mapping.get(field_name)
        if header is None:
            columns[field_name] = Column.missing(len(frame))
            continue
        column, cell_problems = _convert(frame[header].to_numpy(), field_name, header)
        cell_problems = [p for p in cell_problems if p.row - 2 not in skipped]
        columns[field_name] = column
        problems += cell_problems
        bad_rows |= {p.row - 2 for p in cell_problems}
        report((step + 1) / len(FIELDS[kind]), "check")
    shaped = _deals if kind == "deals" else _invoices
    bad_rows |= set(skipped)
    kept = shaped(columns, len(frame), mapping, problems, bad_rows)
    bad_rows -= set(skipped)
    shift = table.header_line - 1  # rows were counted from a header on line 1
    records = _records(columns, kept, first=2 + shift)
    problems = sorted(
        (replace(p, row=p.row + shift) for p in problems), key=lambda p: (p.row, p.column)
    )
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


@dataclass
class Column:
    """One field's values for every row, beside the text each adds to the row hash."""

    values: np.ndarray
    texts: np.ndarray

    @classmethod
    def missing(cls, count: int) -> "Column":
        """An unmapped field: no value in any row."""
        return cls(np.full(count, None, dtype=object), np.full(count, "", dtype=object))

    @classmethod
    def of(cls, values: list) -> "Column":
        values = np.array(values, dtype=object)
        return cls(values, np.array([_text(v) for v in values], dtype=object))


def _convert(cells: np.ndarray, field_name: str, header: str) -> tuple[Column, list[Problem]]:
    """Each distinct cell is converted once (exports repeat dates and stages a lot)."""
    converter = _converter(field_name)
    codes, distinct = distinct_cells(cells)
    values = np.empty(len(distinct), dtype=object)
    errors: dict[int, str] = {}
    for index, cell in enumerate(distinct):
        try:
            values[index] = converter(cell)
        except ParseError as exc:
            errors[index] = exc.key
    texts = np.array([_text(value) for value in values], dtype=object)
    failing = np.flatnonzero(np.isin(codes, list(errors))).tolist()
    problems = [
        Problem(p + 2, header, _problem_key(errors[codes[p]]), {"value": cells[p][:80]})
        for p in failing
    ]
    return Column(values[codes], texts[codes]), problems


def _text(value: object) -> str:
    return "" if value is None else str(value)


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
    if _CENTS.fullmatch(cell):  # what parse_number makes of it, without trying every format
        return Decimal(cell.replace(".", "").replace(",", "."))
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


def _deals(columns, count, mapping, problems, bad_rows) -> list[int]:
    """The positions of the rows to store; the columns get their status and record id."""
    hints = [columns.pop(hint).values for hint in STATUS_HINTS]
    status, stage, reason = (columns[f].values for f in ("status", "stage", "lost_reason"))
    statuses = _by_distinct(_status, *hints, status, stage, reason)
    names = columns["name"].values
    if "record_id" not in mapping:
        organisation, created = columns["organisation"].values, columns["created_date"].values
        basis = zip(names, organisation, created, strict=True)
        columns["record_id"] = Column.of([_generated_id(*values) for values in basis])
    ids = columns["record_id"].values
    kept, seen = [], {}
    for position in range(count):
        if position in bad_rows:
            continue
        row = position + 2
        if not names[position]:
            _reject(problems, bad_rows, row, mapping["name"], "data.problem.missing")
            continue
        if statuses[position] is None:
            column, value = mapping["status"], status[position] or ""
            _reject(problems, bad_rows, row, column, "data.problem.unknown_status", value=value)
            continue
        if "record_id" in mapping and not ids[position]:
            _reject(problems, bad_rows, row, mapping["record_id"], "data.problem.missing")
            continue
        key = ids[position]
        if key in seen:
            column = mapping.get("record_id", mapping["name"])
            _reject(problems, bad_rows, row, column, "data.problem.duplicate_id", first=seen[key])
            continue
        seen[key] = row
        kept.append(position)
    columns["status"] = Column.of(statuses)
    return kept


def _generated_id(name: str, organisation: str | None, created: object) -> str:
    basis = f"{name}|{organisation}|{created}"
    return "row-" + hashlib.sha1(basis.encode()).hexdigest()[:20]  # noqa: S324


def _invoices(columns, count, mapping, problems, bad_rows) -> list[int]:
    """The positions of the rows to store; the columns get their due date."""
    values = {name: column.values for name, column in columns.items()}
    kept, seen = [], {}
    for position in range(count):
        if position in bad_rows:
            continue
        row = position + 2
        missing = [f for f in REQUIRED["invoices"] if values[f][position] in (None, "")]
        if missing:
            for field_name in missing:
                _reject(problems, bad_rows, row, mapping[field_name], "data.problem.missing")
            continue
        key = values["invoice_number"][position]
        if key in seen:
            column = mapping["invoice_number"]
            _reject(problems, bad_rows, row, column, "data.problem.duplicate_id", first=seen[key])
            continue
        seen[key] = row
        kept.append(position)
    del columns["invoice_status"]
    term = columns.pop("payment_term_days").values
    due = values["due_date"].copy()
    for position in kept:
        if due[position] is None and term[position] is not None:
            due[position] = values["invoice_date"][position] + timedelta(days=term[position])
    columns["due_date"] = Column.of(due)
    return kept


def _by_distinct(function: Callable, *columns) -> list:
    """function(*row) for every row, called once per distinct combination of values."""
    rows = list(zip(*columns, strict=True))
    results = {row: function(*row) for row in set(rows)}
    return [results[row] for row in rows]


def _status(is_won, is_closed, active, status, stage, lost_reason) -> str | None:
    """Won, lost or open: from IsWon/IsClosed (Salesforce) or Active (Odoo: false = lost),
    else from the status column, else from the stage's words, else open."""
    won, closed, active = _truth(is_won), _truth(is_closed), _truth(active)
    if won:
        return "won"
    if closed or active is False:
        return "lost"
    if closed is False:
        return "open"
    stated = (status or "").casefold()
    if stated:
        if _WON.search(stated):
            return "won"
        if _LOST.search(stated):
            return "lost"
        return "open" if _OPEN.match(stated) else None
    stage = (stage or "").casefold()
    if _WON.search(stage):
        return "won"
    if _LOST.search(stage) or lost_reason:
        return "lost"
    return "open"


def _truth(value: str | None) -> bool | None:
    text = (value or "").strip().casefold()
    return True if text in _TRUE else False if text in _FALSE else None


def _reject(problems, bad_rows, row: int, column: str, key: str, **values) -> None:
    problems.append(Problem(row, column, key, values))
    bad_rows.add(row - 2)


def _records(columns: dict[str, Column], kept: list[int], first: int) -> Records:
    """The kept rows with their file line (`first` for position 0); the row hash covers every
    stored value, so any change in the CRM shows as 'updated'."""
    kept = np.array(kept, dtype=np.intp)
    count = len(next(iter(columns.values())).values)
    chosen = slice(None) if len(kept) == count else kept  # all rows: views, not copies
    values = {name: column.values[chosen] for name, column in columns.items()}
    texts = zip(*(column.texts[chosen] for column in columns.values()), strict=True)
    hashes = [hashlib.sha256("\x1f".join(row).encode()).hexdigest() for row in texts]
    values["row_hash"] = np.array(hashes, dtype=object)
    values["line"] = (kept + first).astype(object)
    return Records(values)
