"""Deleting one's account: personal data gone, shared lessons stay without a link to the person."""

import json
from datetime import date

import pytest
from sqlalchemy import func, insert, select

from coaching.erasure import ErasureRefused, erase_account
from coaching.store import accounts as repo
from coaching.store import read, utcnow, write
from coaching.store.drafts import save_draft
from coaching.store.leads import add_event, add_lead
from coaching.store.schema import (
    agreements,
    auth_tokens,
    deals,
    drafts,
    lead_events,
    leads,
    reviews,
    sign_in_throttle,
    users,
)


def add_review(conn, team_id, author_id, share_mode, label):
    return conn.execute(
        insert(reviews).values(
            team_id=team_id,
            author_id=author_id,
            deal_label=label,
            root_category="customer",
            main_reason="no_courage_to_decline",
            reasons=json.dumps(["no_courage_to_decline"]),
            missed_signals="[]",
            answers="{}",
            feeling=2,
            share_mode=share_mode,
            lost_on=date(2026, 10, 1),
            created_at=utcnow(),
        )
    ).inserted_primary_key[0]


@pytest.fixture
def team(engine):
    with write(engine) as conn:
        team_id = repo.create_team(conn, "T")
        boss = repo.add_user(
            conn,
            team_id=team_id,
            email="chefin@t.de",
            name="Chefin",
            role="manager",
            password_hash="x",
        )
        jonas = repo.add_user(
            conn,
            team_id=team_id,
            email="Jonas@t.de",
            name="Jonas",
            role="member",
            password_hash="x",
        )
        for mode in ("private", "anonymous", "named"):
            add_review(conn, team_id, jonas, mode, f"Jonas {mode}")
        add_review(conn, team_id, boss, "private", "Chefin private")
        add_lead(conn, team_id, owner_id=jonas, company="Kühn", stage="offer_sent")
        save_draft(conn, jonas, "review", "k", {"text": "halb fertig"})
        conn.execute(
            insert(auth_tokens).values(
                user_id=jonas,
                kind="session",
                token_hash="h" * 64,
                created_at=utcnow(),
                expires_at=utcnow(),
            )
        )
        conn.execute(
            insert(sign_in_throttle).values(
                email="jonas@t.de", client="10.0.0.7", failures=2, blocked_until=utcnow()
            )
        )
    return {"team": team_id, "boss": boss, "jonas": jonas}


def test_erasure_deletes_private_reviews_and_keeps_shared_ones_without_author(engine, team):
    erase_account(engine, team["jonas"], " jonas@T.de ")
    with read(engine) as conn:
        left = conn.execute(
            select(
                reviews.c.deal_label, reviews.c.author_id, reviews.c.share_mode, reviews.c.feeling
            )
        ).all()
    assert sorted(left) == [
        ("Chefin private", team["boss"], "private", 2),
        ("Jonas anonymous", None, "anonymous", None),
        ("Jonas named", None, "anonymous", None),
    ]


def test_erasure_removes_the_person_drafts_sessions_and_failed_logins(engine, team):
    erase_account(engine, team["jonas"], "jonas@t.de")
    with read(engine) as conn:
        assert (
            conn.scalar(select(func.count()).select_from(users).where(users.c.id == team["jonas"]))
            == 0
        )
        assert conn.scalar(select(func.count()).select_from(drafts)) == 0
        assert conn.scalar(select(func.count()).select_from(auth_tokens)) == 0
        assert conn.scalar(select(func.count()).select_from(sign_in_throttle)) == 0


def test_leads_stay_as_team_data_without_owner(engine, team):
    erase_account(engine, team["jonas"], "jonas@t.de")
    with read(engine) as conn:
        rows = conn.execute(select(leads.c.company, leads.c.owner_id)).all()
    assert rows == [("Kühn", None)]


def test_a_wrong_email_deletes_nothing(engine, team):
    with pytest.raises(ErasureRefused) as refused:
        erase_account(engine, team["jonas"], "chefin@t.de")
    assert refused.value.key == "data.erase.email_mismatch"
    with read(engine) as conn:
        assert conn.scalar(select(func.count()).select_from(reviews)) == 4
        assert conn.scalar(select(func.count()).select_from(users)) == 2


def test_the_last_manager_of_a_team_with_members_hands_over_first(engine, team):
    with pytest.raises(ErasureRefused) as refused:
        erase_account(engine, team["boss"], "chefin@t.de")
    assert refused.value.key == "data.erase.last_manager"


def test_sqlite_overwrites_deleted_content(sqlite_url):
    from coaching.store import make_engine

    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    engine.dispose()


def test_erasure_writes_former_member_wherever_team_data_shows_the_name(engine, team):
    with write(engine) as conn:
        conn.execute(
            insert(deals).values(
                team_id=team["team"],
                source="generic",
                record_id="D-1",
                name="Kühn Anlagen",
                owner_name="Jonas",
                status="lost",
                row_hash="h",
                imported_at=utcnow(),
            )
        )
        lead = add_lead(conn, team["team"], company="Brandt", stage="offer_sent")
        add_event(
            conn,
            team["team"],
            lead,
            "follow_up",
            author_id=team["boss"],
            payload={"body": "Viele Grüße\nJonas"},
        )
        conn.execute(
            insert(agreements).values(
                team_id=team["team"],
                text="Jonas fragt nach zwei Tagen nach",
                owner="Jonas",
                review_on=date(2026, 12, 1),
                status="open",
                created_at=utcnow(),
            )
        )
    erased = erase_account(engine, team["jonas"], "jonas@t.de")
    with read(engine) as conn:
        owner = conn.scalar(select(deals.c.owner_name))
        payload = conn.scalar(select(lead_events.c.payload))
        agreement = conn.execute(select(agreements.c.text, agreements.c.owner)).one()
    assert owner == "ehemaliges Teammitglied"
    assert "Jonas" not in payload and "ehemaliges Teammitglied" in payload
    assert tuple(agreement) == (
        "ehemaliges Teammitglied fragt nach zwei Tagen nach",
        "ehemaliges Teammitglied",
    )
    assert erased.names_replaced == 4  # the deal, the follow-up, the agreement's text and owner
    assert erased.private_reviews == 1 and erased.shared_reviews_anonymised == 2
    assert erased.leads_released == 1 and erased.drafts == 1
