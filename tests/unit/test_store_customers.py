"""Customer logs and invoice frames for the Kundenradar, on SQLite and PostgreSQL."""

from datetime import date

import pytest

from coaching import radar
from coaching.demo import reset_demo
from coaching.store import accounts, read, versions, write
from coaching.store import customers as repo
from tests.conftest import FIXED_TODAY


def _team(conn, name="Nordlicht Ladenbau"):
    team = accounts.create_team(conn, name)
    person = accounts.add_user(
        conn,
        team_id=team,
        email=f"a@{team}.de",
        name="Anna Krüger",
        role="member",
        password_hash="x",
    )
    return team, person


def test_a_log_entry_is_stored_with_its_author_and_bumps_the_data_version(engine):
    with write(engine) as conn:
        team, person = _team(conn)
        customer = repo.ensure_customer(conn, team, "Autohaus  Brandt", "K-1")
        before = versions.current(conn, team)
        repo.add_log(
            conn,
            team,
            customer,
            "complaint",
            author_id=person,
            on_date=date(2026, 11, 2),
            note="  Standwand zerkratzt ",
        )
    with read(engine) as conn:
        entries = repo.logs_for_customer(conn, team, customer)
        assert versions.current(conn, team) == before + 1
        assert repo.customers_frame(conn, team).iloc[0][["name", "number"]].tolist() == [
            "Autohaus Brandt",
            "K-1",
        ]
    assert [(e.kind, e.author_name, e.note) for e in entries] == [
        ("complaint", "Anna Krüger", "Standwand zerkratzt")
    ]


def test_another_team_can_neither_log_for_nor_read_a_customer(engine):
    with write(engine) as conn:
        team, person = _team(conn)
        other, _ = _team(conn, "Andere")
        customer = repo.ensure_customer(conn, team, "Brauerei Lindner")
        repo.add_log(conn, team, customer, "note", author_id=person, on_date=FIXED_TODAY)
    with pytest.raises(LookupError), write(engine) as conn:
        repo.add_log(conn, other, customer, "note", author_id=None, on_date=FIXED_TODAY)
    with read(engine) as conn:
        assert repo.logs_for_customer(conn, other, customer) == []
        assert repo.logs_frame(conn, other).empty


def test_invoices_come_back_as_a_frame_the_radar_can_score(engine):
    with write(engine) as conn:
        team, _ = _team(conn)
        customer = repo.ensure_customer(conn, team, "Optik Hansen")
        rows = [
            {
                "customer_id": customer,
                "invoice_number": f"R-{m}",
                "invoice_date": date(2025, m, 10),
                "due_date": None,
                "paid_date": date(2025, m, 28),
                "amount": 1200.5,
            }
            for m in range(1, 13)
        ]
        repo.add_invoices(conn, team, rows)
    with read(engine) as conn:
        invoices = repo.invoices_frame(conn, team)
        customers = repo.customers_frame(conn, team)
        logs = repo.logs_frame(conn, team)
        assert repo.last_import(conn, team) is not None
    assert invoices["amount"].sum() == pytest.approx(12 * 1200.5)
    result = radar.score(customers, invoices, logs, date(2026, 1, 5))
    assert result.customers.iloc[0]["name"] == "Optik Hansen"


def test_the_demo_brings_thirty_customers_with_three_years_and_a_red_one(engine):
    report = reset_demo(engine, FIXED_TODAY)
    with read(engine) as conn:
        customers = repo.customers_frame(conn, report.team_id)
        invoices = repo.invoices_frame(conn, report.team_id)
        logs = repo.logs_frame(conn, report.team_id)
    assert 25 <= invoices["customer_id"].nunique() <= 35  # leads and talks add more customers
    assert invoices["invoice_date"].min().year == 2023 and len(logs) > 20
    result = radar.score(customers, invoices, logs, FIXED_TODAY)
    lights = result.customers.set_index("name")["light"]
    assert lights["Möbelwerk Krüger GmbH"] == "red"
    assert lights["Druckerei Peters KG"] == "amber"
    assert lights["Brauerei Lindner"] == "green"
    assert lights["Gartenbau Sommer"] == "green"
    assert lights["Nordlicht Solar GmbH"] == "unknown"
