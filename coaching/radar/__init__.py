"""Kundenradar: early-warning signals per customer, a health score, and the evidence in words.

Everything is computed from two frames, the team's invoices and its own log, for a given day, so
the radar always shows the state after the latest import. Each signal compares like with like
(the same months a year before, or the months right before when the history is shorter), needs
enough history to speak, and asks for a drop in both halves of its window, so a one-off dip does
not flag. Weights, thresholds and minimum history come from data/content/<lang>/radar.yaml.
"""

import string
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from coaching import formatting
from coaching.attention import Attention
from coaching.content import catalog
from coaching.content.models import Plural
from coaching.content.radar_model import CUSTOMER_SIGNALS, RadarFile
from coaching.errors import InputError
from coaching.memo import per_data_version
from coaching.radar import signals as measure
from coaching.radar import windows
from coaching.radar.signals import INVOICE_SIGNALS as INVOICE_SIGNALS
from coaching.radar.signals import LOG_KINDS as LOG_KINDS
from coaching.radar.signals import SIGNAL_COLUMNS
from coaching.store import customers as repo
from coaching.store import read, write
from coaching.store.accounts import User
from coaching.store.customers import LogEntry

SIGNALS = CUSTOMER_SIGNALS
LIGHTS = ("red", "amber", "green", "unknown")
PAGE = "pages/customer_radar.py"
_NO_CUSTOMERS = pd.DataFrame(
    columns=["customer_id", "name", "score", "light", "flagged", "top_signals"]
)
_NO_LOGS = pd.DataFrame({"customer_id": [], "kind": [], "on_date": []})


@dataclass(frozen=True)
class BadRow:
    """An invoice left out of every signal, and why (never counted as zero)."""

    row: object  # the frame's index label: the source row of an import, or the invoice id
    customer_id: object
    invoice_number: str
    problem: str  # missing_date · missing_amount · paid_before_invoice


@dataclass(frozen=True)
class Radar:
    customers: pd.DataFrame  # customer_id, name, score, light, flagged, top_signals
    signals: pd.DataFrame  # one row per customer and signal: state, strength and the numbers
    bad_rows: list[BadRow]
    today: date

    def at_risk(self) -> pd.DataFrame:
        """Red and amber customers, the most endangered first."""
        risky = self.customers[self.customers["light"].isin(["red", "amber"])]
        return risky.sort_values(["score", "name"], kind="stable")

    def signals_of(self, customer_id: int) -> pd.DataFrame:
        rows = self.signals[self.signals["customer_id"] == customer_id]
        order = {key: i for i, key in enumerate(SIGNALS)}
        return rows.sort_values("signal", key=lambda s: s.map(order))

    def count(self, light: str) -> int:
        return int((self.customers["light"] == light).sum())


def rules(lang: str = "de") -> RadarFile:
    return catalog(lang).doc("radar")


def score(
    customers: pd.DataFrame,
    invoices: pd.DataFrame,
    logs: pd.DataFrame,
    today: date,
    settings: RadarFile | None = None,
) -> Radar:
    """Score every customer at once (vectorised: thousands of customers in well under a second)."""
    settings = settings or rules()
    invoices, logs = windows.typed(invoices, logs)
    valid, bad_rows = clean_invoices(invoices)
    ids = windows.customer_ids(customers, valid, logs)
    if ids.empty:
        return Radar(_NO_CUSTOMERS.copy(), pd.DataFrame(columns=SIGNAL_COLUMNS), bad_rows, today)
    signals = measure.signals(
        valid, invoices, logs, pd.Series(pd.Timestamp(today), index=ids), settings
    )
    return Radar(
        customers=measure.health(signals, customers, ids, settings),
        signals=signals,
        bad_rows=bad_rows,
        today=today,
    )


