"""What one app server learns about a person, every other server on the same store knows too.

Each server has its own engine (its own connection pool); nothing here is passed in memory.
"""

import pytest

from coaching import accounts
from coaching.accounts import AccountError
from coaching.store import accounts as repo
from coaching.store import drafts, make_engine, read, write

GOOD = "Sonnenblume-42"


@pytest.fixture
def servers(store_url):
    """Two app servers' engines on one store; the first has a team with Anna in it."""
    first, second = make_engine(store_url), make_engine(store_url)
    with write(first) as conn:
        team = repo.create_team(conn, "Team")
    accounts.create_user(
        first, team_id=team, email="anna@firma.de", name="Anna", role="member", password=GOOD
    )
    yield first, second
    first.dispose()
    second.dispose()


def test_failed_sign_ins_on_one_server_slow_down_sign_in_on_another(servers):
    first, second = servers
    for _ in range(accounts.FREE_ATTEMPTS):
        with pytest.raises(AccountError):
            accounts.sign_in(first, "anna@firma.de", "falsch-falsch")
    with pytest.raises(AccountError) as error:
        accounts.sign_in(second, "anna@firma.de", GOOD)
    assert error.value.key == "auth.throttled"


def test_a_sign_in_on_one_server_is_valid_on_another_until_signed_out_there(servers):
    first, second = servers
    handoff = accounts.sign_in(first, "anna@firma.de", GOOD).handoff
    session = accounts.redeem_handoff(second, handoff)
    assert accounts.user_for_session(first, session).name == "Anna"
    accounts.end_session(second, session)
    assert accounts.user_for_session(first, session) is None


def test_a_draft_saved_on_one_server_is_found_on_another(servers):
    first, second = servers
    with read(first) as conn:
        anna = repo.user_by_email(conn, "anna@firma.de")
    with write(first) as conn:
        drafts.save_draft(conn, anna.id, "review", "k1", {"what_happened": "Funkstille"})
    with read(second) as conn:
        assert drafts.load_draft(conn, anna.id, "review", "k1") == {"what_happened": "Funkstille"}
