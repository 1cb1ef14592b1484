"""`python -m coaching user …`: the same team-admin functions as the team page, logged as "cli";
removal follows the erasure rules; new teams read the group setting."""

import json
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from coaching import accounts, insights, team_admin
from coaching.cli import main
from coaching.store import accounts as repo
from coaching.store import make_engine, read, write
from coaching.store import team_admin as admin_store
from coaching.store.schema import reviews
from tests.unit.test_erasure import add_review

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


@pytest.fixture
def cli_team(monkeypatch, sqlite_url):
    monkeypatch.setenv("FUNKSTILLE_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    engine = make_engine(sqlite_url)
    with write(engine) as conn:
        team_id = repo.create_team(conn, "CLI")
        boss = repo.add_user(
            conn, team_id=team_id, email="m@t.de", name="M", role="manager", password_hash="x"
        )
        jonas = repo.add_user(
            conn, team_id=team_id, email="j@t.de", name="J", role="member", password_hash="x"
        )
        add_review(conn, team_id, jonas, "private", "Jonas private")
        add_review(conn, team_id, jonas, "named", "Jonas named")
    yield engine, boss
    engine.dispose()


def remove(capsys, email: str) -> tuple[int, dict]:
    code = main(["user", "remove", email, "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out or out.err)


def test_removing_a_person_deletes_their_private_review_and_anonymises_the_shared_one(
    cli_team, capsys
):
    engine, _ = cli_team
    code, _ = remove(capsys, "j@t.de")
    assert code == 0
    with read(engine) as conn:
        left = conn.execute(select(reviews.c.deal_label, reviews.c.author_id)).all()
    assert [tuple(row) for row in left] == [("Jonas named", None)]


def test_the_last_manager_of_a_team_with_members_is_not_removed(cli_team, capsys):
    engine, boss = cli_team
    code, result = remove(capsys, "m@t.de")
    assert code != 0 and "only team lead" in result["message"]
    with read(engine) as conn:
        assert repo.user_by_id(conn, boss) is not None


def test_removing_an_unknown_address_says_so(cli_team, capsys):
    code, result = remove(capsys, "nobody@t.de")
    assert code != 0 and "nobody@t.de" in result["message"]


def test_a_new_team_starts_with_the_operators_minimum_group_size(engine, monkeypatch):
    monkeypatch.setenv("FUNKSTILLE_MIN_GROUP_SIZE", "9")
    with write(engine) as conn:
        team_id = repo.create_team(conn, "Vorsichtig")
    assert insights.min_group(engine, team_id) == 9


def test_the_minimum_group_size_setting_never_goes_below_three(engine, monkeypatch):
    monkeypatch.setenv("FUNKSTILLE_MIN_GROUP_SIZE", "1")
    with write(engine) as conn:
        team_id = repo.create_team(conn, "Zu klein")
    assert insights.min_group(engine, team_id) == 3
