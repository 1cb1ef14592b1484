"""The e-mail digest: one short mail a day to each person who opted in, with what is due.

Meant for cron or a systemd timer (`python -m coaching digest send`). Each person's day is
claimed in the store before the mail goes out, so a second run on the same day sends nothing
twice; a failed mail is recorded with the server's answer and tried again on the next run. A run
that dies between claiming and sending leaves the day claimed: at most one mail, never two.
"""

import html
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from coaching import mail
from coaching.content import catalog
from coaching.formatting import day
from coaching.mail import MailError
from coaching.reminders import DueItem, berlin_today, due_items, new_secret, secret_hash
from coaching.store import read, write
from coaching.store import reminders as repo
from coaching.store.accounts import User, user_by_id


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class DigestOutcome:
    """What happened for one person in a run."""

    email: str
    status: str  # sent · failed · already_sent · nothing_due · preview
    items: int
    error: str | None = None
    text: str | None = None  # the mail's plain text (dry run)


def set_digest(engine: Engine, user_id: int, on: bool) -> None:
    with write(engine) as conn:
        repo.set_digest(conn, user_id, on)


def digest_enabled(engine: Engine, user_id: int) -> bool:
    with read(engine) as conn:
        return repo.settings_of(conn, user_id).digest


def unsubscribe(engine: Engine, token: str) -> bool:
    """The link in a digest turns the digest off for its reader; False for an unknown link."""
    with write(engine) as conn:
        user_id = repo.unsubscribe_owner(conn, secret_hash(token))
        if user_id is not None:
            repo.set_digest(conn, user_id, False)
    return user_id is not None


def unsubscribe_language(engine: Engine, token: str) -> str | None:
    """The language of the person an unsubscribe link belongs to; None for an unknown link."""
    with read(engine) as conn:
        user_id = repo.unsubscribe_owner(conn, secret_hash(token))
        user = user_by_id(conn, user_id) if user_id else None
    return user.language if user else None


def unsubscribe_path(token: str) -> str:
    return f"/digest/unsubscribe/{token}"


def send_digests(
    engine: Engine,
    base_url: str,
    *,
    today: date | None = None,
    dry_run: bool = False,
    report_lang: str = "de",
) -> list[DigestOutcome]:
    """Send today's digest to everyone who opted in; a dry run only composes them."""
    if not dry_run and not mail.configured():
        raise MailError("mail.error.not_configured")
    today = today or berlin_today()
    with read(engine) as conn:
        people = [user_by_id(conn, user_id) for user_id in repo.digest_user_ids(conn)]
    return [
        _one(engine, user, base_url.rstrip("/"), today, dry_run, report_lang)
        for user in people
        if user is not None
    ]


def compose(user: User, items: list[DueItem], today: date, base_url: str, unsubscribe: str):
    """The digest in the person's language, plain text and HTML; every value is escaped in HTML."""
    text = catalog(user.language).text
    overdue = [item for item in items if item.on < today]
    due_today = [item for item in items if item.on == today]
    subject = text("reminders.digest.subject", today=len(due_today), overdue=len(overdue))
    sections = [
        (text("reminders.digest.overdue"), overdue),
        (text("reminders.digest.today"), due_today),
    ]
    greeting = text("reminders.digest.greeting", name=user.name)
    footer = text("reminders.digest.footer")
    plain = [greeting, ""]
    rich = [f"<p>{html.escape(greeting)}</p>"]
    for heading, group in sections:
        if not group:
            continue
        plain += [heading, ""]
        rich += [f"<h2>{html.escape(heading)}</h2>", "<ul>"]
        for item in group:
            link = f"{base_url}/{item.url_path}"
            when = day(item.on, user.language)
            plain += [f"- {item.title} ({when})", f"  {item.detail}", f"  {link}", ""]
            rich.append(
                f'<li><a href="{html.escape(link)}">{html.escape(item.title)}</a>'
                f" ({html.escape(when)})<br>{html.escape(item.detail)}</li>"
            )
        rich.append("</ul>")
    stop = text("reminders.digest.unsubscribe")
    plain += ["--", footer, f"{stop}: {unsubscribe}"]
    rich.append(
        f"<hr><p><small>{html.escape(footer)}<br>"
        f'<a href="{html.escape(unsubscribe)}">{html.escape(stop)}</a></small></p>'
    )
    page = f'<html lang="{user.language}"><body>{"".join(rich)}</body></html>'
    return Digest(subject, "\n".join(plain) + "\n", page)


def _one(engine, user: User, base_url: str, today: date, dry_run: bool, report_lang: str):
    with read(engine) as conn:
        entry = repo.digest_entry(conn, user.id, today)
    if entry is not None and entry.status != "failed":
        return DigestOutcome(user.email, "already_sent", 0)
    items = [item for item in due_items(engine, user.id, today) if item.is_due(today)]
    if not items:
        return DigestOutcome(user.email, "nothing_due", 0)
    token, hashed = new_secret()
    unsubscribe_url = base_url + unsubscribe_path(token)
    digest = compose(user, items, today, base_url, unsubscribe_url)
    if dry_run:
        return DigestOutcome(user.email, "preview", len(items), text=digest.text)
    with write(engine) as conn:
        if not repo.claim_digest(conn, user.id, today, hashed):
            return DigestOutcome(user.email, "already_sent", 0)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "Content-Language": user.language,
    }
    try:
        mail.send(mail.message(user.email, digest.subject, digest.text, digest.html, headers))
        error = None
    except MailError as exc:
        error = catalog(report_lang).text(exc.key, **exc.values)
    with write(engine) as conn:
        repo.finish_digest(conn, user.id, today, error)
    return DigestOutcome(user.email, "failed" if error else "sent", len(items), error)
