"""`python -m coaching`: the command line for admins and scripts.

Each command module offers `register(subparsers)`; handlers return a Result that is printed as
text or, with --json, as JSON. A failure exits non-zero with the reason.
"""

import argparse
import json
import sys

from coaching.accounts import AccountError
from coaching.cli import (
    content_cmd,
    demo_cmd,
    digest_cmd,
    import_cmd,
    migrate_cmd,
    pulse_cmd,
    restore_cmd,
    users_cmd,
)
from coaching.cli.result import Result, cli_text
from coaching.content import ContentError
from coaching.store import StoreError

COMMANDS = [
    migrate_cmd,
    demo_cmd,
    users_cmd,
    content_cmd,
    import_cmd,
    restore_cmd,
    pulse_cmd,
    digest_cmd,
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coaching",
        description="Funkstille: Verwaltung und Skripte / administration and scripts",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    args = parser.parse_args(argv)
    try:
        result = args.handler(args)
    except AccountError as exc:
        result = Result(ok=False, message=cli_text(exc.key, **exc.values))
    except (ContentError, StoreError) as exc:
        result = Result(ok=False, message=str(exc))
    _print(result, getattr(args, "json", False))
    return 0 if result.ok else 1


def _print(result: Result, as_json: bool) -> None:
    stream = sys.stdout if result.ok else sys.stderr
    if as_json:
        payload = {"ok": result.ok, "message": result.message, **result.data}
        print(json.dumps(payload, ensure_ascii=False, default=str), file=stream)
    else:
        print(result.message, file=stream)
