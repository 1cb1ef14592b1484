"""`import FILE --kind deals|invoices` and `export data|backup`: data in and out for scripts."""

import os
from pathlib import Path

from coaching import data_export
from coaching.cli.result import Result, add_json_flag, cli_text, store
from coaching.importing import (
    KINDS,
    MODES,
    SOURCES,
    ImportRefused,
    Summary,
    import_file,
    skipped_text,
)
from coaching.store import accounts as repo
from coaching.store import read


def register(subparsers) -> None:
    parser = subparsers.add_parser("import", help="CRM- oder Rechnungsexport einlesen / import")
    parser.add_argument("file", type=Path)
    parser.add_argument("--kind", choices=KINDS, required=True)
    sources = sorted({s for kind in KINDS for s in SOURCES[kind]})
    parser.add_argument("--source", choices=["auto", *sources], default="auto")
    parser.add_argument("--team-id", type=int, help="Team (Standard: das erste echte Team)")
    parser.add_argument("--mode", choices=MODES, default="valid_rows")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FELD=SPALTE",
        help="Spalte von Hand zuordnen, z. B. --map amount='Betrag brutto' (wiederholbar; "
        "wird für diese Herkunft gespeichert) / map a column by hand, repeatable",
    )
    parser.add_argument(
        "--header-line",
        type=int,
        metavar="N",
        help="Die Überschrift steht in Zeile N (Titel darüber) / the header is on line N",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run_import)

    export = subparsers.add_parser("export", help="Daten exportieren, Sicherung / export, backup")
    actions = export.add_subparsers(dest="action", required=True)
    data = actions.add_parser("data", help="Daten einer Person (Teamleitung: des Teams)")
    data.add_argument("email")
    data.add_argument("--format", choices=data_export.FORMATS, default="xlsx")
    data.add_argument("--output", type=Path, required=True)
    backup = actions.add_parser("backup", help="SQLite-Sicherung mit Integritätsprüfung")
    backup.add_argument("--output", type=Path, required=True)
    for sub in (data, backup):
        add_json_flag(sub)
    data.set_defaults(handler=run_export_data)
    backup.set_defaults(handler=run_backup)


def run_import(args) -> Result:
    lang = _lang()
    engine = store()
    team_id = args.team_id or _first_team(engine)
    if team_id is None:
        return Result(False, cli_text("data.cli.no_team"))
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        return Result(False, cli_text("data.cli.unreadable", file=args.file, detail=exc.strerror))
    try:
        summary = import_file(
            engine,
            team_id,
            data,
            args.file.name,
            args.kind,
            args.source,
            args.mode,
            columns=_chosen(args.map),
            header_line=args.header_line,
        )
    except ImportRefused as exc:
        message = cli_text(exc.key, **exc.values_in(lang))
        refused = Summary(read=0)
        payload = refused.as_dict(lang) | {
            "errors": [{"row": None, "column": None, "message": message}]
        }
        return Result(False, message, payload)
    lines = [cli_text("data.cli.summary", **_counts(summary))]
    lines += [skipped_text(reason, found, lang) for reason, found in summary.skipped.items()]
    errors = summary.as_dict(lang)["errors"]
    lines += [f"  {e['row']:>6}  {e['column']}: {e['message']}" for e in errors]
    if not summary.stored:
        lines.append(cli_text("data.cli.nothing_stored"))
    ok = summary.stored or not summary.problems
    return Result(ok, "\n".join(lines), summary.as_dict(lang))


def run_export_data(args) -> Result:
    engine = store()
    with read(engine) as conn:
        user = repo.user_by_email(conn, args.email)
    if user is None:
        return Result(False, cli_text("auth.unknown_user", email=args.email))
    frames = data_export.export_tables(engine, user)
    content, _suffix, _mime = data_export.export_bytes(frames, args.format, user.language)
    args.output.write_bytes(content)
    counts = {name: len(frame) for name, frame in frames.items()}
    message = cli_text("data.cli.exported", file=args.output, tables=len(frames))
    return Result(True, message, {"file": str(args.output), "rows": counts})


def run_backup(args) -> Result:
    try:
        content = data_export.sqlite_backup(store())
    except data_export.BackupFailed as exc:
        return Result(False, cli_text(exc.key))
    args.output.write_bytes(content)
    message = cli_text("data.cli.backup_done", file=args.output, size=len(content))
    return Result(True, message, {"file": str(args.output), "bytes": len(content)})


def _chosen(pairs: list[str]) -> dict[str, str]:
    """'amount=Betrag brutto' -> {'amount': 'Betrag brutto'}; a pair without '=' is refused."""
    chosen = {}
    for pair in pairs:
        name, equals, column = pair.partition("=")
        if not equals:
            raise ImportRefused("data.refused.unknown_field", field=pair)
        chosen[name.strip()] = column.strip()
    return chosen


def _counts(summary: Summary) -> dict:
    return {k: getattr(summary, k) for k in ("read", "new", "updated", "unchanged", "rejected")}


def _first_team(engine) -> int | None:
    with read(engine) as conn:
        return repo.first_real_team(conn)


def _lang() -> str:
    return "en" if os.environ.get("LANG", "").startswith("en") else "de"
