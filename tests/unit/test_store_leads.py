from datetime import date
from decimal import Decimal

from coaching.store import accounts as repo
from coaching.store import read, versions, write
from coaching.store.leads import (
    add_event,
    add_lead,
    customer_id_for,
    events_for_lead,
    get_lead,
    list_leads,
    update_lead,
)


def _team_with_owner(engine):
    with write(engine) as conn:
        team = repo.create_team(conn, "T")
        owner = repo.add_user(
            conn, team_id=team, email="o@t.de", name="Olga", role="member", password_hash="x"
        )
    return team, owner


def test_a_lead_is_stored_with_its_owner_and_found_by_search(engine):
    team, owner = _team_with_owner(engine)
    with write(engine) as conn:
        lead = add_lead(
            conn,
            team,
            owner_id=owner,
            company="Bäckerei Kühn",
            topic="Messestand",
            value_eur=Decimal("12500.00"),
            stage="offer_sent",
            offer_date=date(2026, 11, 2),
        )
    with read(engine) as conn:
        found = list_leads(conn, team, search="kühn")
        assert [x.id for x in found] == [lead]
        assert found[0].owner_name == "Olga" and found[0].value_eur == Decimal("12500.00")
        assert list_leads(conn, team, search="nirgends") == []


def test_updates_and_events_bump_the_team_data_version(engine):
    team, owner = _team_with_owner(engine)
    with write(engine) as conn:
        lead = add_lead(conn, team, owner_id=owner, company="A", stage="first_contact")
        before = versions.current(conn, team)
        update_lead(conn, team, lead, status="ghosted")
        add_event(
            conn,
            team,
            lead,
            "closed",
            author_id=owner,
            note="<b>kein</b> Echo",
            payload={"where": "after_offer"},
        )
        assert versions.current(conn, team) == before + 2
    with read(engine) as conn:
        assert get_lead(conn, team, lead).status == "ghosted"
        (event,) = events_for_lead(conn, team, lead)
        assert event.author_name == "Olga" and event.payload == {"where": "after_offer"}


def test_another_team_cannot_read_a_lead(engine):
    team, owner = _team_with_owner(engine)
    with write(engine) as conn:
        other = repo.create_team(conn, "Andere")
        lead = add_lead(conn, team, owner_id=owner, company="Geheim GmbH", stage="first_contact")
    with read(engine) as conn:
        assert get_lead(conn, other, lead) is None
        assert list_leads(conn, other) == []


def test_customers_are_matched_ignoring_case_and_spacing(engine):
    team, _ = _team_with_owner(engine)
    with write(engine) as conn:
        first = customer_id_for(conn, team, "Müller  Metallbau GmbH")
        again = customer_id_for(conn, team, "müller metallbau gmbh")
    assert first == again
