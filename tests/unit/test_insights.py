"""Gründe & Trends: observations, filters, aggregations, takeaway sentences, mapping suggestions."""

import json
from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go
import pytest

from coaching import insights
from coaching.charts import reasons as charts
from coaching.exporting import to_csv
from coaching.insights import UNASSIGNED, Filters
from coaching.store.insights import Sources

TODAY = date(2026, 11, 23)


# --- a small fake of the store's raw frames ---------------------------------------------------


def review(reason="budget_cut", *, person=None, day=date(2026, 10, 1), value=None, **extra):
    return {
        "id": extra.pop("id", 1),
        "lead_id": extra.pop("lead_id", None),
        "deal_id": extra.pop("deal_id", None),
        "person": person,
        "root_category": extra.pop("root", "no_need"),
        "main_reason": reason,
        "reasons": json.dumps([reason]),
        "missed_signals": json.dumps(extra.pop("signals", [])),
        "stage_at_silence": extra.pop("stage", None),
        "hours_invested": extra.pop("hours", None),
        "deal_value": value,
        "lost_on": day,
        "created_at": datetime(2026, 11, 1),
    }


def deal(label, *, person="Anna", day=date(2026, 10, 1), value=1000.0, id=1):
    return {
        "id": id,
        "person": person,
        "amount": value,
        "close_date": day,
        "imported_at": datetime(2026, 11, 1),
        "lost_reason": label,
    }


def closed(lead_id, *, status="ghosted", reason=None, person=1, at=datetime(2026, 10, 5), **p):
    return {
        "id": lead_id,
        "person": person,
        "status": p.pop("current", status),
        "value_eur": p.pop("value", 2000),
        "offer_date": p.pop("offer_date", None),
        "at": at,
        "reason": reason,
        "silence_began": p.pop("silence_began", None),
        "last_customer_message": p.pop("last_message", None),
        "closed_as": status,
    }


def sources(reviews=(), deals=(), closed_leads=(), reopened=(), talks=(), mappings=None):
    def frame(rows, columns):
        return pd.DataFrame(list(rows), columns=columns)

    return Sources(
        reviews=frame(reviews, list(review().keys())),
        deals=frame(deals, list(deal("x").keys())),
        closed_leads=frame(closed_leads, list(closed(1).keys())),
        reopened=frame(reopened, ["lead_id", "at"]),
        conversations=frame(talks, ["id", "person", "outcome", "held_on"]),
        mappings=mappings or {},
    )


def view_of(src, period="last_12_months", source="both", band="all", min_size=3):
    data = insights.build(src)
    return insights.select(data, Filters(period, source, band), TODAY, min_size)


def chart(key, view, lang="de"):
    frame = insights.aggregate(key, view)
    return frame, insights.takeaway(key, frame, view, lang)


# --- reasons by count and value ---------------------------------------------------------------


def test_reasons_are_counted_with_shares_most_frequent_first():
    v = view_of(sources(reviews=[review("price"), review("budget_cut"), review("price")]))
    frame, sentence = chart("reasons_count", v)
    assert list(frame["reason"]) == ["price", "budget_cut"]
    assert list(frame["count"]) == [2, 1]
    assert frame["share"].iloc[0] == pytest.approx(2 / 3)
    assert sentence == "Häufigster Grund in den letzten 12 Monaten: Preis (67 %)"


def test_the_takeaway_uses_english_words_and_formats_for_english_readers():
    v = view_of(sources(reviews=[review("price"), review("budget_cut"), review("price")]))
    _, sentence = chart("reasons_count", v, "en")
    assert sentence == "Most frequent reason in the last 12 months: Price (67%)"


def test_a_tie_names_every_leading_reason_in_taxonomy_order():
    v = view_of(sources(reviews=[review("price"), review("budget_cut")]))
    frame, sentence = chart("reasons_count", v)
    assert list(frame["reason"]) == ["budget_cut", "price"]
    assert (
        sentence == "Gleich häufig in den letzten 12 Monaten: Budget gestrichen und Preis (je 50 %)"
    )


def test_not_mapped_is_never_named_as_the_leading_reason_while_known_reasons_exist():
    deals = [deal("Irgendwas", id=i) for i in range(3)] + [deal("Kein Budget", id=9)]
    v = view_of(sources(deals=deals, mappings={"kein budget": "budget_cut"}))
    frame, sentence = chart("reasons_count", v)
    assert frame["reason"].iloc[0] == UNASSIGNED
    assert sentence.endswith("Budget gestrichen (25 %)")


