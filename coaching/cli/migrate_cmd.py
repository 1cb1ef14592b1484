"""`migrate`: bring the store to the current schema, once, before the app servers start."""

from coaching import settings
from coaching.cli.result import Result, add_json_flag, cli_text
from coaching.store import make_engine, upgrade_schema


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "migrate", help="Datenbank auf den neuesten Stand bringen / upgrade the database schema"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(_args) -> Result:
    engine = make_engine(settings.database_url())
    try:
        applied = upgrade_schema(engine)
    finally:
        engine.dispose()
    target = engine.url.render_as_string(hide_password=True)
    key = "cli.migrated" if applied else "cli.schema_current"
    return Result(True, cli_text(key, target=target), {"applied": applied, "target": target})
