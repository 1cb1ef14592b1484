"""Kundenradar helpers for the page: cached team frames and scores, tables in the person's words.

The cached values are team data every member sees (invoices, scores, log counts): no notes, no
authors, nothing private. They are keyed by the team's data version, so a log entry or an import
shows at once.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from coaching import formatting, radar
from coaching.charts import radar as charts
from coaching.content import catalog
from coaching.content.radar_model import RadarFile
from coaching.store.customers import LogEntry
from coaching.ui.i18n import lang, literal, t, text_in
from coaching.ui.session import data_version, engine
from coaching.ui.widgets import chart, drawn_once, table

CRISIS_TALK = "pages/crisis_talk.py"
# colour is never the only carrier: every light and state also has an icon and words
LIGHT_BADGE = {
    "red": ("red", "error"),
    "amber": ("orange", "warning"),
    "green": ("green", "check_circle"),
    "unknown": ("gray", "help"),
}
STATE_ICON = {
    "flagged": ":orange[:material/warning:]",
    "quiet": ":green[:material/check_circle:]",
    "too_little": ":gray[:material/hourglass_empty:]",
}


@dataclass(frozen=True)
class CustomerDetail:
    """One customer's evidence, charts and history in one language, ready to show."""

    signals: pd.DataFrame  # one row per signal, in the radar's order
    evidence: dict[str, str]  # signal -> its evidence sentence
    orders: go.Figure | None  # None: no invoice to chart
    payments: go.Figure | None
    health: go.Figure | None  # None: fewer than two months with a score
    health_takeaway: str
    history: pd.DataFrame  # signals as rows, months as columns, states in words


def team_frames(team_id: int) -> dict[str, pd.DataFrame]:
    return radar.team_frames(engine(), team_id)


def team_radar(team_id: int, today: date) -> radar.Radar:
    return radar.team_radar(engine(), team_id, today, lang())


def customer_detail(team_id: int, customer_id: int, today: date) -> CustomerDetail:
    return _detail(team_id, data_version(team_id), customer_id, today, lang())


def light_badge(light: str) -> str:
    """The traffic light as a coloured Markdown badge with icon and words."""
    colour, icon = LIGHT_BADGE[light]
    return f":{colour}-badge[:material/{icon}: {t(f'radar.light.{light}')}]"


def state_line(state: str) -> str:
    return f"{STATE_ICON[state]} {t(f'radar.state.{state}')}"


def risk_table(customers: pd.DataFrame) -> None:
    """The list of customers: the light as a badge with words, warning signs by weight."""
    labels = _signal_labels(lang())
    light = t("radar.col_light")
    frame = pd.DataFrame(
        {
            t("radar.col_customer"): customers["name"].to_numpy(),
            t("radar.col_score"): customers["score"].to_numpy(),
            light: [light_badge(v) for v in customers["light"]],
            t("radar.col_signals"): [
                ", ".join(labels[k] for k in keys) for keys in customers["top_signals"]
            ],
        }
    )
    table(frame, alt=t("radar.at_risk"), markdown=(light,))


def bad_rows_table(bad_rows: list[radar.BadRow], names: dict[int, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("radar.col_row"): [str(b.row) for b in bad_rows],
            t("radar.col_customer"): [names.get(b.customer_id, "") for b in bad_rows],
            t("radar.col_invoice"): [b.invoice_number for b in bad_rows],
            t("radar.col_problem"): [t(f"radar.problem.{b.problem}") for b in bad_rows],
        }
    )


def history_table(history: pd.DataFrame, language: str) -> pd.DataFrame:
    """Signals as rows, months as columns, each cell the state in words (not colour alone)."""
    labels = _signal_labels(language)
    frame = history.assign(
        month=history["as_of"].map(lambda d: d.strftime("%m.%Y")),
        word=history["state"].map(lambda s: text_in(language, f"radar.state.{s}")),
        label=history["signal"].map(labels),
    )
    table = frame.pivot_table(index="label", columns="month", values="word", aggfunc="first")
    months = list(dict.fromkeys(frame["month"]))
    order = [labels[k] for k in radar.SIGNALS]
    return (
        table.reindex(index=order, columns=months)
        .rename_axis(text_in(language, "radar.signal"))
        .rename_axis(None, axis=1)
        .reset_index()
    )


