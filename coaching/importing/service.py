"""The import as one use case: mapping for a file, storing checked rows, the summary."""

from dataclasses import dataclass, field

from sqlalchemy import Engine

from coaching.content import catalog
from coaching.importing.checking import Checked, Problem, check
from coaching.importing.fields import FIELDS, SOURCES, auto_mapping, detect_source, merge_mapping
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

    def as_dict(self, lang: str) -> dict:
        return {
            "read": self.read,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [
                {"row": p.row, "column": p.column, "message": problem_text(p, lang)}
                for p in self.problems
            ],
        }


def problem_text(problem: Problem, lang: str) -> str:
    return catalog(lang).text(problem.key, column=problem.column, **problem.values)


def mapping_for(engine: Engine, team_id: int, kind: str, table: RawTable, source: str) -> tuple:
    """(source, mapping): 'auto' detects the tool; a remembered hand mapping wins where it fits."""
    if source == "auto" or source not in SOURCES[kind]:
        source = detect_source(kind, table.headers)
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
        read=checked.read, rejected=len(checked.rejected), problems=list(checked.problems)
    )
    if not checked.records or (mode == "all_or_nothing" and checked.problems):
        return summary
    with write(engine) as conn:
        known = repo.known_hashes(conn, team_id, checked.kind, checked.source)
        key = "record_id" if checked.kind == "deals" else "invoice_number"
        changed = []
        for record in checked.records:
            before = known.get(record[key])
            if before is None:
                summary.new += 1
            elif before == record["row_hash"]:
                summary.unchanged += 1
                continue
            else:
                summary.updated += 1
            changed.append(record)
        if checked.kind == "invoices":
            changed = _with_customers(conn, team_id, changed)
        repo.upsert(
            conn,
            team_id,
            checked.kind,
            checked.source,
            changed,
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
) -> Summary:
    """Read, map, check and store in one go (the command line); ImportRefused for a bad file."""
    table = read_table(data, file_name, progress)
    source, mapping = mapping_for(engine, team_id, kind, table, source)
    checked = check(table, kind, source, mapping, progress)
    return store(engine, team_id, checked, mode, progress)


def _with_customers(conn, team_id: int, records: list[dict]) -> list[dict]:
    """The invoice records with their customer's id (copies: the checked file stays as read)."""
    keyed = [r | {"customer_key": " ".join(r["customer"].lower().split())} for r in records]
    named = {}
    for record in keyed:
        named.setdefault(record["customer_key"], (record["customer"], record["customer_number"]))
    ids = repo.customer_ids(conn, team_id, named)
    return [r | {"customer_id": ids[r["customer_key"]]} for r in keyed]
