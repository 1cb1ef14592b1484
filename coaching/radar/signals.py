"""The radar's signals and score: each signal judged per customer as of its own day, vectorised.

Pure pandas/numpy on the frames coaching.radar hands in; the public face is coaching.radar."""

import numpy as np
import pandas as pd

from coaching.radar.windows import (
    _agg,
    _invoice_windows,
    _month_numbers,
    _per_row,
    _pick,
    _pick_mask,
    _signal_frame,
)

LOG_KINDS = (
    "order_after_ask",
    "order_unprompted",
    "contact_attempt",
    "contact_answered",
    "complaint",
    "competitor_trace",
    "note",
)
INVOICE_SIGNALS = ("shrinking_orders", "later_payments")
SIGNAL_COLUMNS = [
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


# --- the signals --------------------------------------------------------------------------------


def signals(valid, invoices, logs, as_of: pd.Series, settings) -> pd.DataFrame:
    """Every signal of every customer in as_of's index, each judged as of its own day."""
    parts = [
        _shrinking_orders(valid, as_of, settings, invoices),
        _later_payments(valid, as_of, settings),
        *_log_signals(logs, as_of, settings),
    ]
    return pd.concat(parts, ignore_index=True)[SIGNAL_COLUMNS]


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


def health(signals, customers, ids, settings) -> pd.DataFrame:
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