def log_table(entries: list[LogEntry]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("radar.log_col_date"): [formatting.day(e.on_date, lang()) for e in entries],
            t("radar.log_col_kind"): [t(f"radar.kind.{e.kind}") for e in entries],
            t("radar.log_col_author"): [e.author_name or "–" for e in entries],
            t("radar.log_col_note"): [e.note or "" for e in entries],
        }
    )


def customer_charts(detail: CustomerDetail) -> None:
    """Orders and payment delay side by side; each chart's takeaway is its signal's evidence."""
    if detail.orders is None:
        st.info(t("radar.orders_takeaway_none"))
        return
    first, second = st.columns(2)
    with first:
        chart(detail.orders, literal(detail.evidence["shrinking_orders"]), key="radar_orders_chart")
    with second:
        takeaway = literal(detail.evidence["later_payments"])
        chart(detail.payments, takeaway, key="radar_payments_chart")


def health_chart(detail: CustomerDetail) -> None:
    if detail.health is not None:
        chart(detail.health, detail.health_takeaway, key="radar_health_chart")


def signal_label(key: str) -> str:
    return _signal_labels(lang())[key]


def _signal_labels(language: str) -> dict[str, str]:
    return {k: s.label for k, s in catalog(language).doc("signals").signals.items()}


@drawn_once
def _detail(
    team_id: int, version: int, customer_id: int, today: date, language: str
) -> CustomerDetail:
    """Team data every member sees, like radar.team_radar; version keys the figures."""
    frames = radar.team_frames(engine(), team_id)
    result = radar.team_radar(engine(), team_id, today, language)
    settings = radar.rules(language)
    signals = result.signals_of(customer_id)
    evidence = {
        row["signal"]: radar.evidence(row, language, settings) for _, row in signals.iterrows()
    }
    customers, invoices, logs = frames["customers"], frames["invoices"], frames["logs"]
    history = radar.history(customers, invoices, logs, customer_id, today, settings=settings)
    light = result.customers.set_index("customer_id").loc[customer_id, "light"]
    health, takeaway = _health_figure(history, light, settings, language)
    orders, payments = _invoice_figures(radar.monthly(invoices, customer_id), language)
    return CustomerDetail(
        signals, evidence, orders, payments, health, takeaway, history_table(history, language)
    )


def _invoice_figures(months: pd.DataFrame, language: str) -> tuple[go.Figure | None, ...]:
    if months.empty:
        return None, None
    text = partial(text_in, language)
    axis = text("radar.month_axis")
    return tuple(
        draw(
            months,
            language,
            title=text(f"radar.{name}_title"),
            x_title=axis,
            y_title=text(f"radar.{name}_axis"),
        )
        for draw, name in ((charts.orders_figure, "orders"), (charts.payments_figure, "payments"))
    )


def _health_figure(
    history: pd.DataFrame, light: str, settings: RadarFile, language: str
) -> tuple[go.Figure | None, str]:
    scores = history.drop_duplicates("as_of").dropna(subset=["score"])
    if len(scores) < 2:
        return None, ""
    text = partial(text_in, language)
    fig = charts.health_figure(
        scores,
        language,
        title=text("radar.health_title"),
        x_title=text("radar.month_axis"),
        y_title=text("radar.health"),
        red_below=settings.light.red_below,
        amber_below=settings.light.amber_below,
        red_label=text("radar.red_line"),
        amber_label=text("radar.amber_line"),
    )
    now, first = scores.iloc[-1], scores.iloc[0]
    takeaway = text(
        "radar.health_takeaway",
        score=formatting.number(now["score"], language),
        light=text(f"radar.light.{light}"),
        first=formatting.number(first["score"], language),
        since=formatting.day(first["as_of"], language),
    )
    return fig, takeaway
