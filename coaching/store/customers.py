"""Customers, their invoices as a frame, and the team's own log per customer (Kundenradar)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Connection, func, insert, select, update

from coaching.store import versions
from coaching.store.engine import utcnow
from coaching.store.leads import customer_id_for
from coaching.store.schema import customer_logs, customers, invoices, users

INVOICE_COLUMNS = [
    "customer_id",
    "invoice_number",
    "invoice_date",
    "due_date",
    "paid_date",
    "amount",
]
LOG_COLUMNS = ["customer_id", "kind", "on_date"]


@dataclass(frozen=True)
class LogEntry:
    id: int
    customer_id: int
    author_name: str | None
    kind: str
    on_date: date
    note: str | None


def ensure_customer(conn: Connection, team_id: int, name: str, number: str | None = None) -> int:
    """The customer of that name (created on first mention), with its number if one is known."""
    customer_id = customer_id_for(conn, team_id, name)
    if number:
        conn.execute(
            update(customers)
            .where(customers.c.id == customer_id, customers.c.number.is_(None))
            .values(number=number)
        )
    return customer_id


def add_invoices(conn: Connection, team_id: int, rows: list[dict], source: str = "demo") -> int:
    """Insert invoices as they are (demo data and tests; the importer has its own upsert)."""
    now = utcnow()
    values = [
        {
            "team_id": team_id,
            "source": source,
            "imported_at": now,
            "row_hash": hashlib.sha256(json.dumps(row, default=str).encode()).hexdigest(),
            **row,
        }
        for row in rows
    ]
    if values:
        conn.execute(insert(invoices), values)
        versions.bump(conn, team_id)
    return len(values)


def add_log(
    conn: Connection,
    team_id: int,
    customer_id: int,
    kind: str,
    *,
    author_id: int | None,
    on_date: date,
    note: str | None = None,
) -> int:
    """One entry in the team's log of a customer; the customer must belong to the team."""
    owner = conn.scalar(select(customers.c.team_id).where(customers.c.id == customer_id))
    if owner != team_id:
        raise LookupError(f"customer {customer_id} is not a customer of team {team_id}")
    entry_id = conn.execute(
        insert(customer_logs).values(
            team_id=team_id,
            customer_id=customer_id,
            author_id=author_id,
            kind=kind,
            on_date=on_date,
            note=(note or "").strip() or None,
            created_at=utcnow(),
        )
    ).inserted_primary_key[0]
    versions.bump(conn, team_id)
    return entry_id


def logs_for_customer(conn: Connection, team_id: int, customer_id: int) -> list[LogEntry]:
    """A customer's log, newest first, with the author's name."""
    query = (
        select(
            customer_logs.c.id,
            customer_logs.c.customer_id,
            users.c.name.label("author_name"),
            customer_logs.c.kind,
            customer_logs.c.on_date,
            customer_logs.c.note,
        )
        .join_from(customer_logs, users, customer_logs.c.author_id == users.c.id, isouter=True)
        .where(customer_logs.c.team_id == team_id, customer_logs.c.customer_id == customer_id)
        .order_by(customer_logs.c.on_date.desc(), customer_logs.c.id.desc())
    )
    return [LogEntry(**row._mapping) for row in conn.execute(query)]


def customers_frame(conn: Connection, team_id: int) -> pd.DataFrame:
    """The team's customers: id, name, number."""
    rows = conn.execute(
        select(customers.c.id, customers.c.name, customers.c.number)
        .where(customers.c.team_id == team_id)
        .order_by(customers.c.name)
    ).all()
    return pd.DataFrame(rows, columns=["id", "name", "number"])


def invoices_frame(conn: Connection, team_id: int) -> pd.DataFrame:
    """All the team's invoices as a frame (dates as datetime64, amount as float)."""
    rows = conn.execute(
        select(*[invoices.c[name] for name in INVOICE_COLUMNS]).where(invoices.c.team_id == team_id)
    ).all()
    frame = pd.DataFrame(rows, columns=INVOICE_COLUMNS)
    for column in ("invoice_date", "due_date", "paid_date"):
        frame[column] = pd.to_datetime(frame[column])
    frame["amount"] = pd.to_numeric(frame["amount"]).astype(float)
    return frame


def logs_frame(conn: Connection, team_id: int) -> pd.DataFrame:
    """The team's log entries for scoring: customer, kind, date (no notes, no authors)."""
    rows = conn.execute(
        select(customer_logs.c.customer_id, customer_logs.c.kind, customer_logs.c.on_date).where(
            customer_logs.c.team_id == team_id
        )
    ).all()
    frame = pd.DataFrame(rows, columns=LOG_COLUMNS)
    frame["on_date"] = pd.to_datetime(frame["on_date"])
    return frame


def last_import(conn: Connection, team_id: int) -> date | None:
    """When invoices were last imported, so the radar can say how fresh it is."""
    found = conn.scalar(
        select(func.max(invoices.c.imported_at)).where(invoices.c.team_id == team_id)
    )
    return found.date() if found else None
