"""`content check`: the same validation the app runs at start-up."""

from coaching.cli.result import Result, add_json_flag, cli_text
from coaching.content import check_all


def register(subparsers) -> None:
    parser = subparsers.add_parser("content", help="Inhalte prüfen / check content files")
    actions = parser.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="alle Inhaltsdateien validieren / validate all")
    add_json_flag(check)
    check.set_defaults(handler=run_check)


def run_check(_args) -> Result:
    catalogs = check_all()
    files = sum(len(c.documents) for c in catalogs)
    strings = sum(len(c.strings) for c in catalogs)
    message = cli_text("cli.content_ok", files=files, strings=strings)
    return Result(True, message, {"documents": files, "strings": strings})
