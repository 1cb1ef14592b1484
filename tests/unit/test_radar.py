"""Kundenradar: synthetic histories whose truth is known, scored against FIXED_TODAY."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from coaching import radar
from coaching.content import catalog
from tests.conftest import FIXED_TODAY

LAST_FULL_MONTH = date(2026, 10, 15)


def invoices_for(customer_id, amounts, days_to_pay=None, months=36, end=LAST_FULL_MONTH):
    """Monthly invoices on the 15th, the newest in the last full month; amounts by month index."""
    rows = []
    for k in range(months):
        month = (end.year * 12 + end.month - 1) - (months - 1 - k)
        day = date(month // 12, month % 12 + 1, 15)
        amount = amounts(k, day) if callable(amounts) else amounts
        if amount is None:
            continue
        delay = days_to_pay(k, day) if callable(days_to_pay) else (days_to_pay or 20)
        rows.append(
            {
                "customer_id": customer_id,
                "invoice_number": f"{customer_id}-{k}",
                "invoice_date": pd.Timestamp(day),
                "due_date": pd.Timestamp(day + timedelta(days=30)),
                "paid_date": pd.Timestamp(day + timedelta(days=delay)),
                "amount": float(amount),
            }
        )
    return rows


def frames(*histories, logs=()):
    invoices = pd.DataFrame([row for history in histories for row in history])
    ids = sorted(
        {row["customer_id"] for row in invoices.to_dict("records")} | {c for c, *_ in logs}
    )
    customers = pd.DataFrame({"id": ids, "name": [f"Kunde {i}" for i in ids], "number": None})
    log_frame = pd.DataFrame(
        [{"customer_id": c, "kind": k, "on_date": pd.Timestamp(d)} for c, k, d in logs],
        columns=["customer_id", "kind", "on_date"],
    )
    if invoices.empty:
        invoices = pd.DataFrame(columns=radar_columns())
    return customers, invoices, log_frame


def radar_columns():
    from coaching.store.customers import INVOICE_COLUMNS

    return INVOICE_COLUMNS


def state(result, customer_id, signal):
    rows = result.signals_of(customer_id)
    return rows[rows["signal"] == signal].iloc[0]


def noisy(seed, level=10_000.0, spread=0.08):
    rng = np.random.default_rng(seed)
    factors = 1 + rng.uniform(-spread, spread, 60)
    return lambda k, _day: level * factors[k]


def score(*histories, logs=(), today=FIXED_TODAY):
    return radar.score(*frames(*histories, logs=logs), today)


def test_a_steady_customer_is_green_with_no_signal():
    result = score(invoices_for(1, noisy(1)))
    health = result.customers.iloc[0]
    assert health["light"] == "green" and health["score"] == 100
    assert set(result.signals_of(1)["state"]) <= {"quiet", "too_little"}
    assert state(result, 1, "shrinking_orders")["state"] == "quiet"
    assert state(result, 1, "later_payments")["state"] == "quiet"


def test_a_slowly_shrinking_customer_is_flagged_with_the_drop_in_numbers():
    result = score(invoices_for(2, lambda k, _d: 10_000 * 0.975**k))
    signal = state(result, 2, "shrinking_orders")
    assert signal["state"] == "flagged" and signal["basis"] == "year"
    text = radar.evidence(signal, "de")
    assert text.startswith("bestellt 26 % weniger als in denselben 6 Monaten des Vorjahres")
    assert "€ statt" in text
    assert result.customers.iloc[0]["light"] in ("amber", "red")


def test_a_customer_paying_ever_later_is_flagged_with_days_in_words():
    result = score(invoices_for(3, 8_000, days_to_pay=lambda k, _d: 14 + k))
    signal = state(result, 3, "later_payments")
    assert signal["state"] == "flagged"
    assert signal["now"] - signal["before"] == 12
    assert radar.evidence(signal, "de").startswith(
        "zahlt im Mittel 12 Tage später als in denselben 6 Monaten des Vorjahres"
    )
    assert radar.evidence(signal, "en").startswith("pays 12 days later than in the same 6 months")


def test_a_one_off_dip_does_not_flag():
    def dip(k, day):
        return 1_500 if (day.year, day.month) == (2026, 9) else 10_000

    def one_late(k, day):
        return 75 if (day.year, day.month) == (2026, 8) else 20

    result = score(invoices_for(4, dip, days_to_pay=one_late))
    assert state(result, 4, "shrinking_orders")["state"] == "quiet"
    assert state(result, 4, "later_payments")["state"] == "quiet"
    assert result.customers.iloc[0]["light"] == "green"


def test_a_customer_with_one_invoice_shows_too_little_data():
    result = score(invoices_for(5, 5_000, months=1))
    health = result.customers.iloc[0]
    assert health["light"] == "unknown" and pd.isna(health["score"])
    signal = state(result, 5, "shrinking_orders")
    assert signal["state"] == "too_little"
    assert radar.evidence(signal, "de") == (
        "zu wenig Daten: erst 1 verwertbare Rechnung, nötig sind 3"
    )


def test_a_short_history_says_how_many_months_are_missing():
    result = score(invoices_for(6, 5_000, months=8))
    signal = state(result, 6, "shrinking_orders")
    assert signal["state"] == "too_little"
    assert "erst 8 Monate Rechnungsverlauf, nötig sind 12" in radar.evidence(signal, "de")


def test_a_seasonal_customer_is_compared_with_the_same_months_a_year_before():
    def trade_fair_seasons(k, day):
        return 30_000 if day.month in (2, 3, 9, 10) else 2_000

    result = score(invoices_for(7, trade_fair_seasons))
    signal = state(result, 7, "shrinking_orders")
    assert signal["state"] == "quiet" and signal["basis"] == "year"


def test_without_a_year_of_history_the_window_before_is_the_basis_and_says_so():
    result = score(invoices_for(8, lambda k, _d: 10_000 if k < 8 else 4_000, months=14))
    signal = state(result, 8, "shrinking_orders")
    assert signal["state"] == "flagged" and signal["basis"] == "previous"
    assert "Vorjahresvergleich ist der Verlauf noch zu kurz" in radar.evidence(signal, "de")


def test_a_customer_who_stopped_ordering_is_red_enough_to_notice():
    history = invoices_for(9, lambda k, _d: 10_000 if k < 28 else None)
    result = score(history, logs=[(9, "competitor_trace", date(2026, 10, 2))] * 2)
    assert state(result, 9, "shrinking_orders")["strength"] == 1
    assert result.customers.iloc[0]["light"] in ("amber", "red")
    assert result.at_risk()["customer_id"].tolist() == [9]


def test_invoices_with_missing_dates_or_amounts_are_reported_by_row_and_never_counted():
    history = invoices_for(10, 10_000)
    customers, invoices, logs = frames(history)
    invoices.loc[3, "invoice_date"] = pd.NaT
    invoices.loc[30, "amount"] = np.nan
    invoices.loc[31, "paid_date"] = invoices.loc[31, "invoice_date"] - pd.Timedelta(days=3)
    result = radar.score(customers, invoices, logs, FIXED_TODAY)
    problems = {(bad.row, bad.invoice_number, bad.problem) for bad in result.bad_rows}
    assert problems == {
        (3, "10-3", "missing_date"),
        (30, "10-30", "missing_amount"),
        (31, "10-31", "paid_before_invoice"),
    }
    # the missing amount is left out, not read as zero: the recent half is not "down by a sixth"
    signal = state(result, 10, "shrinking_orders")
    assert signal["state"] == "quiet" and signal["now"] == 50_000


def test_orders_only_after_asking_flag_from_the_team_log():
    logs = [(11, "order_after_ask", date(2026, m, 3)) for m in (7, 8, 10)]
    logs += [(11, "order_unprompted", date(2026, 6, 3))]
    result = score(invoices_for(11, 10_000), logs=logs)
    signal = state(result, 11, "orders_only_when_asked")
    assert signal["state"] == "flagged"
    assert radar.evidence(signal, "de") == (
        "3 von 4 Aufträgen der letzten 6 Monate kamen erst auf Nachfrage"
    )


def test_a_single_order_flag_is_too_little_to_speak():
    result = score(invoices_for(12, 10_000), logs=[(12, "order_after_ask", date(2026, 10, 1))])
    signal = state(result, 12, "orders_only_when_asked")
    assert signal["state"] == "too_little"
    assert "1, nötig sind 2" in radar.evidence(signal, "de")


def test_harder_to_reach_compares_with_the_answer_rate_before():
    logs = [(13, "contact_answered", date(2025, m, 10)) for m in range(1, 10)]
    logs += [(13, "contact_attempt", date(2026, m, 10)) for m in (7, 8, 9, 10)]
    logs += [(13, "contact_answered", date(2026, 11, 2))]
    result = score(invoices_for(13, 10_000), logs=logs)
    signal = state(result, 13, "harder_to_reach")
    assert signal["state"] == "flagged"
    assert radar.evidence(signal, "de").startswith(
        "4 von 5 Kontaktversuchen der letzten 6 Monate blieben ohne Antwort (80 % gegenüber 0 %"
    )


def test_a_single_complaint_is_no_pattern_but_several_are():
    one = score(invoices_for(14, 10_000), logs=[(14, "complaint", date(2026, 9, 1))])
    assert state(one, 14, "more_complaints")["state"] == "quiet"
    logs = [(15, "complaint", date(2026, m, 1)) for m in (6, 8, 9, 11)]
    several = score(invoices_for(15, 10_000), logs=logs)
    signal = state(several, 15, "more_complaints")
    assert signal["state"] == "flagged"
    assert radar.evidence(signal, "de").startswith("4 Reklamationen in den letzten 6 Monaten")


def test_a_competitor_trace_names_its_date():
    result = score(invoices_for(16, 10_000), logs=[(16, "competitor_trace", date(2026, 10, 12))])
    signal = state(result, 16, "competitor_traces")
    assert signal["state"] == "flagged"
    assert radar.evidence(signal, "de").endswith("zuletzt am 12.10.2026")
    assert result.customers.iloc[0]["light"] == "amber"


def test_the_list_at_risk_is_sorted_by_health_and_leaves_the_steady_out():
    result = score(
        invoices_for(1, noisy(3)),
        invoices_for(2, lambda k, _d: 10_000 * 0.975**k),
        invoices_for(3, lambda k, _d: 10_000 * 0.95**k, days_to_pay=lambda k, _d: 10 + 2 * k),
    )
    assert result.at_risk()["customer_id"].tolist() == [3, 2]
    assert result.customers.set_index("customer_id").loc[3, "light"] == "red"


def test_history_shows_the_signal_appearing_over_the_months():
    customers, invoices, logs = frames(invoices_for(3, 8_000, days_to_pay=lambda k, _d: 14 + k))
    past = radar.history(customers, invoices, logs, 3, FIXED_TODAY, months=12)
    payments = past[past["signal"] == "later_payments"]
    assert len(payments) == 12 and payments.iloc[-1]["state"] == "flagged"


def test_history_scores_each_month_from_what_was_known_on_its_day():
    """One pass over all months gives what scoring each month's data on its own day gives."""
    late = invoices_for(
        5, lambda k, _d: 9_000 if k < 30 else 4_000, days_to_pay=lambda k, _d: 12 if k < 30 else 40
    )
    logs = [(5, "complaint", date(2026, m, 3)) for m in (5, 7, 8, 9)]
    logs += [(5, "competitor_trace", date(2026, 11, 2))]
    customers, invoices, log_frame = frames(late, logs=logs)
    past = radar.history(customers, invoices, log_frame, 5, FIXED_TODAY, months=12)
    for day, month in past.groupby("as_of"):
        cutoff = pd.Timestamp(day)
        known = invoices[invoices["invoice_date"] <= cutoff]
        known = known.assign(paid_date=known["paid_date"].where(known["paid_date"] <= cutoff))
        alone = radar.score(customers, known, log_frame[log_frame["on_date"] <= cutoff], day)
        health = alone.customers.iloc[0]
        assert month.set_index("signal")["state"].to_dict() == (
            alone.signals_of(5).set_index("signal")["state"].to_dict()
        ), day
        assert month["light"].iloc[0] == health["light"], day
        assert month["score"].iloc[0] == health["score"] or pd.isna(health["score"]), day
    assert past["light"].nunique() > 1  # the month-by-month picture changes over the year