def test_an_empty_period_says_there_are_no_cases():
    v = view_of(sources(reviews=[review(day=date(2024, 1, 5))]), period="last_quarter")
    for key in insights.CHARTS:
        frame, sentence = chart(key, v)
        assert sentence == "Für diese Auswahl liegen keine Fälle vor."


def test_lost_value_per_reason_is_summed_and_written_as_german_money():
    src = sources(
        reviews=[review("price", value=12500), review("budget_cut", value=2500), review("price")]
    )
    frame, sentence = chart("reasons_value", view_of(src))
    assert list(frame["reason"]) == ["price", "budget_cut"]
    assert list(frame["value"]) == [12500, 2500]
    assert sentence == (
        "Am meisten Wert ging in den letzten 12 Monaten durch Preis verloren: "
        "12.500 € (83 % des verlorenen Werts)"
    )


def test_reasons_without_known_value_leave_the_value_chart_empty():
    frame, sentence = chart("reasons_value", view_of(sources(reviews=[review("price")])))
    assert frame.empty and sentence == "Für diese Auswahl liegen keine Fälle vor."


def test_root_categories_hold_their_reasons_and_the_largest_is_named():
    src = sources(reviews=[review("price"), review("competitor_better"), review("budget_cut")])
    frame, sentence = chart("root_reasons", view_of(src))
    assert set(zip(frame["root"], frame["reason"], strict=True)) == {
        ("competitor", "price"),
        ("competitor", "competitor_better"),
        ("no_need", "budget_cut"),
    }
    assert sentence == "Häufigste Ursache in den letzten 12 Monaten: Wettbewerb war besser (67 %)"


# --- trend per quarter ------------------------------------------------------------------------


def test_quarters_without_cases_stay_in_the_trend_with_zeros():
    src = sources(reviews=[review("price", day=date(2026, 1, 10)), review(day=date(2026, 7, 1))])
    frame, _ = chart("reasons_trend", view_of(src, period="all"))
    per_quarter = frame.groupby("quarter")["count"].sum()
    assert list(per_quarter.index) == [date(2026, m, 1) for m in (1, 4, 7, 10)]
    assert list(per_quarter) == [1, 0, 1, 0]


def test_the_trend_takeaway_says_when_the_latest_quarter_is_still_empty():
    src = sources(reviews=[review("price", day=date(2026, 8, 10))])
    _, sentence = chart("reasons_trend", view_of(src))
    assert sentence == "In Q4 2026 ist bisher kein Fall erfasst."


def test_the_trend_takeaway_names_the_top_reason_of_the_latest_quarter():
    src = sources(reviews=[review("price", day=date(2026, 11, 2)), review(day=date(2026, 8, 1))])
    _, sentence = chart("reasons_trend", view_of(src))
    assert sentence == "Häufigster Grund in Q4 2026: Preis (100 %)"


# --- stages, days, hours, signals, ghosts, conversations --------------------------------------


def test_silence_stages_come_from_reviews_and_closed_leads_in_pipeline_order():
    src = sources(
        reviews=[review(stage="offer_sent"), review(stage="handshake")],
        closed_leads=[closed(7, silence_began="after_offer")],
    )
    frame, sentence = chart("silence_stage", view_of(src))
    assert list(frame["stage"])[:4] == ["first_contact", "qualifying", "offer_sent", "handshake"]
    assert dict(zip(frame["stage"], frame["count"], strict=True))["offer_sent"] == 2
    assert sentence == "Die meisten Deals verstummten in der Phase „Angebot versendet“ (67 %)."


def test_days_from_offer_to_silence_are_banded_with_the_median_in_the_takeaway():
    src = sources(
        closed_leads=[
            closed(1, offer_date=date(2026, 9, 1), last_message="2026-09-06"),
            closed(2, offer_date=date(2026, 9, 1), last_message="2026-09-13"),
            closed(3, offer_date=date(2026, 9, 1), at=datetime(2026, 11, 10), current="lost"),
        ]
    )
    frame, sentence = chart("days_to_silence", view_of(src, period="all"))
    counts = dict(zip(frame["band"], frame["count"], strict=True))
    assert counts["d7"] == 1 and counts["d14"] == 1 and counts["d90"] == 1
    assert sentence == "Im Median verstummten Kunden 12 Tage nach dem Angebot (3 Leads)."


