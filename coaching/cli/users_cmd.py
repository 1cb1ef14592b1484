"""`user add|list|remove|set-password|invite|role|deactivate|reactivate|reset-link`: accounts.

Passwords never on the command line. Team actions call coaching.team_admin, as the team page does.
"""

import getpass
import sys

from coaching import accounts, settings, team_admin
from coaching.cli.result import Result, add_json_flag, cli_text, store
from coaching.store import accounts as repo
from coaching.store import read, write


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

    invite = actions.add_parser("invite", help="Einladungslink erstellen / create an invitation")
    invite.add_argument("email")
    invite.add_argument("--name", required=True)
    invite.add_argument("--role", choices=accounts.ROLES, default="member")
    invite.set_defaults(handler=run_invite)

    role = actions.add_parser("role", help="Rolle ändern / change the role")
    role.add_argument("email")
    role.add_argument("role", choices=accounts.ROLES)
    role.set_defaults(handler=run_role)

    deactivate = actions.add_parser("deactivate", help="Konto sperren / deactivate an account")
    deactivate.add_argument("email")
    deactivate.set_defaults(handler=run_active, active=False)

    reactivate = actions.add_parser("reactivate", help="Konto entsperren / reactivate an account")
    reactivate.add_argument("email")
    reactivate.set_defaults(handler=run_active, active=True)

    link = actions.add_parser("reset-link", help="Link zum Passwort-Setzen / password reset link")
    link.add_argument("email")
    link.set_defaults(handler=run_reset_link)

    for sub in (add, listing, remove, reset, invite, role, deactivate, reactivate, link):
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
    engine = store()
    team_admin.remove_person(engine, None, _user_id(engine, args.email), None)
    return Result(True, cli_text("cli.user_removed", email=args.email))


def run_invite(args) -> Result:
    link = team_admin.invite(
        store(),
        None,
        email=args.email,
        name=args.name,
        role=args.role,
        base_url=settings.public_url(),
        lang=cli_text("cli.lang"),
    )
    return Result(True, cli_text("cli.invited", email=args.email, url=link.url), {"url": link.url})


def run_role(args) -> Result:
    engine = store()
    team_admin.change_role(engine, None, _user_id(engine, args.email), args.role, None)
    return Result(True, cli_text("cli.role_set", email=args.email, role=args.role))


def run_active(args) -> Result:
    engine = store()
    team_admin.set_active(engine, None, _user_id(engine, args.email), args.active, None)
    key = "cli.reactivated" if args.active else "cli.deactivated"
    return Result(True, cli_text(key, email=args.email))


def run_reset_link(args) -> Result:
    engine = store()
    user_id = _user_id(engine, args.email)
    link = team_admin.issue_password_reset(
        engine, None, user_id, None, settings.public_url(), lang=cli_text("cli.lang")
    )
    return Result(
        True, cli_text("cli.reset_link", email=args.email, url=link.url), {"url": link.url}
    )


def _user_id(engine, email: str) -> int:
    with read(engine) as conn:
        user = repo.user_by_email(conn, email)
    if user is None:
        raise accounts.AccountError("auth.unknown_user", email=email)
    return user.id


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
