"""`demo`: create or reset the demo workspace."""

from coaching.cli.result import Result, add_json_flag, cli_text, store
from coaching.demo import reset_demo


def register(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="Demo-Arbeitsbereich anlegen / reset demo")
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(_args) -> Result:
    report = reset_demo(store())
    lines = [cli_text("cli.demo_done", count=len(report.logins), password=report.password)]
    lines += [f"  {email:32} {name:20} {role}" for email, name, role in report.logins]
    logins = [{"email": e, "name": n, "role": r} for e, n, r in report.logins]
    return Result(True, "\n".join(lines), {"logins": logins, "password": report.password})
