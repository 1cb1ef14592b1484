"""The import as one use case: mapping for a file, storing checked rows, the summary."""

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Engine

from coaching.content import catalog
from coaching.importing.checking import Checked, Problem, Records, check
from coaching.importing.fields import (
    FIELDS,
    SOURCES,
    auto_mapping,
    chosen_columns,
    detect_source,
    merge_mapping,
)
from coaching.importing.reading import Progress, RawTable, read_table
from coaching.store import imports as repo
from coaching.store import read, write

MODES = ("valid_rows", "all_or_nothing")


@dataclass
class Summary:
    """What an import did; `stored` is False when nothing was written."""

    read: int
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    stored: bool = False
    skipped: dict[str, list[int]] = field(default_factory=dict)  # reason -> file lines

    def as_dict(self, lang: str) -> dict:
        return {
            "read": self.read,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "skipped": {reason: len(lines) for reason, lines in self.skipped.items()},
            "errors": [
                {"row": p.row, "column": p.column, "message": problem_text(p, lang)}
                for p in self.problems
            ],
        }


def problem_text(problem: Problem, lang: str) -> str:
    """The problem in words; a field is named by its label ('Betrag'), never its key."""
    words = catalog(lang)
    values = dict(problem.values)
    if "field" in values:
        values["field"] = words.text(f"data.field.{values['field']}")
    return words.text(problem.key, column=problem.column, **values)


def skipped_text(reason: str, lines: list[int], lang: str) -> str:
    """'2 Summenzeilen übersprungen (Zeile 14, 20).' for rows left out on purpose."""
    shown = ", ".join(str(line) for line in lines[:10]) + (" …" if len(lines) > 10 else "")
    return catalog(lang).text(f"data.skipped.{reason}", count=len(lines), lines=shown)


def mapping_for(engine: Engine, team_id: int, kind: str, table: RawTable, source: str) -> tuple:
    """(source, mapping): 'auto' detects the tool; a remembered hand mapping wins where it fits."""
    if source == "auto" or source not in SOURCES[kind]:
        source = (
            table.layout if table.layout in SOURCES[kind] else detect_source(kind, table.headers)
        )
    with read(engine) as conn:
        remembered = repo.remembered_mapping(conn, team_id, kind, source)
    auto = auto_mapping(kind, source, table.headers)
    return source, merge_mapping(kind, auto, remembered, table.headers)


def store(
    engine: Engine,
    team_id: int,
    checked: Checked,
    mode: str = "valid_rows",
    progress: Progress | None = None,
    remember: bool = False,
) -> Summary:
    """Write the checked rows in one transaction; in all_or_nothing mode any problem stores none."""
    report = progress or (lambda _share, _stage: None)
    summary = Summary(
        read=checked.read,
        rejected=len(checked.rejected),
        problems=list(checked.problems),
        skipped=dict(checked.skipped),
    )
    if not checked.records or (mode == "all_or_nothing" and checked.problems):
        return summary
    with write(engine) as conn:
        known = repo.known_hashes(conn, team_id, checked.kind, checked.source)
        changed = _changed(checked, known, summary)
        if checked.kind == "invoices":
            columns = _with_customers(conn, team_id, changed)
        else:
            columns = changed.columns
        repo.upsert(
            conn,
            team_id,
            checked.kind,
            checked.source,
            columns,
            progress=lambda share: report(share, "store"),
        )
        if remember:
            chosen = {f: checked.mapping[f] for f in FIELDS[checked.kind] if f in checked.mapping}
            repo.remember_mapping(conn, team_id, checked.kind, checked.source, chosen)
    summary.stored = True
    report(1.0, "store")
    return summary


def import_file(
    engine: Engine,
    team_id: int,
    data: bytes,
    file_name: str,
    kind: str,
    source: str = "auto",
    mode: str = "valid_rows",
    progress: Progress | None = None,
    columns: dict[str, str] | None = None,
    header_line: int | None = None,
) -> Summary:
    """Read, map, check and store in one go (the command line); ImportRefused for a bad file.

    `columns` (field -> column) is chosen by hand like in the UI: it wins over the detected
    and the remembered mapping, and is remembered for this source when the import stores.
    """
    table = read_table(data, file_name, progress, header_line=header_line)
    source, mapping = mapping_for(engine, team_id, kind, table, source)
    chosen = chosen_columns(kind, columns or {}, table.headers)
    mapping = merge_mapping(kind, mapping, chosen, table.headers)
    checked = check(table, kind, source, mapping, progress)
    return store(engine, team_id, checked, mode, progress, remember=bool(chosen))


def _changed(checked: Checked, known: dict[str, str], summary: Summary) -> Records:
    """The new and updated records, counted in the summary; unchanged rows are never built."""
    columns = checked.records.columns
    key = "record_id" if checked.kind == "deals" else "invoice_number"
    before = [known.get(k) for k in columns[key]]
    hashes = columns["row_hash"]
    unchanged = np.array([b == h for b, h in zip(before, hashes, strict=True)], dtype=bool)
    summary.new = before.count(None)
    summary.unchanged = int(unchanged.sum())
    summary.updated = len(before) - summary.new - summary.unchanged
    return checked.records.where(~unchanged)


def _with_customers(conn, team_id: int, records: Records) -> dict[str, np.ndarray]:
    """The invoice columns with each row's customer id (a copy: the checked file stays as read)."""
    names, numbers = records.columns["customer"], records.columns["customer_number"]
    keys = [" ".join(name.lower().split()) for name in names]
    named = {}
    for key, name, number in zip(keys, names, numbers, strict=True):
        named.setdefault(key, (name, number))
    ids = repo.customer_ids(conn, team_id, named)
    return records.columns | {"customer_id": np.array([ids[key] for key in keys], dtype=object)}
