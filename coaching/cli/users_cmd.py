"""`user add|list|remove|set-password`: accounts for admins; passwords never on the command line."""

import getpass
import sys

from coaching import accounts, erasure
from coaching.cli.result import Result, add_json_flag, cli_text, store
from coaching.erasure import ErasureRefused
from coaching.store import accounts as repo
from coaching.store import read, write

REFUSALS = {
    "data.erase.unknown": "auth.unknown_user",
    "data.erase.last_manager": "cli.last_manager",
}


def register(subparsers) -> None:
    parser = subparsers.add_parser("user", help="Konten verwalten / manage accounts")
    actions = parser.add_subparsers(dest="action", required=True)

    add = actions.add_parser("add", help="Konto anlegen / add an account")
    add.add_argument("email")
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=accounts.ROLES, default="member")
    _password_source(add)
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", help="Konten auflisten / list accounts")
    listing.set_defaults(handler=run_list)

    remove = actions.add_parser("remove", help="Konto löschen / remove an account")
    remove.add_argument("email")
    remove.set_defaults(handler=run_remove)

    reset = actions.add_parser("set-password", help="Passwort setzen / set a password")
    reset.add_argument("email")
    _password_source(reset)
    reset.set_defaults(handler=run_set_password)

    for sub in (add, listing, remove, reset):
        add_json_flag(sub)


def run_add(args) -> Result:
    engine = store()
    with read(engine) as conn:
        team_id = repo.first_real_team(conn)
    if team_id is None:
        if args.role != "manager":
            return Result(False, cli_text("cli.first_user_manager"))
        with write(engine) as conn:
            team_id = repo.create_team(conn, "Team")
    user_id = accounts.create_user(
        engine,
        team_id=team_id,
        email=args.email,
        name=args.name,
        role=args.role,
        password=_password(args),
    )
    return Result(True, cli_text("cli.user_added", email=args.email), {"id": user_id})


def run_list(_args) -> Result:
    with read(store()) as conn:
        people = repo.all_users(conn)
    rows = [{"email": u.email, "name": u.name, "role": u.role, "demo": u.is_demo} for u in people]
    lines = [
        f"{r['email']:36} {r['name']:24} {r['role']:8} {'demo' if r['demo'] else ''}" for r in rows
    ]
    return Result(True, "\n".join(lines) or cli_text("cli.no_users"), {"users": rows})


def run_remove(args) -> Result:
    """Through the erasure rules: private reviews go, shared ones stay anonymous, and the last
    manager of a team with members is kept."""
    try:
        erasure.erase_by_email(store(), args.email)
    except ErasureRefused as refused:
        key = REFUSALS.get(refused.key, refused.key)
        return Result(False, cli_text(key, email=args.email))
    return Result(True, cli_text("cli.user_removed", email=args.email))


def run_set_password(args) -> Result:
    accounts.set_password(store(), args.email, _password(args))
    return Result(True, cli_text("cli.password_set", email=args.email))


def _password_source(parser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="Passwort als eine Zeile von der Standardeingabe / read one line from stdin",
    )


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(cli_text("cli.password_prompt"))
    if first != getpass.getpass(cli_text("cli.password_repeat")):
        raise accounts.AccountError("auth.passwords_differ")
    return first
