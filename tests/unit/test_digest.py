import json

import pytest

from coaching import calendar_feed, digest, mail
from coaching.cli import main
from coaching.data_export import export_tables
from coaching.demo import reset_demo
from coaching.mail import MailError
from coaching.store import leads as repo
from coaching.store import make_engine, write
from tests.conftest import FIXED_TODAY, free_port

BASE = "https://funkstille.firma.example"


def send(team, **kwargs):
    return digest.send_digests(team.engine, BASE, today=FIXED_TODAY, **kwargs)


def opt_in(team, *people):
    for person in people:
        digest.set_digest(team.engine, person.id, True)


def parts(message) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_each_person_who_opted_in_gets_one_mail_in_their_language(reminder_team, smtp_env):
    inbox = smtp_env()
    opt_in(reminder_team, reminder_team.anna, reminder_team.ben)
    outcomes = {o.email: o for o in send(reminder_team)}
    assert {o.status for o in outcomes.values()} == {"sent"}
    mails = {m["To"]: m for m in inbox.messages}
    assert set(mails) == {"anna@firma.example", "ben@firma.example"}
    anna = mails["anna@firma.example"]
    assert anna["Subject"].startswith("Funkstille: ") and "überfällig" in anna["Subject"]
    text, html = parts(anna)
    assert "Überfällig" in text and "Brandt Logistik" in text and f"{BASE}/nachfassen" in text
    assert "Weingut" not in text  # parked until later: not due today
    assert f'href="{BASE}/nachfassen"' in html and "<h2>Überfällig</h2>" in html
    assert anna["List-Unsubscribe"].startswith(f"<{BASE}/digest/unsubscribe/")
    assert anna["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    ben_text, _ = parts(mails["ben@firma.example"])
    assert "Overdue" in ben_text and "Nordlicht" in ben_text and "Brandt Logistik" not in ben_text


def test_people_who_did_not_opt_in_get_nothing(reminder_team, smtp_env):
    inbox = smtp_env()
    opt_in(reminder_team, reminder_team.anna)
    digest.set_digest(reminder_team.engine, reminder_team.anna.id, False)
    assert send(reminder_team) == [] and inbox.messages == []


def test_a_second_run_on_the_same_day_sends_nothing_twice(reminder_team, smtp_env):
    inbox = smtp_env()
    opt_in(reminder_team, reminder_team.anna)
    assert [o.status for o in send(reminder_team)] == ["sent"]
    assert [o.status for o in send(reminder_team)] == ["already_sent"]
    assert len(inbox.messages) == 1


def test_a_refused_mail_is_reported_per_person_and_sent_on_the_next_run(reminder_team, smtp_env):
    inbox = smtp_env()
    inbox.refuse = True
    opt_in(reminder_team, reminder_team.anna)
    (failed,) = send(reminder_team)
    assert failed.status == "failed" and "550" in failed.error and "127.0.0.1" in failed.error
    assert inbox.messages == []
    inbox.refuse = False
    assert [o.status for o in send(reminder_team)] == ["sent"]
    assert [o.status for o in send(reminder_team)] == ["already_sent"]
    assert len(inbox.messages) == 1


def test_an_unreachable_server_is_reported_not_raised(reminder_team, smtp_env, monkeypatch):
    smtp_env()
    monkeypatch.setenv("FUNKSTILLE_SMTP_PORT", str(free_port()))  # nobody listens there
    opt_in(reminder_team, reminder_team.anna, reminder_team.ben)
    outcomes = send(reminder_team, report_lang="en")
    assert [o.status for o in outcomes] == ["failed", "failed"]
    assert all("did not accept the mail" in o.error for o in outcomes)


def test_the_unsubscribe_link_in_the_mail_turns_the_digest_off(reminder_team, smtp_env):
    inbox = smtp_env()
    opt_in(reminder_team, reminder_team.anna)
    send(reminder_team)
    token = inbox.messages[0]["List-Unsubscribe"].strip("<>").rsplit("/", 1)[1]
    assert digest.unsubscribe_language(reminder_team.engine, token) == "de"
    assert digest.unsubscribe(reminder_team.engine, token) is True
    assert digest.digest_enabled(reminder_team.engine, reminder_team.anna.id) is False
    assert digest.unsubscribe(reminder_team.engine, "made-up") is False


def test_names_typed_by_people_are_escaped_in_the_html(reminder_team, smtp_env):
    inbox = smtp_env()
    with write(reminder_team.engine) as conn:
        repo.update_lead(
            conn, reminder_team.anna.team_id, reminder_team.leads["silent"], company="<b>Böse</b>"
        )
    opt_in(reminder_team, reminder_team.anna)
    send(reminder_team)
    text, html = parts(inbox.messages[0])
    assert "<b>Böse</b>" in text
    assert "<b>Böse</b>" not in html and "&lt;b&gt;Böse&lt;/b&gt;" in html


def test_a_dry_run_composes_but_sends_and_records_nothing(reminder_team, smtp_env):
    inbox = smtp_env()
    opt_in(reminder_team, reminder_team.anna)
    (preview,) = send(reminder_team, dry_run=True)
    assert preview.status == "preview" and "Brandt Logistik" in preview.text
    assert inbox.messages == []
    assert [o.status for o in send(reminder_team)] == ["sent"]


def test_without_smtp_settings_nothing_is_sent_and_the_reason_is_named(reminder_team, monkeypatch):
    monkeypatch.delenv("FUNKSTILLE_SMTP_HOST", raising=False)
    assert mail.configured() is False
    with pytest.raises(MailError) as error:
        send(reminder_team)
    assert error.value.key == "mail.error.not_configured"


def test_starttls_with_login_reaches_a_tls_server(smtp_env, smtp_cert, monkeypatch):
    inbox = smtp_env("starttls", smtp_cert, require_starttls=True)
    monkeypatch.setenv("FUNKSTILLE_SMTP_USER", "funkstille")
    monkeypatch.setenv("FUNKSTILLE_SMTP_PASSWORD", "geheim")
    mail.send(mail.message("a@firma.example", "Einladung", "Hallo", "<p>Hallo</p>"))
    assert inbox.logins == [("funkstille", "geheim")]
    assert inbox.messages[0]["Subject"] == "Einladung"


def test_a_wrong_password_is_reported_with_the_servers_answer(smtp_env, smtp_cert, monkeypatch):
    smtp_env("starttls", smtp_cert)
    monkeypatch.setenv("FUNKSTILLE_SMTP_USER", "funkstille")
    monkeypatch.setenv("FUNKSTILLE_SMTP_PASSWORD", "falsch")
    with pytest.raises(MailError) as error:
        mail.send(mail.message("a@firma.example", "x", "y"))
    assert error.value.key == "mail.error.failed" and "535" in error.value.values["reason"]


def test_ssl_from_the_start_reaches_a_tls_server(smtp_env, smtp_cert):
    inbox = smtp_env("ssl", smtp_cert)
    mail.send(mail.message("a@firma.example", "Passwort zurücksetzen", "Link: …"))
    assert inbox.messages[0]["Subject"] == "Passwort zurücksetzen"
    assert inbox.messages[0]["From"] == "Funkstille <funkstille@firma.example>"


def test_an_unknown_security_setting_is_named(smtp_env, monkeypatch):
    smtp_env()
    monkeypatch.setenv("FUNKSTILLE_SMTP_SECURITY", "tls13")
    with pytest.raises(MailError) as error:
        mail.send(mail.message("a@firma.example", "x", "y"))
    assert error.value.key == "mail.error.bad_security"


def test_the_demo_managers_digest_is_printed_by_a_dry_run(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("FUNKSTILLE_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    engine = make_engine(sqlite_url)
    reset_demo(engine)
    engine.dispose()
    assert main(["digest", "send", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "claudia@demo.funkstille.de: Vorschau" in out
    assert "Guten Tag Claudia Holzmann" in out and "Rheinmesse Köln" in out


def test_the_command_reports_each_person_as_json_and_fails_when_a_mail_failed(
    sqlite_url, monkeypatch, capsys, smtp_env
):
    inbox = smtp_env()
    inbox.refuse = True
    monkeypatch.setenv("FUNKSTILLE_DATABASE_URL", sqlite_url)
    engine = make_engine(sqlite_url)
    reset_demo(engine)
    engine.dispose()
    assert main(["digest", "send", "--json"]) == 1
    report = json.loads(capsys.readouterr().err)
    assert report["failed"] == 1 and report["people"][0]["status"] == "failed"
    inbox.refuse = False
    assert main(["digest", "send", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sent"] == 1
    assert inbox.messages[0]["To"] == "claudia@demo.funkstille.de"


def test_a_persons_export_holds_their_reminder_choices_but_no_token(reminder_team, smtp_env):
    smtp_env()
    calendar_feed.create_feed(reminder_team.engine, reminder_team.anna.id)
    opt_in(reminder_team, reminder_team.anna)
    send(reminder_team)
    frames = export_tables(reminder_team.engine, reminder_team.anna)
    assert frames["my_reminders"]["digest"].tolist() == [True]
    assert list(frames["my_reminders"].columns) == ["feed_created_at", "digest"]
    assert frames["my_digest_log"]["status"].tolist() == ["sent"]
    assert frames["my_digest_log"]["day"].tolist() == [FIXED_TODAY]
    ben = export_tables(reminder_team.engine, reminder_team.ben)
    assert ben["my_reminders"].empty and ben["my_digest_log"].empty
