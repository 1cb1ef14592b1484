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

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from coaching import formatting
from coaching.attention import Attention
from coaching.content import catalog
from coaching.content.radar_model import CUSTOMER_SIGNALS, RadarFile
from coaching.errors import InputError
from coaching.memo import per_data_version
from coaching.store import customers as repo
from coaching.store import read, write
from coaching.store.accounts import User
from coaching.store.customers import LogEntry

SIGNALS = CUSTOMER_SIGNALS
LOG_KINDS = (
    "order_after_ask",
    "order_unprompted",
    "contact_attempt",
    "contact_answered",
    "complaint",
    "competitor_trace",
    "note",
)
LIGHTS = ("red", "amber", "green", "unknown")
INVOICE_SIGNALS = ("shrinking_orders", "later_payments")
PAGE = "pages/customer_radar.py"
_NO_CUSTOMERS = pd.DataFrame(
    columns=["customer_id", "name", "score", "light", "flagged", "top_signals"]
)
_NO_LOGS = pd.DataFrame({"customer_id": [], "kind": [], "on_date": []})
_SIGNAL_COLUMNS = [
    "customer_id",
    "signal",
    "state",
    "strength",
    "now",
    "before",
    "count",
    "total",
    "needed",
    "reason",
    "basis",
    "last",
]


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
    invoices, logs = _typed(invoices, logs)
    valid, bad_rows = clean_invoices(invoices)
    ids = _customer_ids(customers, valid, logs)
    if ids.empty:
        return Radar(_NO_CUSTOMERS.copy(), pd.DataFrame(columns=_SIGNAL_COLUMNS), bad_rows, today)
    signals = _signals(valid, invoices, logs, pd.Series(pd.Timestamp(today), index=ids), settings)
    return Radar(
        customers=_health(signals, customers, ids, settings),
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


def _gap_months(invoices: pd.DataFrame, last_full: pd.Series, window: int) -> pd.DataFrame:
    """Months (customer, rel) with an invoice whose amount is missing, and their counterparts.

    Such a month is left out of both sides of the order comparison: a missing amount is unknown,
    not zero. last_full: each customer's last full month (as a month number)."""
    gaps = invoices[
        invoices["amount"].isna()
        & invoices["invoice_date"].notna()
        & invoices["customer_id"].isin(last_full.index)
    ]
    month = gaps["invoice_date"].dt.year * 12 + gaps["invoice_date"].dt.month - 1
    rel = (_per_row(last_full, gaps) - month).to_numpy()
    shifts = (0, 12, -12, window, -window)
    return pd.DataFrame(
        {
            "customer_id": np.tile(gaps["customer_id"].to_numpy(), len(shifts)),
            "rel": np.concatenate([rel + shift for shift in shifts]),
        }
    ).drop_duplicates()


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
    mine, _ = _typed(invoices[invoices["customer_id"] == customer_id], _NO_LOGS)
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
    days = _month_starts(today, months)
    mine, their_logs = _typed(
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
    signals = _signals(valid, past_invoices, past_logs, as_of, settings)
    health = _health(signals, customers.iloc[0:0], as_of.index, settings)
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


# --- the signals --------------------------------------------------------------------------------


def _signals(valid, invoices, logs, as_of: pd.Series, settings) -> pd.DataFrame:
    """Every signal of every customer in as_of's index, each judged as of its own day."""
    parts = [
        _shrinking_orders(valid, as_of, settings, invoices),
        _later_payments(valid, as_of, settings),
        *_log_signals(logs, as_of, settings),
    ]
    return pd.concat(parts, ignore_index=True)[_SIGNAL_COLUMNS]


def _shrinking_orders(valid, as_of, settings, invoices) -> pd.DataFrame:
    rule = settings.signals["shrinking_orders"]
    ids = as_of.index
    w, frame, basis, gate = _invoice_windows(valid, as_of, settings)
    gaps = _gap_months(invoices, _month_numbers(as_of) - 1, w)
    if len(gaps):
        keys = pd.MultiIndex.from_frame(frame[["customer_id", "rel"]])
        frame = frame[~keys.isin(pd.MultiIndex.from_frame(gaps))]
    half = w // 2
    recent = _agg(frame, ids, 0, w, "amount", "sum")
    recent_halves = [
        _agg(frame, ids, 0, half, "amount", "sum"),
        _agg(frame, ids, half, w, "amount", "sum"),
    ]
    base = _pick(
        basis,
        _agg(frame, ids, 12, 12 + w, "amount", "sum"),
        _agg(frame, ids, w, 2 * w, "amount", "sum"),
    )
    base_count = _pick(
        basis,
        _agg(frame, ids, 12, 12 + w, "amount", "size"),
        _agg(frame, ids, w, 2 * w, "amount", "size"),
    )
    base_halves = [
        _pick(
            basis,
            _agg(frame, ids, lo, lo + half, "amount", "sum"),
            _agg(frame, ids, lo2, lo2 + half, "amount", "sum"),
        )
        for lo, lo2 in ((12, w), (12 + half, w + half))
    ]
    with np.errstate(divide="ignore", invalid="ignore"):
        drop = np.where(base > 0, 1 - recent / base, np.nan)
        half_ok = [
            (b <= 0) | (1 - r / np.where(b > 0, b, 1) >= rule.threshold)
            for r, b in zip(recent_halves, base_halves, strict=True)
        ]
    lasting = half_ok[0] & half_ok[1] & ((base_halves[0] > 0) | (base_halves[1] > 0))
    reason, count, needed = gate
    reason = np.where(
        (reason == "") & ((base_count < settings.min_per_window) | ~(base > 0)), "window", reason
    )
    count = np.where(reason == "window", base_count, count)
    needed = np.where(reason == "window", settings.min_per_window, needed)
    flagged = (reason == "") & (drop >= rule.threshold) & lasting
    return _signal_frame(
        "shrinking_orders",
        ids,
        rule,
        reason,
        flagged,
        measure=drop,
        now=recent,
        before=base,
        count=count,
        total=np.nan,
        needed=needed,
        basis=basis,
    )


def _later_payments(valid, as_of, settings) -> pd.DataFrame:
    rule = settings.signals["later_payments"]
    ids = as_of.index
    w, frame, basis, gate = _invoice_windows(valid, as_of, settings)
    frame = frame[frame["pay_ok"]]
    frame = frame.assign(days=(frame["paid_date"] - frame["invoice_date"]).dt.days)
    paid = frame[frame["days"].notna()]
    base_paid = paid[_pick_mask(paid, basis, ids, w)]
    before = base_paid.groupby("customer_id")["days"].median().reindex(ids).to_numpy()
    base_count = base_paid.groupby("customer_id").size().reindex(ids, fill_value=0).to_numpy()
    # an invoice still open counts with its age once that exceeds the customer's usual time to pay
    open_age = (_per_row(as_of, frame) - frame["invoice_date"]).dt.days
    usual = pd.Series(before, index=ids).reindex(frame["customer_id"]).to_numpy()
    overdue = frame["days"].isna() & (open_age.to_numpy() > usual)
    counted = pd.concat([paid, frame[overdue].assign(days=open_age[overdue])])
    recent_rows = counted[(counted["rel"] >= 0) & (counted["rel"] < w)]
    now = recent_rows.groupby("customer_id")["days"].median().reindex(ids).to_numpy()
    recent_count = recent_rows.groupby("customer_id").size().reindex(ids, fill_value=0).to_numpy()
    reason, count, needed = gate
    too_few = np.minimum(recent_count, base_count)
    reason = np.where((reason == "") & (too_few < settings.min_per_window), "paid", reason)
    count = np.where(reason == "paid", too_few, count)
    needed = np.where(reason == "paid", settings.min_per_window, needed)
    later = now - before
    flagged = (reason == "") & (later >= rule.threshold)
    return _signal_frame(
        "later_payments",
        ids,
        rule,
        reason,
        flagged,
        measure=later,
        now=now,
        before=before,
        count=np.nan,
        total=np.nan,
        needed=needed,
        basis=basis,
        count_values=count,
    )


def _log_signals(logs, as_of, settings) -> list[pd.DataFrame]:
    w = settings.window_months
    ids = as_of.index
    logs = logs[logs["customer_id"].isin(ids)]
    month = _per_row(_month_numbers(as_of), logs)
    rel = month - (logs["on_date"].dt.year * 12 + logs["on_date"].dt.month - 1)
    frame = logs.assign(rel=rel)
    frame = frame[frame["rel"] >= 0]

    def counts(lo: int, hi: int) -> pd.DataFrame:
        part = frame[(frame["rel"] >= lo) & (frame["rel"] < hi)]
        table = part.groupby(["customer_id", "kind"]).size().unstack(fill_value=0)
        return table.reindex(index=ids, columns=list(LOG_KINDS), fill_value=0)

    recent, before = counts(0, w), counts(w, w + 12)
    return [
        _orders_only_when_asked(recent, ids, settings),
        _harder_to_reach(recent, before, ids, settings),
        _more_complaints(recent, before, ids, settings),
        _competitor_traces(frame, recent, ids, settings),
    ]


def _orders_only_when_asked(recent, ids, settings) -> pd.DataFrame:
    rule = settings.signals["orders_only_when_asked"]
    asked = recent["order_after_ask"].to_numpy()
    total = asked + recent["order_unprompted"].to_numpy()
    reason = np.where(total < settings.min_order_flags, "entries", "")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, asked / np.maximum(total, 1), np.nan)
    flagged = (reason == "") & (share >= rule.threshold)
    return _signal_frame(
        "orders_only_when_asked",
        ids,
        rule,
        reason,
        flagged,
        measure=share,
        now=share,
        before=np.nan,
        count=asked,
        total=total,
        needed=settings.min_order_flags,
        basis="",
        count_values=np.where(reason == "entries", total, asked),
    )


def _harder_to_reach(recent, before, ids, settings) -> pd.DataFrame:
    rule = settings.signals["harder_to_reach"]
    missed = recent["contact_attempt"].to_numpy()
    total = missed + recent["contact_answered"].to_numpy()
    missed_before = before["contact_attempt"].to_numpy()
    total_before = missed_before + before["contact_answered"].to_numpy()
    known = total_before >= settings.min_contacts
    share = missed / np.maximum(total, 1)
    share_before = np.where(
        known, missed_before / np.maximum(total_before, 1), settings.usual_unanswered_share
    )
    reason = np.where(total < settings.min_contacts, "entries", "")
    rise = share - share_before
    flagged = (reason == "") & (rise >= rule.threshold)
    return _signal_frame(
        "harder_to_reach",
        ids,
        rule,
        reason,
        flagged,
        measure=rise,
        now=share,
        before=share_before,
        count=missed,
        total=total,
        needed=settings.min_contacts,
        basis=np.where(known, "contacts_before", "contacts_usual"),
        count_values=np.where(reason == "entries", total, missed),
    )


def _more_complaints(recent, before, ids, settings) -> pd.DataFrame:
    rule = settings.signals["more_complaints"]
    count = recent["complaint"].to_numpy()
    usual = before["complaint"].to_numpy() * settings.window_months / 12
    rise = count - usual
    flagged = (count >= settings.min_complaints) & (rise >= rule.threshold)
    return _signal_frame(
        "more_complaints",
        ids,
        rule,
        np.full(len(ids), ""),
        flagged,
        measure=rise,
        now=count,
        before=usual,
        count=count,
        total=np.nan,
        needed=np.nan,
        basis="",
    )


def _competitor_traces(frame, recent, ids, settings) -> pd.DataFrame:
    rule = settings.signals["competitor_traces"]
    count = recent["competitor_trace"].to_numpy()
    traces = frame[(frame["kind"] == "competitor_trace") & (frame["rel"] < settings.window_months)]
    last = traces.groupby("customer_id")["on_date"].max().reindex(ids)
    flagged = count >= rule.threshold
    result = _signal_frame(
        "competitor_traces",
        ids,
        rule,
        np.full(len(ids), ""),
        flagged,
        measure=count,
        now=count,
        before=np.nan,
        count=count,
        total=np.nan,
        needed=np.nan,
        basis="",
    )
    result["last"] = last.to_numpy()
    return result


# --- the score ----------------------------------------------------------------------------------


def _health(signals, customers, ids, settings) -> pd.DataFrame:
    weights = (
        signals["signal"].map({k: r.weight for k, r in settings.signals.items()}).astype(float)
    )
    loss = (weights * signals["strength"]).groupby(signals["customer_id"]).sum().reindex(ids)
    flagged = signals[signals["state"] == "flagged"].assign(loss=weights * signals["strength"])
    flagged = flagged.sort_values("loss", ascending=False, kind="stable")
    top = flagged.groupby("customer_id")["signal"].agg(list).reindex(ids)
    n_flagged = flagged.groupby("customer_id").size().reindex(ids, fill_value=0)
    mute = signals[signals["signal"].isin(INVOICE_SIGNALS)]
    silent = (mute["state"] == "too_little").groupby(mute["customer_id"]).all().reindex(ids)
    score = (100 - loss).round().clip(0, 100)
    light = np.select(
        [
            silent.to_numpy() & (n_flagged.to_numpy() == 0),
            score.to_numpy() < settings.light.red_below,
            (score.to_numpy() < settings.light.amber_below) | (n_flagged.to_numpy() > 0),
        ],
        ["unknown", "red", "amber"],
        "green",
    )
    names = customers.set_index("id")["name"].reindex(ids) if len(customers) else None
    return pd.DataFrame(
        {
            "customer_id": ids,
            "name": names.fillna("").to_numpy() if names is not None else "",
            "score": np.where(light == "unknown", np.nan, score.to_numpy()),
            "light": light,
            "flagged": n_flagged.to_numpy(),
            "top_signals": [v if isinstance(v, list) else [] for v in top.to_numpy()],
        }
    )


# --- helpers ------------------------------------------------------------------------------------


def _invoice_windows(valid, as_of, settings):
    """Months relative to each customer's last full month, the comparison basis and who may not
    speak yet."""
    w = settings.window_months
    ids = as_of.index
    valid = valid[valid["customer_id"].isin(ids)]
    last_full = _per_row(_month_numbers(as_of) - 1, valid)
    month = valid["invoice_date"].dt.year * 12 + valid["invoice_date"].dt.month - 1
    frame = valid.assign(rel=last_full - month)
    n_invoices = frame.groupby("customer_id").size().reindex(ids, fill_value=0).to_numpy()
    first = frame.groupby("customer_id")["rel"].max().reindex(ids).to_numpy()
    history_months = np.nan_to_num(first + 1, nan=0).clip(min=0)
    frame = frame[frame["rel"] >= 0]
    basis = np.where(
        history_months >= 12 + w,
        "year",
        np.where(history_months >= settings.min_history_months, "previous", ""),
    )
    reason = np.where(
        n_invoices < settings.min_invoices, "invoices", np.where(basis == "", "months", "")
    )
    count = np.where(reason == "invoices", n_invoices, history_months)
    needed = np.where(reason == "invoices", settings.min_invoices, settings.min_history_months)
    return w, frame, basis, (reason, count, needed)


def _agg(frame, ids, lo, hi, column, how) -> np.ndarray:
    part = frame[(frame["rel"] >= lo) & (frame["rel"] < hi)]
    grouped = part.groupby("customer_id")[column].agg(how)
    return grouped.reindex(ids, fill_value=0).to_numpy(dtype=float)


def _pick(basis, year, previous) -> np.ndarray:
    return np.where(basis == "year", year, previous)


def _pick_mask(frame, basis, ids, w) -> np.ndarray:
    """Rows in each customer's comparison window (a year before, or the window before)."""
    by_customer = pd.Series(basis, index=ids).reindex(frame["customer_id"]).to_numpy()
    rel = frame["rel"].to_numpy()
    lo = np.where(by_customer == "year", 12, w)
    return (rel >= lo) & (rel < lo + w)


def _signal_frame(
    key,
    ids,
    rule,
    reason,
    flagged,
    *,
    measure,
    now,
    before,
    count,
    total,
    needed,
    basis,
    count_values=None,
) -> pd.DataFrame:
    n = len(ids)
    reason = np.broadcast_to(np.asarray(reason, dtype=object), (n,))
    state = np.where(reason != "", "too_little", np.where(flagged, "flagged", "quiet"))
    span = max(rule.full - rule.threshold, 0)
    progress = (
        np.ones(n)
        if span == 0
        else np.clip((np.nan_to_num(measure) - rule.threshold) / (span or 1), 0, 1)
    )
    strength = np.where(state == "flagged", 0.5 + 0.5 * progress, 0.0)
    return pd.DataFrame(
        {
            "customer_id": ids,
            "signal": key,
            "state": state,
            "strength": strength,
            "now": np.broadcast_to(np.asarray(now, dtype=float), (n,)),
            "before": np.broadcast_to(np.asarray(before, dtype=float), (n,)),
            "count": np.broadcast_to(
                np.asarray(count if count_values is None else count_values, dtype=float), (n,)
            ),
            "total": np.broadcast_to(np.asarray(total, dtype=float), (n,)),
            "needed": np.broadcast_to(np.asarray(needed, dtype=float), (n,)),
            "reason": reason,
            "basis": np.where(
                state == "too_little", "", np.broadcast_to(np.asarray(basis, dtype=object), (n,))
            ),
            "last": pd.NaT,
        }
    )


def _typed(invoices: pd.DataFrame, logs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dates as datetime64 and amounts as floats, whatever the frames were built from."""
    invoices = invoices.assign(
        **{c: pd.to_datetime(invoices[c]) for c in ("invoice_date", "due_date", "paid_date")},
        amount=pd.to_numeric(invoices["amount"]).astype(float),
    )
    return invoices, logs.assign(on_date=pd.to_datetime(logs["on_date"]))


def _customer_ids(customers, valid, logs) -> pd.Index:
    known = set(customers["id"]) if len(customers) else set()
    known |= set(valid["customer_id"]) | set(logs["customer_id"])
    return pd.Index(sorted(known), name="customer_id")


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_numbers(days: pd.Series) -> pd.Series:
    return days.dt.year * 12 + days.dt.month - 1


def _per_row(by_customer: pd.Series, frame: pd.DataFrame) -> pd.Series:
    """A value per customer laid onto each of frame's rows, aligned to frame's index."""
    return pd.Series(by_customer.reindex(frame["customer_id"]).to_numpy(), index=frame.index)


def _month_starts(today: date, months: int) -> list[date]:
    """The first day of each of the last `months` months, oldest first, ending with today."""
    index = _month_number(today)
    starts = [date((index - k) // 12, (index - k) % 12 + 1, 1) for k in range(months - 1, 0, -1)]
    return [*starts, today]


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


def _fill(template: str, **values: object) -> str:
    return string.Formatter().vformat(template, (), _Gaps(values))
