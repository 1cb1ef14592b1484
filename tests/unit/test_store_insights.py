"""What the reason charts read from the store, and the team's CRM label mappings."""

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from coaching import insights
from coaching.demo import reset_demo
from coaching.store import accounts as repo
from coaching.store import insights as store
from coaching.store import read, utcnow, versions, write
from coaching.store.leads import add_event, add_lead, update_lead
from coaching.store.schema import conversations, deals, reviews, teams
from tests.conftest import FIXED_TODAY


def _team(engine):
    with write(engine) as conn:
        team = repo.create_team(conn, "T")
        author = repo.add_user(
            conn, team_id=team, email="a@t.de", name="Aida", role="member", password_hash="x"
        )
    return team, author


def _review(conn, team, author, share_mode, reason="price", feeling=1):
    conn.execute(
        insert(reviews).values(
            team_id=team,
            author_id=author,
            deal_label="Messestand",
            deal_value=Decimal("4000"),
            root_category="competitor",
            main_reason=reason,
            reasons=json.dumps([reason]),
            missed_signals=json.dumps(["no_next_step"]),
            stage_at_silence="offer_sent",
            hours_invested=Decimal("6.5"),
            lesson="privat",
            answers="{}",
            feeling=feeling,
            share_mode=share_mode,
            lost_on=date(2026, 10, 1),
            created_at=utcnow(),
        )
    )


def _deal(conn, team, record, label, status="lost", owner="Anna"):
    conn.execute(
        insert(deals).values(
            team_id=team,
            source="hubspot",
            record_id=record,
            owner_name=owner,
            status=status,
            amount=Decimal("1000"),
            close_date=date(2026, 10, 1),
            lost_reason=label,
            imported_at=utcnow(),
            row_hash=record,
        )
    )


def test_only_shared_reviews_are_read_and_anonymous_ones_without_author(engine):
    team, author = _team(engine)
    with write(engine) as conn:
        _review(conn, team, author, "private", reason="budget_cut")
        _review(conn, team, author, "anonymous")
        _review(conn, team, author, "named")
    with read(engine) as conn:
        src = store.load_sources(conn, team)
    assert len(src.reviews) == 2
    assert "feeling" not in src.reviews.columns and "lesson" not in src.reviews.columns
    people = sorted(src.reviews["person"].fillna(0).astype(int))
    assert people == [0, author]  # anonymous: no author at all
    assert set(src.reviews["main_reason"]) == {"price"}


def test_closed_leads_bring_their_closing_details_and_reopenings(engine):
    team, owner = _team(engine)
    with write(engine) as conn:
        lead = add_lead(
            conn,
            team,
            owner_id=owner,
            company="Kühn",
            stage="offer_sent",
            value_eur=Decimal("8000"),
            offer_date=date(2026, 9, 1),
        )
        update_lead(conn, team, lead, status="ghosted", closed_at=datetime(2026, 10, 1))
        payload = {
            "status": "ghosted",
            "reason": "overwhelm",
            "silence_began": "after_offer",
            "last_customer_message": "2026-09-10",
        }
        add_event(
            conn, team, lead, "closed", author_id=owner, payload=payload, at=datetime(2026, 10, 1)
        )
        add_event(conn, team, lead, "reopened", author_id=owner, at=datetime(2026, 11, 2))
        conn.execute(
            insert(conversations).values(
                team_id=team,
                author_id=owner,
                lead_id=lead,
                script="crisis",
                outcome="kept",
                notes="{}",
                held_on=date(2026, 11, 1),
                created_at=utcnow(),
            )
        )
    with read(engine) as conn:
        src = store.load_sources(conn, team)
    row = src.closed_leads.iloc[0]
    assert row["reason"] == "overwhelm" and row["silence_began"] == "after_offer"
    assert row["closed_as"] == "ghosted" and row["last_customer_message"] == "2026-09-10"
    assert list(src.reopened["lead_id"]) == [lead]
    assert list(src.conversations["outcome"]) == ["kept"]
    data = insights.build(src)
    assert bool(data.ghosts["returned"].iloc[0])


