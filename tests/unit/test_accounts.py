from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from coaching import accounts
from coaching.accounts import AccountError
from coaching.store import accounts as repo
from coaching.store import read, utcnow, write
from coaching.store.schema import sign_in_throttle

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
        conn.execute(
            update(sign_in_throttle).values(
                blocked_until=sign_in_throttle.c.blocked_until - timedelta(minutes=10)
            )
        )
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


@pytest.mark.parametrize("password", ["password12", "1234512345", "Funkstille1", "Vertrieb2026"])
def test_common_and_guessable_passwords_are_refused(password):
    assert accounts.password_problem(password, "anna@firma.de") == "auth.weak.too_common"


def test_twenty_parallel_wrong_passwords_are_checked_no_more_than_the_free_attempts(engine, team):
    _member(engine, team)

    def attempt(_):
        try:
            accounts.sign_in(engine, "anna@firma.de", "falsch-falsch", "10.0.0.9")
        except AccountError as exc:
            return exc.key
        return "signed_in"

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(attempt, range(20)))
    checked = outcomes.count("auth.wrong_credentials")
    assert 1 <= checked <= accounts.FREE_ATTEMPTS
    assert outcomes.count("auth.throttled") == 20 - checked
    with read(engine) as conn:
        failures = conn.scalar(
            select(sign_in_throttle.c.failures).where(
                sign_in_throttle.c.email == "anna@firma.de", sign_in_throttle.c.client == ""
            )
        )
    assert failures == checked


def _fail(engine, email, client, times):
    for _ in range(times):
        with write(engine) as conn:  # the wait of the previous failure has passed
            conn.execute(update(sign_in_throttle).values(blocked_until=utcnow()))
        with pytest.raises(AccountError, match="auth.wrong_credentials"):
            accounts.sign_in(engine, email, "falsch-falsch", client)


def test_thirty_failures_from_elsewhere_keep_the_owner_out_for_seconds_only(engine, team):
    _member(engine, team)
    _fail(engine, "anna@firma.de", "203.0.113.5", 30)
    with pytest.raises(AccountError) as error:
        accounts.sign_in(engine, "anna@firma.de", GOOD, "198.51.100.20")
    assert error.value.key == "auth.throttled"
    assert error.value.values["seconds"] <= accounts.LIMITS["account"][1]
    with write(engine) as conn:
        conn.execute(
            update(sign_in_throttle).values(
                blocked_until=sign_in_throttle.c.blocked_until - timedelta(seconds=15)
            )
        )
    assert accounts.sign_in(engine, "anna@firma.de", GOOD, "198.51.100.20").user.name


def test_one_password_tried_on_many_accounts_slows_that_client(engine, team):
    free, _ = accounts.LIMITS["client"]
    for n in range(free):
        _fail(engine, f"person{n}@firma.de", "203.0.113.5", 1)
    with pytest.raises(AccountError, match="auth.throttled"):
        accounts.sign_in(engine, "someone-else@firma.de", "falsch-falsch", "203.0.113.5")


def test_a_session_ends_for_every_tab_on_sign_out_new_password_and_removal(engine, team):
    user_id = _member(engine, team)
    first = accounts.sign_in(engine, "anna@firma.de", GOOD)
    cookie = accounts.redeem_handoff(engine, first.handoff)
    other_tab, _ = accounts.resume_session(engine, cookie)
    assert accounts.session_user(engine, other_tab).id == user_id
    accounts.sign_out(engine, first.session_id)
    assert accounts.session_user(engine, other_tab) is None

    second = accounts.sign_in(engine, "anna@firma.de", GOOD)
    accounts.set_password(engine, "anna@firma.de", "Neue-Farbe-2027")
    assert accounts.session_user(engine, second.session_id) is None

    third = accounts.sign_in(engine, "anna@firma.de", "Neue-Farbe-2027")
    accounts.end_all_sessions(engine, user_id)
    assert accounts.session_user(engine, third.session_id) is None

    fourth = accounts.sign_in(engine, "anna@firma.de", "Neue-Farbe-2027")
    with write(engine) as conn:
        repo.remove_user(conn, user_id)
    assert accounts.session_user(engine, fourth.session_id) is None


def test_a_handoff_is_redeemed_once_even_by_parallel_requests(engine, team):
    _member(engine, team)
    handoff = accounts.sign_in(engine, "anna@firma.de", GOOD).handoff
    with ThreadPoolExecutor(max_workers=8) as pool:
        sessions = list(pool.map(lambda _: accounts.redeem_handoff(engine, handoff), range(8)))
    assert len([s for s in sessions if s]) == 1
