"""`python -m coaching user …`: the same team-admin functions as the team page, logged as "cli"."""

import json
from urllib.parse import parse_qs, urlparse

import pytest

from coaching import accounts, team_admin
from coaching.cli import main
from coaching.store import accounts as repo
from coaching.store import make_engine, read, write
from coaching.store import team_admin as admin_store

GOOD = "Sonnenblume-42"


@pytest.fixture
def cli_store(monkeypatch, sqlite_url):
    monkeypatch.setenv("FUNKSTILLE_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("FUNKSTILLE_PUBLIC_URL", "https://app.firma.de")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    engine = make_engine(sqlite_url)
    with write(engine) as conn:
        team = repo.create_team(conn, "CLI")
    accounts.create_user(
        engine, team_id=team, email="m@firma.de", name="M", role="manager", password=GOOD
    )
    yield engine
    engine.dispose()


def run_json(capsys, *argv) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out or out.err)


def test_invite_prints_a_link_that_the_browser_accepts(cli_store, capsys):
    code, result = run_json(capsys, "user", "invite", "anna@firma.de", "--name", "Anna")
    assert code == 0 and result["url"].startswith("https://app.firma.de/?einladung=")
    token = parse_qs(urlparse(result["url"]).query)["einladung"][0]
    signed_in = team_admin.accept_invitation(cli_store, token, GOOD, GOOD)
    assert signed_in.user.email == "anna@firma.de"


def test_role_deactivate_and_remove_share_the_team_rules(cli_store, capsys):
    accounts.create_user(
        cli_store, team_id=1, email="anna@firma.de", name="A", role="member", password=GOOD
    )
    code, result = run_json(capsys, "user", "role", "m@firma.de", "member")
    assert code == 1 and "at least one active team lead" in result["message"]
    assert run_json(capsys, "user", "deactivate", "anna@firma.de")[0] == 0
    with pytest.raises(accounts.AccountError):
        accounts.sign_in(cli_store, "anna@firma.de", GOOD)
    assert run_json(capsys, "user", "remove", "anna@firma.de")[0] == 0
    with read(cli_store) as conn:
        assert repo.user_by_email(conn, "anna@firma.de") is None
        actions = [e.action for e in admin_store.audit_entries(conn, 1)]
    assert actions == ["remove", "deactivate"]


def test_reset_link_for_an_unknown_address_says_so(cli_store, capsys):
    code, result = run_json(capsys, "user", "reset-link", "wer@firma.de")
    assert code == 1 and "wer@firma.de" in result["message"]