def test_hours_invested_are_summed_per_reason():
    src = sources(reviews=[review("price", hours=12.5), review("price", hours=3), review(hours=4)])
    frame, sentence = chart("hours_invested", view_of(src))
    assert list(frame["reason"]) == ["price", "budget_cut"]
    assert list(frame["hours"]) == [15.5, 4]
    assert sentence.startswith("20 Stunden flossen in 3 Deals")
    assert "die meisten bei Preis (16 Std.)" in sentence


def test_missed_signals_count_as_a_share_of_the_reviews():
    src = sources(
        reviews=[
            review(signals=["no_next_step", "budget_unclear"]),
            review(signals=["no_next_step"]),
            review(),
            review(),
        ]
    )
    frame, sentence = chart("missed_signals", view_of(src))
    assert list(frame["signal"]) == ["no_next_step", "budget_unclear"]
    assert frame["share"].iloc[0] == 0.5
    assert (
        sentence
        == "Am häufigsten übersehen: Kein vereinbarter nächster Schritt (in 50 % der Rückblicke)"
    )


def test_a_ghost_reopened_after_going_silent_counts_as_came_back():
    src = sources(
        closed_leads=[closed(1), closed(2), closed(3, status="lost")],
        reopened=[
            {"lead_id": 1, "at": datetime(2026, 11, 1)},
            {"lead_id": 2, "at": datetime(2026, 1, 1)},
        ],
    )
    frame, sentence = chart("ghosts_returned", view_of(src))
    assert int(frame["ghosted"].sum()) == 2 and int(frame["returned"].sum()) == 1
    assert sentence == "1 von 2 verstummten Leads meldeten sich später wieder (50 %)."


def test_crisis_conversation_outcomes_are_counted_in_a_fixed_order():
    talks = [
        {"id": i, "person": i, "outcome": o, "held_on": date(2026, 10, 1)}
        for i, o in enumerate(["kept", "kept", "reduced", "cancelled"])
    ]
    frame, sentence = chart("conversation_outcomes", view_of(sources(talks=talks)))
    assert list(frame["outcome"]) == ["kept", "paused", "reduced", "cancelled"]
    assert list(frame["count"]) == [2, 0, 1, 1]
    assert sentence == "2 von 4 Krisengesprächen hielten den Kunden (50 %)."


# --- building the observations ----------------------------------------------------------------


def test_a_lead_or_deal_with_a_shared_review_counts_once():
    src = sources(
        reviews=[review("price", lead_id=7), review("price", id=2, deal_id=3)],
        closed_leads=[closed(7, reason="budget_cut"), closed(8, reason="budget_cut")],
        deals=[deal("Zu teuer", id=3), deal("Zu teuer", id=4)],
    )
    obs = insights.build(src).observations
    assert sorted(obs["source"]) == ["crm", "lead", "review", "review"]


def test_crm_labels_use_the_confirmed_mapping_whatever_their_spelling():
    src = sources(
        deals=[deal("  KEIN   Budget ", id=1), deal("Kein Budget.", id=2), deal("Neu", id=3)],
        mappings={"kein budget": "budget_cut"},
    )
    obs = insights.build(src).observations
    assert list(obs["reason"]) == ["budget_cut", "budget_cut", UNASSIGNED]
    assert list(obs["root"]) == ["no_need", "no_need", UNASSIGNED]


def test_a_lead_reopened_and_still_open_is_not_counted_as_lost():
    src = sources(closed_leads=[closed(1, current="open"), closed(2, current="ghosted")])
    assert len(insights.build(src).observations) == 1


# --- filters and the group-size rule ----------------------------------------------------------


def test_the_last_quarter_is_the_last_complete_calendar_quarter():
    assert insights.period_range("last_quarter", TODAY) == (date(2026, 7, 1), date(2026, 9, 30))
    assert insights.period_range("last_quarter", date(2026, 2, 1)) == (
        date(2025, 10, 1),
        date(2025, 12, 31),
    )


def test_the_source_filter_separates_reviews_and_leads_from_the_crm():
    src = sources(reviews=[review()], closed_leads=[closed(1)], deals=[deal("Zu teuer")])
    assert set(view_of(src, source="crm").insights.observations["source"]) == {"crm"}
    assert set(view_of(src, source="reviews").insights.observations["source"]) == {"review", "lead"}
    assert view_of(src, source="crm").insights.ghosts.empty