def test_monthly_gives_orders_and_days_to_pay_per_month_with_empty_months_as_zero():
    history = invoices_for(4, lambda k, _d: None if k == 30 else 1_000, days_to_pay=25)
    _, invoices, _ = frames(history)
    months = radar.monthly(invoices, 4)
    assert len(months) == 36 and months["amount"].iloc[30] == 0
    assert months["days_to_pay"].iloc[0] == 25


@pytest.mark.parametrize("lang", ["de", "en"])
def test_weights_sum_to_a_hundred_and_are_the_same_in_both_languages(lang):
    settings = catalog(lang).doc("radar")
    assert sum(rule.weight for rule in settings.signals.values()) == 100
    numbers = {k: (r.weight, r.threshold, r.full) for k, r in settings.signals.items()}
    other = catalog("en" if lang == "de" else "de").doc("radar")
    assert numbers == {k: (r.weight, r.threshold, r.full) for k, r in other.signals.items()}
    assert settings.light == other.light and settings.window_months == other.window_months


def test_radar_content_with_weights_not_summing_to_a_hundred_names_file_and_field(tmp_path):
    import shutil

    from coaching import settings
    from coaching.content import ContentError, load_catalog

    content = tmp_path / "content"
    shutil.copytree(settings.content_dir(), content)
    path = content / "de" / "radar.yaml"
    path.write_text(path.read_text().replace("weight: 25", "weight: 30", 1), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_catalog(content, "de")
    assert "radar.yaml" in str(error.value) and "sum to 100" in str(error.value)


def test_every_customer_signal_of_the_shared_list_is_weighed():
    shared = catalog("de").doc("signals").signals
    customer_keys = {k for k, s in shared.items() if s.scope == "customer"}
    assert customer_keys == set(radar.SIGNALS)


def test_a_team_without_customers_or_invoices_scores_to_an_empty_radar():
    from coaching.store.customers import INVOICE_COLUMNS, LOG_COLUMNS

    no_invoices, no_logs = pd.DataFrame(columns=INVOICE_COLUMNS), pd.DataFrame(columns=LOG_COLUMNS)
    empty = radar.score(pd.DataFrame(columns=["id", "name"]), no_invoices, no_logs, FIXED_TODAY)
    assert empty.customers.empty and empty.at_risk().empty and empty.bad_rows == []
    named = pd.DataFrame({"id": [1], "name": ["Neu GmbH"]})
    only_named = radar.score(named, no_invoices, no_logs, FIXED_TODAY)
    assert only_named.customers.iloc[0]["light"] == "unknown"


def test_an_import_of_punctual_payments_turns_the_payment_signal_quiet_again():
    late = invoices_for(3, 8_000, days_to_pay=lambda k, _d: 14 + k)
    assert state(score(late), 3, "later_payments")["state"] == "flagged"
    newer = invoices_for(3, 8_000, days_to_pay=15, months=6, end=date(2027, 4, 15))
    for row in newer:
        row["invoice_number"] += "-new"
    after = score(late, newer, today=date(2027, 5, 10))
    assert state(after, 3, "later_payments")["state"] == "quiet"
