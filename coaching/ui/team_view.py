"""Sections of the manager's team overview; every figure here is for the whole team."""

from dataclasses import dataclass
from datetime import date
from functools import partial

import plotly.graph_objects as go
import streamlit as st

from coaching import formatting, morale, pulse
from coaching.charts import morale as charts
from coaching.content import catalog
from coaching.morale import NEIGHBOUR, TOO_FEW
from coaching.pulse import Overview
from coaching.ui.i18n import lang, literal, t, text_in
from coaching.ui.pages import PAGES
from coaching.ui.session import data_version, engine
from coaching.ui.widgets import drawn_once, opened, plot

Drawn = tuple[go.Figure, str] | None  # a chart and its takeaway; None: no data for it


@dataclass(frozen=True)
class TeamCharts:
    pulse: Drawn
    hidden: dict[str, int]  # periods left out of the pulse chart, per reason
    losses: Drawn
    next_steps: Drawn
    planning: Drawn


def team_overview(team_id: int, day: date) -> Overview:
    return pulse.kept_overview(engine(), team_id, day)


def team_charts(team_id: int, day: date, granularity: str) -> TeamCharts:
    return _charts(team_id, data_version(team_id), day, lang(), granularity)


def pulse_section(drawn: TeamCharts, granularity: str, k: int) -> None:
    st.subheader(t("team.pulse_title"))
    if drawn.pulse is None:
        st.info(t("team.pulse_empty", k=k))
        return
    _finding(*drawn.pulse, "team_pulse_open", f"team_pulse_chart_{granularity}")
    st.caption(t(f"team.{granularity}_running"))
    for reason, key in ((TOO_FEW, "team.hidden_too_few"), (NEIGHBOUR, "team.hidden_neighbour")):
        if count := drawn.hidden[reason]:
            st.caption(t(key, count=count, k=k))


def actions_section(actions: list[str]) -> None:
    st.subheader(t("team.actions_title"))
    if not actions:
        st.markdown(t("team.actions_none"))
        return
    known = catalog(lang()).doc("pulse").actions
    registered = {spec.script for spec in PAGES}
    for key in actions:
        action = known[key]
        with st.container(border=True, key=f"team_action_{key}"):
            st.markdown(f"**{action.title}**")
            st.markdown(action.body)
            if action.page in registered:
                st.page_link(action.page, label=t("team.action_link"), icon=":material/school:")


def sales_sections(view: Overview, drawn: TeamCharts) -> None:
    language = lang()
    left, right = st.columns(2)
    with left:
        st.subheader(t("team.losses_title"))
        _finding_or(drawn.losses, "team.losses_empty", "team_losses")
    with right:
        st.subheader(t("team.next_title"))
        _finding_or(drawn.next_steps, "team.next_empty", "team_next")
    left, right = st.columns(2)
    with left:
        st.subheader(t("team.plan_title"))
        _finding_or(drawn.planning, "team.plan_empty", "team_plan")
        if drawn.planning is not None:
            st.caption(t("team.plan_explain"))
    with right:
        st.subheader(t("team.hours_title"))
        if view.hours is None:
            st.markdown(t("team.hours_hidden", k=view.min_group))
        else:
            average = view.hours.total / view.hours.deals
            st.metric(t("team.hours_title"), formatting.number(view.hours.total, language))
            st.markdown(
                t(
                    "team.hours_value",
                    hours=formatting.number(view.hours.total, language),
                    deals=view.hours.deals,
                    average=formatting.number(average, language, 1),
                )
            )
        _lessons(view, language)


def _finding_or(drawn: Drawn, empty: str, name: str) -> None:
    """The figure as a finding, or in words why there is none."""
    if drawn is None:
        st.markdown(t(empty))
    else:
        _finding(*drawn, f"{name}_open", f"{name}_chart")


def _finding(fig: go.Figure, takeaway: str, open_key: str, chart_key: str) -> None:
    """A figure's takeaway in one sentence, its chart drawn when opened: four charts on arrival
    took the browser ~500 ms to mount. An open one stays open for the session."""
    if box := opened(takeaway, open_key, icon=":material/bar_chart:"):
        with box:
            plot(fig, chart_key)