def test_the_size_band_keeps_deals_of_that_size_only():
    src = sources(
        deals=[
            deal("a", value=900, id=1),
            deal("b", value=30000, id=2),
            deal("c", value=None, id=3),
        ]
    )
    assert list(view_of(src, band="large").insights.observations["value"]) == [30000]
    assert list(view_of(src, band="small").insights.observations["value"]) == [900]


def test_a_selection_from_fewer_people_than_the_minimum_group_is_withheld():
    src = sources(deals=[deal("a", person="Anna", id=1), deal("b", person="Ben", id=2)])
    view = view_of(src, min_size=5)
    assert view.withheld and view.people == 2


def test_anonymous_reviews_single_out_nobody_and_are_shown():
    view = view_of(sources(reviews=[review(), review()]), min_size=5)
    assert view.people == 0 and not view.withheld


def test_named_reviews_count_their_authors():
    src = sources(reviews=[review(person=p) for p in (1, 2, 3)])
    assert view_of(src, min_size=5).withheld
    assert not view_of(src, min_size=3).withheld


def test_the_minimum_group_is_never_below_three():
    src = sources(deals=[deal("a", person="Anna", id=1), deal("b", person="Ben", id=2)])
    assert view_of(src, min_size=1).withheld


def test_few_cases_are_flagged_as_small_figures():
    assert view_of(sources(reviews=[review()])).small
    many = [review(id=i) for i in range(25)]
    assert not view_of(sources(reviews=many)).small


# --- mapping suggestions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("Kein Budget", "budget_cut"),
        ("Entscheidung verschoben", "priorities_shifted"),
        ("Went with competitor", "competitor_better"),
        ("keine Rückmeldung", "no_courage_to_decline"),
        ("Zu teuer", "price"),
        ("PREIS zu hoch", "price"),
        ("No decision", "no_decision"),
        ("Intern keine Freigabe", "internal_processes"),
        ("Not interested anymore", "weak_intent"),
        ("Kein Interesse mehr", "weak_intent"),
    ],
)
def test_a_mapping_is_suggested_from_german_and_english_keywords(label, reason):
    assert insights.suggest_reason(label) == reason


def test_no_mapping_is_suggested_when_no_keyword_fits():
    assert insights.suggest_reason("Messe abgesagt") is None
    assert insights.suggest_reason("") is None
    assert insights.suggest_reason("Kaufpreisliste") is None  # keywords match at word starts


def test_the_longest_matching_keyword_wins():
    # "kein interesse" (weak_intent) is longer than any keyword it also contains
    assert insights.suggest_reason("kein interesse an preis") == "weak_intent"


# --- charts -----------------------------------------------------------------------------------


def _full_view():
    src = sources(
        reviews=[
            review("price", value=5000, hours=10, stage="offer_sent", signals=["no_next_step"]),
            review("budget_cut", id=2, value=3000, hours=4, stage="handshake"),
        ],
        closed_leads=[closed(9, offer_date=date(2026, 9, 1), last_message="2026-09-20")],
        reopened=[{"lead_id": 9, "at": datetime(2026, 11, 1)}],
        talks=[{"id": 1, "person": 1, "outcome": "kept", "held_on": date(2026, 10, 1)}],
        deals=[deal("Neu", id=5)],
    )
    return view_of(src)


@pytest.mark.parametrize("key", insights.CHARTS)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_chart_is_a_valid_titled_figure_with_labelled_axes(key, lang):
    frame = insights.aggregate(key, _full_view())
    fig = insights.figure(key, frame, lang)
    checked = go.Figure(fig.to_dict())  # plotly validates every property here
    assert checked.layout.title.text
    assert checked.layout.separators == (",." if lang == "de" else ".,")
    if key != "root_reasons":
        assert checked.layout.xaxis.title.text and checked.layout.yaxis.title.text


def test_a_reason_keeps_its_colour_in_every_chart():
    view = _full_view()
    expected = charts.reason_colours()["price"]
    count = insights.figure("reasons_count", insights.aggregate("reasons_count", view), "de")
    trend = insights.figure("reasons_trend", insights.aggregate("reasons_trend", view), "de")
    bars = count.to_dict()["data"][0]
    price_bar = bars["marker"]["color"][bars["y"].index("Preis")]
    price_trace = next(t for t in trend.to_dict()["data"] if t["name"] == "Preis")
    assert price_bar == price_trace["marker"]["color"] == expected
    assert charts.reason_colours()[UNASSIGNED] == "#8C8C8C"


