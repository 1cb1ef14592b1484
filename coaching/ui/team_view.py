"""Sections of the manager's team overview; every figure here is for the whole team."""

import streamlit as st

from coaching import formatting, morale
from coaching.charts import morale as charts
from coaching.content import catalog
from coaching.morale import NEIGHBOUR, TOO_FEW
from coaching.pulse import Overview
from coaching.ui.i18n import lang, literal, t
from coaching.ui.pages import PAGES
from coaching.ui.widgets import chart


def pulse_section(points: list[morale.Point], granularity: str, k: int, questions: dict) -> None:
    st.subheader(t("team.pulse_title"))
    frame = morale.frame(points)
    if frame.empty or frame["mean"].isna().all():
        st.info(t("team.pulse_empty", k=k))
        return
    labels = {key: q.short for key, q in questions.items()}
    title = t("team.pulse_chart", period=t(f"team.{granularity}"))
    fig = charts.pulse_trend(frame, labels, title, lang(), granularity)
    chart(fig, _pulse_takeaway(points, labels), key=f"team_pulse_chart_{granularity}")
    if granularity == "month":
        st.caption(t("team.month_running"))
    periods = frame.drop_duplicates("period")
    for reason, key in ((TOO_FEW, "team.hidden_too_few"), (NEIGHBOUR, "team.hidden_neighbour")):
        count = int((periods["hidden"] == reason).sum())
        if count:
            st.caption(t(key, count=count, k=k))


def actions_section(actions: list[str], address: str) -> None:
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
            st.markdown(action.body.for_address(address))
            if action.page in registered:
                st.page_link(action.page, label=t("team.action_link"), icon=":material/school:")


def sales_sections(view: Overview) -> None:
    language = lang()
    left, right = st.columns(2)
    with left:
        st.subheader(t("team.losses_title"))
        if view.losses.empty:
            st.markdown(t("team.losses_empty"))
        else:
            labels = {s: t(f"team.status_{s}") for s in ("lost", "ghosted")}
            recent = int(view.losses.tail(6)["count"].sum())
            fig = charts.losses(view.losses, labels, t("team.losses_chart"), language)
            chart(fig, t("team.losses_takeaway", count=recent), key="team_losses_chart")
    with right:
        st.subheader(t("team.next_title"))
        if view.next_steps.empty:
            st.markdown(t("team.next_empty"))
        else:
            share = formatting.percent(view.recent_share, language)
            takeaway = t("team.next_takeaway", share=share, count=view.recent_offers)
            fig = charts.next_steps(view.next_steps, t("team.next_chart"), language)
            chart(fig, takeaway, key="team_next_chart")
    left, right = st.columns(2)
    with left:
        _planning(view, language)
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


def _planning(view: Overview, language: str) -> None:
    st.subheader(t("team.plan_title"))
    if view.planning.empty:
        st.markdown(t("team.plan_empty"))
        return
    decided = view.planning["expected"].sum() - view.planning["open"].sum()
    share = view.planning["won"].sum() / decided if decided > 0 else None
    labels = {c: t(f"team.plan_{c}") for c in ("expected", "won", "open")}
    fig = charts.planning(view.planning, labels, t("team.plan_chart"), language)
    takeaway = t("team.plan_takeaway", share=formatting.percent(share, language))
    chart(fig, takeaway, key="team_plan_chart")
    st.caption(t("team.plan_explain"))


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


def _pulse_takeaway(points: list[morale.Point], labels: dict[str, str]) -> str:
    sentences = []
    for key, label in labels.items():
        found = morale.trend(points, key)
        if found is None:
            continue
        latest, change = found
        value = formatting.number(latest, lang(), 1)
        if change is None:
            sentences.append(t("team.pulse_takeaway_first", question=label, value=value))
            continue
        delta = formatting.number(abs(change), lang(), 1)
        if abs(change) < 0.05:
            words = t("team.change_same")
        else:
            words = t("team.change_up" if change > 0 else "team.change_down", delta=delta)
        sentences.append(t("team.pulse_takeaway", question=label, value=value, change=words))
    return " ".join(sentences)
