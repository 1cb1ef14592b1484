from datetime import timedelta

import pytest
from sqlalchemy import update

from coaching import accounts
from coaching.accounts import AccountError
from coaching.store import accounts as repo
from coaching.store import read, write
from coaching.store.schema import login_failures

GOOD = "Sonnenblume-42"


@pytest.fixture
def team(engine):
    with write(engine) as conn:
        return repo.create_team(conn, "Team")


def _member(engine, team, email="anna@firma.de", role="member"):
    return accounts.create_user(
        engine, team_id=team, email=email, name="Anna Krüger", role=role, password=GOOD
    )


def test_passwords_are_stored_as_argon2id_hashes(engine, team):
    user_id = _member(engine, team)
    with read(engine) as conn:
        stored = repo.password_hash(conn, user_id)
    assert stored.startswith("$argon2id$") and GOOD not in stored


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("kurz", "auth.weak.too_short"),
        ("aaaaaaaaaaaa", "auth.weak.too_common"),
        ("passwort123", "auth.weak.too_common"),
        ("anna-ist-toll-2026", "auth.weak.contains_email"),
        (GOOD, None),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, problem):
    assert accounts.password_problem(password, "anna@firma.de") == problem


def test_sign_in_hands_out_a_one_time_handoff_for_a_session(engine, team):
    _member(engine, team)
    result = accounts.sign_in(engine, " Anna@Firma.de ", GOOD)
    session = accounts.redeem_handoff(engine, result.handoff)
    assert accounts.user_for_session(engine, session).email == "anna@firma.de"
    assert accounts.redeem_handoff(engine, result.handoff) is None


def test_sign_out_revokes_the_session(engine, team):
    _member(engine, team)
    session = accounts.redeem_handoff(
        engine, accounts.sign_in(engine, "anna@firma.de", GOOD).handoff
    )
    accounts.end_session(engine, session)
    assert accounts.user_for_session(engine, session) is None


def test_wrong_and_empty_credentials_are_refused(engine, team):
    _member(engine, team)
    with pytest.raises(AccountError, match="auth.wrong_credentials"):
        accounts.sign_in(engine, "anna@firma.de", "falsch-falsch")
    with pytest.raises(AccountError, match="auth.wrong_credentials"):
        accounts.sign_in(engine, "niemand@firma.de", GOOD)
    with pytest.raises(AccountError, match="auth.missing_credentials"):
        accounts.sign_in(engine, "", "")


def test_repeated_failures_slow_down_further_attempts(engine, team):
    _member(engine, team)
    for _ in range(accounts.FREE_ATTEMPTS):
        with pytest.raises(AccountError):
            accounts.sign_in(engine, "anna@firma.de", "falsch-falsch")
    with pytest.raises(AccountError) as error:
        accounts.sign_in(engine, "anna@firma.de", GOOD)
    assert error.value.key == "auth.throttled" and error.value.values["seconds"] > 0


def test_the_wait_is_over_once_its_time_has_passed(engine, team):
    _member(engine, team)
    for _ in range(accounts.FREE_ATTEMPTS):
        with pytest.raises(AccountError):
            accounts.sign_in(engine, "anna@firma.de", "falsch-falsch")
    with write(engine) as conn:
        conn.execute(update(login_failures).values(at=login_failures.c.at - timedelta(minutes=10)))
    assert accounts.sign_in(engine, "anna@firma.de", GOOD).user.name == "Anna Krüger"


def test_a_new_password_ends_every_open_session(engine, team):
    _member(engine, team)
    session = accounts.redeem_handoff(
        engine, accounts.sign_in(engine, "anna@firma.de", GOOD).handoff
    )
    accounts.set_password(engine, "anna@firma.de", "Neue-Farbe-2027")
    assert accounts.user_for_session(engine, session) is None


def test_first_team_setup_works_only_once(engine):
    accounts.create_first_team(
        engine, team_name="Nordlicht", email="chef@nordlicht.de", name="Chef", password=GOOD
    )
    with pytest.raises(AccountError, match="auth.setup_done"):
        accounts.create_first_team(
            engine, team_name="Zweit", email="x@nordlicht.de", name="X", password=GOOD
        )


def test_a_failed_first_setup_leaves_no_empty_team(engine):
    with pytest.raises(AccountError, match="auth.weak.too_short"):
        accounts.create_first_team(engine, team_name="N", email="c@n.de", name="C", password="x")
    with read(engine) as conn:
        assert repo.first_real_team(conn) is None


def test_duplicate_email_and_invalid_role_are_refused(engine, team):
    _member(engine, team)
    with pytest.raises(AccountError, match="auth.email_taken"):
        _member(engine, team)
    with pytest.raises(AccountError, match="auth.invalid_role"):
        _member(engine, team, email="b@firma.de", role="admin")