def test_the_presenter_view_uses_larger_type():
    frame = insights.aggregate("reasons_count", _full_view())
    normal = insights.figure("reasons_count", frame, "de").to_dict()["layout"]
    large = insights.figure("reasons_count", frame, "de", presenter=True).to_dict()["layout"]
    assert large["font"]["size"] > normal["font"]["size"]
    assert large["height"] > normal["height"]


def test_chart_data_exports_as_german_csv_with_words_not_keys():
    frame = insights.aggregate("reasons_value", _full_view())
    data = to_csv(charts.export_frame("reasons_value", frame, "de"), "de")
    text = data.decode("utf-8-sig")
    assert data.startswith("\ufeff".encode())
    assert text.splitlines()[0].startswith("Grund;Anzahl Fälle;Anteil;Verlorener Wert")
    assert "Preis;1;" in text and "5000,0" in text


def test_trend_exports_name_quarters_the_german_way():
    frame = insights.aggregate("reasons_trend", _full_view())
    exported = charts.export_frame("reasons_trend", frame, "de")
    assert set(exported["Quartal"]) == {"Q4 2025", "Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"}


def test_a_tie_in_the_latest_quarter_names_reasons_in_taxonomy_order():
    src = sources(reviews=[review("price", day=date(2026, 11, 2)), review(day=date(2026, 10, 9))])
    _, sentence = chart("reasons_trend", view_of(src))
    assert sentence == "Gleich häufig in Q4 2026: Budget gestrichen und Preis (je 50 %)"


def test_panels_list_every_chart_in_order_and_mark_those_without_data():
    found = insights.panels(view_of(sources(reviews=[review("price", value=900)])), "de")
    assert [p.chart for p in found] == list(insights.CHARTS)
    empty = {p.chart for p in found if p.empty}
    assert "reasons_count" not in empty and "reasons_value" not in empty
    assert {"days_to_silence", "ghosts_returned", "conversation_outcomes"} <= empty
    assert found[0].takeaway.startswith("Häufigster Grund")


def test_a_crm_owner_who_is_a_team_member_counts_as_one_person():
    src = sources(
        reviews=[review(person=7), review(person=8)],
        deals=[deal("a", person="Anna Berg", id=1), deal("b", person=" anna  berg", id=2)],
    )
    src = Sources(**{**src.__dict__, "members": {"anna berg": 7}})
    view = view_of(src)
    assert view.people == 2


def test_quarters_without_ghosts_stay_in_with_zeros():
    src = sources(
        closed_leads=[closed(1, at=datetime(2026, 1, 5)), closed(2, at=datetime(2026, 8, 5))]
    )
    frame, _ = chart("ghosts_returned", view_of(src, period="all"))
    assert list(frame["quarter"]) == [date(2026, m, 1) for m in (1, 4, 7, 10)]
    assert list(frame["ghosted"]) == [1, 0, 1, 0]


def test_ties_are_named_together_in_every_takeaway_that_names_a_leader():
    src = sources(
        reviews=[
            review("price", value=3000, stage="offer_sent", signals=["no_next_step"]),
            review("budget_cut", id=2, value=3000, stage="handshake", signals=["budget_unclear"]),
        ]
    )
    v = view_of(src)
    assert chart("reasons_value", v)[1] == (
        "Am meisten Wert ging in den letzten 12 Monaten gleichauf durch Budget gestrichen und "
        "Preis verloren: je 3.000 € (50 %)"
    )
    assert chart("root_reasons", v)[1] == (
        "Gleich häufige Ursachen in den letzten 12 Monaten: Kein Bedarf mehr und "
        "Wettbewerb war besser (je 50 %)"
    )
    assert chart("silence_stage", v)[1] == (
        "Gleich viele Deals verstummten in diesen Phasen: Angebot versendet und "
        "Zusage per Handschlag (je 50 %)."
    )
    assert chart("missed_signals", v)[1].startswith("Gleich häufig übersehen: ")
    assert chart("missed_signals", v)[1].endswith("(je in 50 % der Rückblicke)")
