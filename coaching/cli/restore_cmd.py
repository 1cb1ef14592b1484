"""`restore BACKUP`: a SQLite backup into the (empty) store of FUNKSTILLE_DATABASE_URL."""

from pathlib import Path

from coaching import restoring
from coaching.cli.result import Result, add_json_flag, cli_text, store


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="SQLite-Sicherung in eine leere Datenbank, z. B. PostgreSQL / restore a backup",
    )
    parser.add_argument("backup", type=Path, help="Datei aus `export backup` / backup file")
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args) -> Result:
    engine = store()
    try:
        copied = restoring.restore_backup(engine, args.backup)
    except restoring.RestoreFailed as exc:
        return Result(False, cli_text(exc.key, **exc.values))
    finally:
        engine.dispose()
    target = engine.url.render_as_string(hide_password=True)
    message = cli_text(
        "data.cli.restored",
        file=args.backup,
        rows=sum(copied.values()),
        tables=len(copied),
        target=target,
    )
    return Result(True, message, {"file": str(args.backup), "target": target, "rows": copied})