def _lessons(view: Overview, language: str) -> None:
    st.subheader(t("team.lessons_title"))
    lessons = view.lessons
    if not lessons.by_root:
        st.markdown(t("team.lessons_empty"))
        return
    total = sum(lessons.by_root.values())
    st.markdown(t("team.lessons_counts", count=total, authors=lessons.authors))
    roots = catalog(language).doc("reasons").root_categories
    for root, count in sorted(lessons.by_root.items(), key=lambda item: -item[1]):
        label = roots[root].label if root in roots else root
        st.markdown(f"- {t('team.lessons_root', label=label, count=count)}")
    if lessons.comments is None:
        st.caption(t("team.lessons_comments_hidden", k=max(5, view.min_group)))
        return
    for text, name in lessons.comments:
        with st.container(border=True):
            st.text(text)
            st.caption(literal(name) if name else t("team.lessons_anonymous"))


@drawn_once
def _charts(team_id: int, version: int, day: date, language: str, granularity: str) -> TeamCharts:
    """The team's aggregates only, as in pulse.overview; version keys the figures."""
    view = pulse.kept_overview(engine(), team_id, day)
    points = view.month_points if granularity == "month" else view.week_points
    frame = morale.frame(points)
    periods = frame.drop_duplicates("period")
    hidden = {reason: int((periods["hidden"] == reason).sum()) for reason in (TOO_FEW, NEIGHBOUR)}
    return TeamCharts(
        pulse=_pulse_chart(points, frame, granularity, language),
        hidden=hidden,
        losses=_losses_chart(view, language),
        next_steps=_next_steps_chart(view, language),
        planning=_planning_chart(view, language),
    )


def _pulse_chart(points, frame, granularity: str, language: str) -> Drawn:
    if frame.empty or frame["mean"].isna().all():
        return None
    text = partial(text_in, language)
    labels = {key: q.short for key, q in pulse.questions(language).items()}
    title = text("team.pulse_chart", period=text(f"team.{granularity}"))
    fig = charts.pulse_trend(frame, labels, title, language, granularity)
    return fig, _pulse_takeaway(points, labels, language)


def _losses_chart(view: Overview, language: str) -> Drawn:
    if view.losses.empty:
        return None
    text = partial(text_in, language)
    labels = {s: text(f"team.status_{s}") for s in ("lost", "ghosted")}
    recent = int(view.losses.tail(6)["count"].sum())
    fig = charts.losses(view.losses, labels, text("team.losses_chart"), language)
    return fig, text("team.losses_takeaway", count=recent)


def _next_steps_chart(view: Overview, language: str) -> Drawn:
    if view.next_steps.empty:
        return None
    text = partial(text_in, language)
    share = formatting.percent(view.recent_share, language)
    fig = charts.next_steps(view.next_steps, text("team.next_chart"), language)
    return fig, text("team.next_takeaway", share=share, count=view.recent_offers)


def _planning_chart(view: Overview, language: str) -> Drawn:
    if view.planning.empty:
        return None
    text = partial(text_in, language)
    decided = view.planning["expected"].sum() - view.planning["open"].sum()
    share = view.planning["won"].sum() / decided if decided > 0 else None
    labels = {c: text(f"team.plan_{c}") for c in ("expected", "won", "open")}
    fig = charts.planning(view.planning, labels, text("team.plan_chart"), language)
    return fig, text("team.plan_takeaway", share=formatting.percent(share, language))


def _pulse_takeaway(points: list[morale.Point], labels: dict[str, str], language: str) -> str:
    text = partial(text_in, language)
    sentences = []
    for key, label in labels.items():
        found = morale.trend(points, key)
        if found is None:
            continue
        latest, change = found
        value = formatting.number(latest, language, 1)
        if change is None:
            sentences.append(text("team.pulse_takeaway_first", question=label, value=value))
            continue
        delta = formatting.number(abs(change), language, 1)
        if abs(change) < 0.05:
            words = text("team.change_same")
        else:
            words = text("team.change_up" if change > 0 else "team.change_down", delta=delta)
        sentences.append(text("team.pulse_takeaway", question=label, value=value, change=words))
    return " ".join(sentences)
