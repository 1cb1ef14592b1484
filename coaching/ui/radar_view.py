"""Kundenradar helpers for the page: cached team frames and scores, tables in the person's words.

The cached values are team data every member sees (invoices, scores, log counts): no notes, no
authors, nothing private. They are keyed by the team's data version, so a log entry or an import
shows at once.
"""

from datetime import date

import pandas as pd
import streamlit as st

from coaching import formatting, radar
from coaching.charts import radar as charts
from coaching.content import catalog
from coaching.content.radar_model import RadarFile
from coaching.store import customers as repo
from coaching.store import read
from coaching.ui.i18n import lang, literal, t
from coaching.ui.pages import PAGES
from coaching.ui.session import data_version, engine
from coaching.ui.widgets import chart

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
_CELL = {
    "red": "background-color: #FDE2E1",
    "amber": "background-color: #FFF1CC",
    "green": "background-color: #E3F4EA",
    "unknown": "background-color: #EEEEEE",
    "flagged": "background-color: #FFF1CC",
    "quiet": "",
    "too_little": "color: #555555",
}


def team_frames(team_id: int) -> dict[str, pd.DataFrame]:
    return _frames(team_id, data_version(team_id))


def team_radar(team_id: int, today: date) -> radar.Radar:
    return _radar(team_id, data_version(team_id), today, lang())


def customer_history(team_id: int, customer_id: int, today: date) -> pd.DataFrame:
    return _history(team_id, data_version(team_id), customer_id, today, lang())


def crisis_talk_available() -> bool:
    """The conversation page is built in parallel; link to it only once it is registered."""
    return any(spec.script == CRISIS_TALK for spec in PAGES)


def light_badge(light: str) -> str:
    """The traffic light as a coloured Markdown badge with icon and words."""
    colour, icon = LIGHT_BADGE[light]
    return f":{colour}-badge[:material/{icon}: {t(f'radar.light.{light}')}]"


def state_line(state: str) -> str:
    return f"{STATE_ICON[state]} {t(f'radar.state.{state}')}"


def risk_table(customers: pd.DataFrame):
    """The list of customers: light in words and a tinted cell, warning signs by weight."""
    labels = _signal_labels()
    light = t("radar.col_light")
    table = pd.DataFrame(
        {
            t("radar.col_customer"): customers["name"].to_numpy(),
            t("radar.col_score"): customers["score"].to_numpy(),
            light: [t(f"radar.light.{v}") for v in customers["light"]],
            t("radar.col_signals"): [
                ", ".join(labels[k] for k in keys) for keys in customers["top_signals"]
            ],
        }
    )
    cells = [_CELL[v] for v in customers["light"]]
    return table.style.apply(lambda _: cells, subset=[light]).format(
        {t("radar.col_score"): lambda v: "–" if pd.isna(v) else f"{v:.0f}"}
    )


def bad_rows_table(bad_rows: list[radar.BadRow], names: dict[int, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("radar.col_row"): [str(b.row) for b in bad_rows],
            t("radar.col_customer"): [names.get(b.customer_id, "") for b in bad_rows],
            t("radar.col_invoice"): [b.invoice_number for b in bad_rows],
            t("radar.col_problem"): [t(f"radar.problem.{b.problem}") for b in bad_rows],
        }
    )


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Signals as rows, months as columns, each cell the state in words (not colour alone)."""
    labels = _signal_labels()
    frame = history.assign(
        month=history["as_of"].map(lambda d: d.strftime("%m.%Y")),
        word=history["state"].map(lambda s: t(f"radar.state.{s}")),
        label=history["signal"].map(labels),
    )
    table = frame.pivot_table(index="label", columns="month", values="word", aggfunc="first")
    months = list(dict.fromkeys(frame["month"]))
    order = [labels[k] for k in radar.SIGNALS]
    return (
        table.reindex(index=order, columns=months)
        .rename_axis(t("radar.signal"))
        .rename_axis(None, axis=1)
    )


def log_table(entries: list[repo.LogEntry]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("radar.log_col_date"): [formatting.day(e.on_date, lang()) for e in entries],
            t("radar.log_col_kind"): [t(f"radar.kind.{e.kind}") for e in entries],
            t("radar.log_col_author"): [e.author_name or "–" for e in entries],
            t("radar.log_col_note"): [e.note or "" for e in entries],
        }
    )


def customer_charts(months: pd.DataFrame, evidence: dict[str, str]) -> None:
    """Orders and payment delay side by side; each chart's takeaway is its signal's evidence."""
    if months.empty:
        st.info(t("radar.orders_takeaway_none"))
        return
    axis = t("radar.month_axis")
    first, second = st.columns(2)
    with first:
        fig = charts.orders_figure(
            months,
            lang(),
            title=t("radar.orders_title"),
            x_title=axis,
            y_title=t("radar.orders_axis"),
        )
        chart(fig, literal(evidence["shrinking_orders"]), key="radar_orders_chart")
    with second:
        fig = charts.payments_figure(
            months,
            lang(),
            title=t("radar.payments_title"),
            x_title=axis,
            y_title=t("radar.payments_axis"),
        )
        chart(fig, literal(evidence["later_payments"]), key="radar_payments_chart")


def health_chart(history: pd.DataFrame, light: str, settings: RadarFile) -> None:
    scores = history.drop_duplicates("as_of").dropna(subset=["score"])
    if len(scores) < 2:
        return
    fig = charts.health_figure(
        scores,
        lang(),
        title=t("radar.health_title"),
        x_title=t("radar.month_axis"),
        y_title=t("radar.health"),
        red_below=settings.light.red_below,
        amber_below=settings.light.amber_below,
        red_label=t("radar.red_line"),
        amber_label=t("radar.amber_line"),
    )
    today = scores.iloc[-1]
    takeaway = t(
        "radar.health_takeaway",
        score=formatting.number(today["score"], lang()),
        light=t(f"radar.light.{light}"),
        first=formatting.number(scores.iloc[0]["score"], lang()),
        since=formatting.day(scores.iloc[0]["as_of"], lang()),
    )
    chart(fig, takeaway, key="radar_health_chart")


def signal_label(key: str) -> str:
    return _signal_labels()[key]


def _signal_labels() -> dict[str, str]:
    return {k: s.label for k, s in catalog(lang()).doc("signals").signals.items()}


@st.cache_data(show_spinner=False, max_entries=16)
def _frames(team_id: int, version: int) -> dict[str, pd.DataFrame]:
    with read(engine()) as conn:
        return {
            "customers": repo.customers_frame(conn, team_id),
            "invoices": repo.invoices_frame(conn, team_id),
            "logs": repo.logs_frame(conn, team_id),
            "last_import": repo.last_import(conn, team_id),
        }


@st.cache_data(show_spinner=False, max_entries=16)
def _radar(team_id: int, version: int, today: date, language: str) -> radar.Radar:
    frames = _frames(team_id, version)
    return radar.score(
        frames["customers"], frames["invoices"], frames["logs"], today, radar.rules(language)
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _history(
    team_id: int, version: int, customer_id: int, today: date, language: str
) -> pd.DataFrame:
    frames = _frames(team_id, version)
    return radar.history(
        frames["customers"],
        frames["invoices"],
        frames["logs"],
        customer_id,
        today,
        settings=radar.rules(language),
    )
