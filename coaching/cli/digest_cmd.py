"""`digest send [--dry-run]`: today's e-mail summary for everyone who opted in (cron, timer)."""

from coaching import digest, settings
from coaching.cli.result import Result, add_json_flag, cli_lang, cli_text, store
from coaching.mail import MailError


def register(subparsers) -> None:
    parser = subparsers.add_parser("digest", help="tägliche E-Mail-Übersicht / daily e-mail digest")
    actions = parser.add_subparsers(dest="action", required=True)
    send = actions.add_parser("send", help="heute fällige Übersichten senden / send today's")
    send.add_argument(
        "--dry-run", action="store_true", help="nur zeigen, nichts senden / print, send nothing"
    )
    add_json_flag(send)
    send.set_defaults(handler=run_send)


def run_send(args) -> Result:
    try:
        outcomes = digest.send_digests(
            store(), settings.public_url(), dry_run=args.dry_run, report_lang=cli_lang()
        )
    except MailError as exc:
        return Result(False, cli_text(exc.key, **exc.values))
    lines = []
    for outcome in outcomes:
        lines.append(
            cli_text(
                f"reminders.cli.{outcome.status}",
                email=outcome.email,
                items=outcome.items,
                error=outcome.error or "",
            )
        )
        if outcome.text:
            lines += ["", outcome.text]
    sent = sum(o.status == "sent" for o in outcomes)
    failed = sum(o.status == "failed" for o in outcomes)
    summary = cli_text(
        "reminders.cli.summary", sent=sent, failed=failed, skipped=len(outcomes) - sent - failed
    )
    message = "\n".join([*lines, summary] if outcomes else [cli_text("reminders.cli.nobody")])
    data = {
        "dry_run": args.dry_run,
        "people": [o.__dict__ for o in outcomes],
        "sent": sent,
        "failed": failed,
    }
    return Result(failed == 0, message, data)
