"""The radar's month arithmetic: windows, per-customer aggregates and typed frames."""

from datetime import date

import numpy as np
import pandas as pd


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


def typed(invoices: pd.DataFrame, logs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dates as datetime64 and amounts as floats, whatever the frames were built from."""
    invoices = invoices.assign(
        **{c: pd.to_datetime(invoices[c]) for c in ("invoice_date", "due_date", "paid_date")},
        amount=pd.to_numeric(invoices["amount"]).astype(float),
    )
    return invoices, logs.assign(on_date=pd.to_datetime(logs["on_date"]))


def customer_ids(customers, valid, logs) -> pd.Index:
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


def month_starts(today: date, months: int) -> list[date]:
    """The first day of each of the last `months` months, oldest first, ending with today."""
    index = _month_number(today)
    starts = [date((index - k) // 12, (index - k) % 12 + 1, 1) for k in range(months - 1, 0, -1)]
    return [*starts, today]
