"""The one way Funkstille sends e-mail: SMTP as configured in the environment (see settings).

Off until FUNKSTILLE_SMTP_HOST and FUNKSTILLE_SMTP_SENDER are set. Used by the digest and by
invitations and password-reset links; a person's mail program is never replaced (see mailto).
"""

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from coaching import settings

SECURITY = ("starttls", "ssl", "none")


class MailError(Exception):
    """Carries a message key (for the reader's language) and the values it needs."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def configured() -> bool:
    """True when a server and a sender are set: only then is anything sent."""
    return bool(settings.SMTP_HOST.value().strip() and settings.SMTP_SENDER.value().strip())


def message(
    to: str, subject: str, text: str, html: str | None = None, headers: dict | None = None
) -> EmailMessage:
    """A mail from the configured sender: plain text, with an HTML alternative when given."""
    mail = EmailMessage()
    mail["From"] = settings.SMTP_SENDER.value()
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=_sender_domain())
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(text)
    if html is not None:
        mail.add_alternative(html, subtype="html")
    return mail


def send(mail: EmailMessage) -> None:
    """Hand one mail to the SMTP server; MailError (key mail.error.*) says why it did not go."""
    if not configured():
        raise MailError("mail.error.not_configured")
    security = settings.SMTP_SECURITY.value().strip().lower()
    if security not in SECURITY:
        raise MailError("mail.error.bad_security", value=security, allowed=", ".join(SECURITY))
    host, port = settings.SMTP_HOST.value().strip(), _port(security)
    timeout = float(settings.SMTP_TIMEOUT.value())
    try:
        if security == "ssl":
            client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=_tls())
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            if security == "starttls":
                client.starttls(context=_tls())
            user = settings.SMTP_USER.value()
            if user:
                client.login(user, settings.SMTP_PASSWORD.value())
            client.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError("mail.error.failed", host=host, port=port, reason=_reason(exc)) from exc


def _port(security: str) -> int:
    raw = settings.SMTP_PORT.value().strip()
    if not raw:
        return {"ssl": 465, "starttls": 587}.get(security, 25)
    try:
        return int(raw)
    except ValueError:
        raise MailError("mail.error.bad_port", value=raw) from None


def _tls() -> ssl.SSLContext:
    context = ssl.create_default_context()
    cafile = settings.SMTP_CA_FILE.value().strip()
    if cafile:
        context.load_verify_locations(cafile)
    return context


def _sender_domain() -> str:
    return settings.SMTP_SENDER.value().rpartition("@")[2].strip("> ") or "funkstille.local"


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {exc.smtp_error.decode(errors='replace')}"
    return str(exc) or type(exc).__name__