def test_open_labels_are_kept_per_data_version_and_follow_each_mapping(engine):
    team, manager = _team(engine)
    with write(engine) as conn:
        _deal(conn, team, "1", "Kein Budget")
        _deal(conn, team, "2", "Messe abgesagt")
        versions.bump(conn, team)  # as an import does
    first = insights.open_labels(engine, team)
    assert first == [("Kein Budget", 1), ("Messe abgesagt", 1)]
    assert insights.open_labels(engine, team) is first  # the same version: not counted again
    with write(engine) as conn:
        store.confirm_mapping(conn, team, "Kein Budget", "budget_cut", manager)
    assert insights.open_labels(engine, team) == [("Messe abgesagt", 1)]


def test_a_confirmed_mapping_is_stored_reused_and_can_be_changed(engine):
    team, manager = _team(engine)
    with write(engine) as conn:
        _deal(conn, team, "1", "Kein Budget")
        _deal(conn, team, "2", "kein  budget")
        _deal(conn, team, "3", "Messe abgesagt")
        _deal(conn, team, "4", "Gewonnen", status="won")
    with read(engine) as conn:
        assert store.unmapped_labels(conn, team) == [("Kein Budget", 2), ("Messe abgesagt", 1)]
        before = versions.current(conn, team)
    with write(engine) as conn:
        store.confirm_mapping(conn, team, "KEIN BUDGET", "price", manager)
        store.confirm_mapping(conn, team, "Kein Budget", "budget_cut", manager)
    with read(engine) as conn:
        assert store.mappings(conn, team) == {"kein budget": "budget_cut"}
        assert store.reason_for(conn, team, " Kein budget ") == "budget_cut"
        assert store.unmapped_labels(conn, team) == [("Messe abgesagt", 1)]
        assert versions.current(conn, team) > before
    with write(engine) as conn:  # a later import with the same words is mapped at once
        _deal(conn, team, "5", "Kein Budget")
    with read(engine) as conn:
        obs = insights.build(store.load_sources(conn, team)).observations
    assert (obs["reason"] == "budget_cut").sum() == 3


def test_mappings_belong_to_their_team(engine):
    team, manager = _team(engine)
    with write(engine) as conn:
        other = repo.create_team(conn, "Andere")
        store.confirm_mapping(conn, other, "Kein Budget", "budget_cut", None)
    with read(engine) as conn:
        assert store.mappings(conn, team) == {}


def test_the_minimum_group_size_is_never_below_three(engine):
    team, _ = _team(engine)
    with pytest.raises(IntegrityError), write(engine) as conn:  # the database refuses it
        conn.execute(update(teams).where(teams.c.id == team).values(min_group_size=2))
    with read(engine) as conn:
        assert store.min_group_size(conn, team) >= 3


def test_the_demo_has_two_years_of_crm_deals_some_mapped_and_some_waiting(engine):
    report = reset_demo(engine, FIXED_TODAY)
    with read(engine) as conn:
        src = store.load_sources(conn, report.team_id)
        waiting = store.unmapped_labels(conn, report.team_id)
        total = conn.scalar(
            select(func.count()).select_from(deals).where(deals.c.team_id == report.team_id)
        )
    assert total == 160 and len(src.deals) == 60
    assert len(src.mappings) >= 5 and len(waiting) >= 3
    assert any(insights.suggest_reason(label) for label, _ in waiting)
    days = src.deals["close_date"]
    assert min(days) >= date(2024, 11, 1) and max(days) <= FIXED_TODAY


def test_only_managers_save_mappings_and_only_to_known_reasons(engine):
    team, member = _team(engine)
    with write(engine) as conn:
        boss = repo.add_user(
            conn, team_id=team, email="b@t.de", name="Bea", role="manager", password_hash="x"
        )
        manager, someone = repo.user_by_id(conn, boss), repo.user_by_id(conn, member)
    with pytest.raises(PermissionError):
        insights.save_mappings(engine, someone, {"Zu teuer": "price"})
    with pytest.raises(ValueError):
        insights.save_mappings(engine, manager, {"Zu teuer": "price", "Egal": "no_such_reason"})
    with read(engine) as conn:
        assert store.mappings(conn, team) == {}  # nothing half-written
    assert insights.save_mappings(engine, manager, {"Zu teuer": "price", "Offen": None}) == 1
    with read(engine) as conn:
        assert store.mappings(conn, team) == {"zu teuer": "price"}