def clean_invoices(invoices: pd.DataFrame) -> tuple[pd.DataFrame, list[BadRow]]:
    """Invoices fit to count, and the rows left out with their problem.

    A row without date or amount is left out; a payment dated before its invoice keeps its amount
    for the order volume but not its payment delay (column pay_ok)."""
    problems = pd.Series("", index=invoices.index, dtype=object)
    paid_early = invoices["paid_date"].notna() & (invoices["paid_date"] < invoices["invoice_date"])
    problems[paid_early] = "paid_before_invoice"
    problems[invoices["amount"].isna()] = "missing_amount"
    problems[invoices["invoice_date"].isna()] = "missing_date"
    bad_rows = [
        BadRow(row, invoices.at[row, "customer_id"], str(invoices.at[row, "invoice_number"]), p)
        for row, p in problems[problems != ""].items()
    ]
    usable = (problems == "") | (problems == "paid_before_invoice")
    return invoices[usable].assign(pay_ok=~paid_early[usable]), bad_rows


def evidence(row: pd.Series | dict, lang: str, settings: RadarFile | None = None) -> str:
    """The signal's evidence as one sentence with its numbers, in the person's language."""
    settings = settings or rules(lang)
    months = settings.window_months
    if row["state"] == "too_little":
        template = getattr(settings.too_little, row["reason"])
        return _fill(template, count=_int(row["count"]), needed=_int(row["needed"]))
    rule = settings.signals[row["signal"]]
    template = rule.flagged if row["state"] == "flagged" else rule.quiet
    basis = getattr(settings.basis, row["basis"]) if row["basis"] else ""
    values = {
        "months": months,
        "basis": _fill(basis, months=months),
        "count": _int(row["count"]),
        "total": _int(row["total"]),
        **_numbers(row, lang),
    }
    return _fill(template, **values)


def monthly(invoices: pd.DataFrame, customer_id: int) -> pd.DataFrame:
    """A customer's orders and payment delay per month, for the drill-down charts."""
    mine, _ = windows.typed(invoices[invoices["customer_id"] == customer_id], _NO_LOGS)
    valid, _ = clean_invoices(mine)
    if valid.empty:
        return pd.DataFrame(columns=["month", "amount", "days_to_pay", "invoices"])
    frame = valid.assign(
        month=valid["invoice_date"].dt.to_period("M").dt.to_timestamp(),
        days=(valid["paid_date"] - valid["invoice_date"]).dt.days.where(valid["pay_ok"]),
    )
    grouped = frame.groupby("month").agg(
        amount=("amount", "sum"), days_to_pay=("days", "median"), invoices=("amount", "size")
    )
    full = pd.date_range(grouped.index.min(), grouped.index.max(), freq="MS")
    grouped = grouped.reindex(full)
    grouped["amount"] = grouped["amount"].fillna(0.0)
    grouped["invoices"] = grouped["invoices"].fillna(0).astype(int)
    return grouped.rename_axis("month").reset_index()


def history(
    customers: pd.DataFrame,
    invoices: pd.DataFrame,
    logs: pd.DataFrame,
    customer_id: int,
    today: date,
    months: int = 12,
    settings: RadarFile | None = None,
) -> pd.DataFrame:
    """How one customer's signals and score looked at the start of each of the last months.

    Each month sees only what was known on its day (later invoices, payments and log entries are
    left out), and all months are scored in one pass, each as a customer of its own."""
    settings = settings or rules()
    days = windows.month_starts(today, months)
    mine, their_logs = windows.typed(
        invoices[invoices["customer_id"] == customer_id], logs[logs["customer_id"] == customer_id]
    )
    known, noted = [], []
    for k, day in enumerate(days):
        cutoff = pd.Timestamp(day)
        rows = mine[mine["invoice_date"] <= cutoff]
        paid = rows["paid_date"].where(rows["paid_date"] <= cutoff)
        known.append(rows.assign(customer_id=k, paid_date=paid))
        noted.append(their_logs[their_logs["on_date"] <= cutoff].assign(customer_id=k))
    as_of = pd.Series(pd.to_datetime(days), index=pd.RangeIndex(len(days), name="customer_id"))
    past_invoices = pd.concat(known, ignore_index=True)
    past_logs = pd.concat(noted, ignore_index=True)
    valid, _ = clean_invoices(past_invoices)
    signals = measure.signals(valid, past_invoices, past_logs, as_of, settings)
    health = measure.health(signals, customers.iloc[0:0], as_of.index, settings)
    past = signals.merge(health[["customer_id", "score", "light"]], on="customer_id")
    past["as_of"] = [days[k] for k in past["customer_id"]]
    return past[["as_of", "signal", "state", "score", "light"]].sort_values(
        "as_of", kind="stable", ignore_index=True
    )


def red_customers(engine: Engine, user: User) -> list[Attention]:
    """Start page: how many customers are in the red today."""
    red = team_radar(engine, user.team_id, date.today(), "de").count("red")
    return [Attention("radar.attention_red", red, PAGE, urgent=True)]


@per_data_version
def team_frames(engine: Engine, team_id: int) -> dict[str, pd.DataFrame]:
    """The team's customers, invoices and log counts, loaded once per data version (team data
    every member sees: no notes, no authors). Shared by every caller: do not change them."""
    with read(engine) as conn:
        return {
            "customers": repo.customers_frame(conn, team_id),
            "invoices": repo.invoices_frame(conn, team_id),
            "logs": repo.logs_frame(conn, team_id),
            "last_import": repo.last_import(conn, team_id),
        }


@per_data_version
def team_radar(engine: Engine, team_id: int, today: date, lang: str) -> Radar:
    """The team's radar, scored once per data version, day and language."""
    frames = team_frames(engine, team_id)
    return score(frames["customers"], frames["invoices"], frames["logs"], today, rules(lang))


class RadarError(InputError):
    """A log entry the radar cannot take; keys in radar.*."""


def log_contact(
    engine: Engine,
    user: User,
    customer_id: int,
    kind: str,
    *,
    on_date: date,
    note: str = "",
    today: date | None = None,
) -> int:
    """One entry in the team's log of a customer (a call, a complaint, a competitor's trace)."""
    if on_date > (today or date.today()):
        raise RadarError("radar.log_future")
    with write(engine) as conn:
        return repo.add_log(
            conn, user.team_id, customer_id, kind, author_id=user.id, on_date=on_date, note=note
        )


def customer_log(engine: Engine, team_id: int, customer_id: int) -> list[LogEntry]:
    """The customer's log, as the page lists it."""
    with read(engine) as conn:
        return repo.logs_for_customer(conn, team_id, customer_id)


def _numbers(row, lang: str) -> dict[str, str]:
    signal, now, before = row["signal"], row["now"], row["before"]
    if signal == "shrinking_orders":
        drop = 1 - now / before if before else 0
        return {
            "now": formatting.money(now, lang),
            "before": formatting.money(before, lang),
            "drop": formatting.percent(drop, lang),
        }
    if signal == "later_payments":
        return {
            "now": formatting.number(now, lang),
            "before": formatting.number(before, lang),
            "days": formatting.number(now - before, lang),
        }
    if signal == "harder_to_reach":
        return {"now": formatting.percent(now, lang), "before": formatting.percent(before, lang)}
    if signal == "more_complaints":
        return {"before": formatting.number(before, lang, 1)}
    last = row["last"]
    return {"last": formatting.day(last.date() if pd.notna(last) else None, lang)}


def _int(value) -> str:
    return "–" if value is None or pd.isna(value) else str(int(value))


class _Gaps(dict):
    def __missing__(self, key: str) -> str:
        return f"[{key}]"


def _fill(template: str | Plural, **values: object) -> str:
    if isinstance(template, Plural):
        template = template.for_count(values.get("count"))
    return string.Formatter().vformat(template, (), _Gaps(values))
