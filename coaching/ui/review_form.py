"""The guided review's steps. Every answer goes to a server-side draft the moment it changes.

Widgets are initialised through session state (never `value=`), so a callback can fill other
fields (picking a lead fills label, value, stage and timeline) without Streamlit's warning.
All state is kept per person: signing in as someone else in the same browser starts afresh.
"""

from datetime import date

import streamlit as st

from coaching import review as rules
from coaching.pipeline import STAGES
from coaching.review import ReviewError
from coaching.store.accounts import User
from coaching.ui import review_draft as draft
from coaching.ui.i18n import current_catalog, date_format, labels, lang, literal, t
from coaching.ui.review_draft import ANSWERS, DRAFT_KEY
from coaching.ui.session import engine
from coaching.ui.widgets import show_error

SUBMITTED = "submitted_review"  # outlives the reset of the rv_ keys
START_NEW = "review_start_new"


def prepare(user: User) -> None:
    """Load this person's review in progress; call before any review widget is drawn
    (forgetting a drawn widget's state mid-run loses the next input in it)."""
    if st.session_state.pop(START_NEW, False):
        draft.start_new(user)
    draft.answers(user)


def guided_review(user: User) -> None:
    answers = draft.answers(user)
    step = answers.get("step", rules.STEPS[0])
    doc = current_catalog().doc("review")
    number = rules.step_index(step) + 1
    st.progress(number / len(rules.STEPS))
    st.subheader(
        t("review.step_of", number=number, total=len(rules.STEPS), title=doc.steps[step].title)
    )
    if step != "deal" and answers.get("deal_label"):
        st.markdown(f"**{literal(answers['deal_label'])}**")
    st.caption(doc.steps[step].intro)
    STEP_VIEWS[step](user, answers)
    _navigation(user, step)


# --- steps -------------------------------------------------------------------------------------


def _deal(user: User, answers: dict) -> None:
    st.radio(
        t("review.source"),
        rules.SOURCES,
        key=draft.widget("source", answers, "manual"),
        format_func=labels("review.source_"),
        horizontal=True,
        on_change=draft.changed,
        args=(user, "source"),
    )
    if answers.get("source") == "lead":
        by_id = {lead.id: lead for lead in rules.reviewable_leads(engine(), user.team_id)}
        words = current_catalog()
        st.selectbox(
            t("review.pick_lead"),
            list(by_id),
            key=draft.widget("lead_id", answers),
            index=None,
            format_func=lambda i: (
                f"{by_id[i].company} · {by_id[i].topic or ''} · "
                f"{words.text(f'pipeline.status.{by_id[i].status}')}"
            ),
            placeholder=t("review.pick_placeholder"),
            on_change=draft.lead_picked,
            args=(user,),
        )
        if not by_id:
            st.info(t("review.no_leads"))
    elif answers.get("source") == "deal":
        lost = {deal["id"]: deal for deal in rules.lost_deals(engine(), user.team_id)}
        st.selectbox(
            t("review.pick_deal"),
            list(lost),
            key=draft.widget("deal_id", answers),
            index=None,
            format_func=lambda i: f"{lost[i]['organisation'] or ''} · {lost[i]['name'] or ''}",
            placeholder=t("review.pick_placeholder"),
            on_change=draft.deal_picked,
            args=(user,),
        )
        if not lost:
            st.info(t("review.no_deals"))
    _text(user, answers, "deal_label")
    left, middle, right = st.columns(3)
    with left:
        _text(user, answers, "deal_value")
    with middle:
        key = "rv_lost_on"
        if key not in st.session_state:
            stored = answers.get("lost_on")
            st.session_state[key] = date.fromisoformat(stored) if stored else None
        st.date_input(
            _question(user, "lost_on"),
            key=key,
            format=date_format(),
            on_change=draft.changed,
            args=(user, "lost_on"),
        )
    with right:
        st.selectbox(
            _question(user, "stage_at_silence"),
            STAGES,
            index=None,
            key=draft.widget("stage_at_silence", answers),
            format_func=labels("pipeline.stage."),
            placeholder=t("review.pick_placeholder"),
            on_change=draft.changed,
            args=(user, "stage_at_silence"),
        )


def _timeline(user: User, answers: dict) -> None:
    _text(user, answers, "timeline", area=True, height=220)


def _category(user: User, answers: dict) -> None:
    roots = current_catalog().doc("reasons").root_categories
    st.radio(
        _question(user, "root_category"),
        list(roots),
        index=None,
        key=draft.widget("root_category", answers),
        format_func=lambda r: roots[r].label,
        captions=[root.description for root in roots.values()],
        on_change=draft.changed,
        args=(user, "root_category"),
    )


def _reasons(user: User, answers: dict) -> None:
    reasons = current_catalog().doc("reasons").reasons
    st.multiselect(
        _question(user, "reasons"),
        list(reasons),
        key=draft.widget("reasons", answers, []),
        format_func=lambda r: reasons[r].label,
        placeholder=t("review.pick_placeholder"),
        on_change=draft.reasons_changed,
        args=(user,),
    )
    chosen = answers.get("reasons") or list(reasons)
    st.selectbox(
        _question(user, "main_reason"),
        chosen,
        index=None,
        key=draft.widget("main_reason", answers),
        format_func=lambda r: reasons[r].label,
        placeholder=t("review.pick_placeholder"),
        on_change=draft.changed,
        args=(user, "main_reason"),
    )
    if rules.PRICE_REASON in (answers.get("reasons") or []) + [answers.get("main_reason")]:
        evidence = current_catalog().doc("review").price_evidence
        st.radio(
            _question(user, "price_evidence"),
            rules.PRICE_EVIDENCE,
            index=None,
            key=draft.widget("price_evidence", answers),
            format_func=evidence.get,
            horizontal=True,
            on_change=draft.changed,
            args=(user, "price_evidence"),
        )


def _signals(user: User, answers: dict) -> None:
    signals = current_catalog().doc("signals").signals
    st.markdown(f"**{_question(user, 'missed_signals')}**")
    for key in rules.taxonomy().signals:
        _tick(user, answers, "missed_signals", key, signals[key].label, signals[key].description)


def _touchpoints(user: User, answers: dict) -> None:
    doc = current_catalog().doc("review")
    for question in rules.TOUCHPOINT_QUESTIONS:
        st.radio(
            _question(user, question),
            rules.TOUCHPOINT_ANSWERS,
            index=None,
            horizontal=True,
            key=draft.widget(question, answers),
            format_func=doc.answers.get,
            on_change=draft.changed,
            args=(user, question),
        )
    st.markdown(f"**{_question(user, 'qualification_gaps')}**")
    for key, label in doc.qualification_gaps.items():
        _tick(user, answers, "qualification_gaps", key, label)


def _control(user: User, answers: dict) -> None:
    left, right = st.columns(2)
    with left:
        _text(user, answers, "in_my_control", area=True)
    with right:
        _text(user, answers, "not_in_my_control", area=True)


def _lesson(user: User, answers: dict) -> None:
    _text(user, answers, "do_differently", area=True)
    _text(user, answers, "lesson", area=True)
    _text(user, answers, "hours")
    try:
        rules.parse_hours(answers.get("hours", ""))
    except ReviewError as exc:
        show_error(t(exc.key, **exc.values))


def _checkin(user: User, answers: dict) -> None:
    levels = current_catalog().doc("review").feelings
    st.radio(
        _question(user, "feeling"),
        list(levels),
        index=None,
        key=draft.widget("feeling", answers),
        format_func=lambda level: levels[level].label,
        on_change=draft.changed,
        args=(user, "feeling"),
    )
    if text := rules.reframing(answers.get("feeling"), lang()):
        st.info(text, icon=":material/self_improvement:")
    st.caption(t("review.feeling_private"))


def _finish(user: User, answers: dict) -> None:
    st.radio(
        t("review.share_question"),
        rules.SHARE_MODES,
        key=draft.widget("share_mode", answers, "private"),
        format_func=labels("review.share."),
        captions=[t(f"review.share_help.{m}") for m in rules.SHARE_MODES],
        on_change=draft.changed,
        args=(user, "share_mode"),
    )
    if st.button(t("review.submit"), type="primary", key="rv_submit", icon=":material/check:"):
        _submit(user, answers)


STEP_VIEWS = {
    "deal": _deal,
    "timeline": _timeline,
    "category": _category,
    "reasons": _reasons,
    "signals": _signals,
    "touchpoints": _touchpoints,
    "control": _control,
    "lesson": _lesson,
    "checkin": _checkin,
    "finish": _finish,
}


# --- submit and navigation ---------------------------------------------------------------------


def _submit(user: User, answers: dict) -> None:
    try:
        review_id = rules.submit(engine(), user, st.session_state[DRAFT_KEY], answers)
    except ReviewError as exc:
        title = current_catalog().doc("review").steps[exc.step].title
        show_error(t("review.error.in_step", step=title, problem=t(exc.key, **exc.values)))
        st.button(
            t("review.go_to_step", step=title),
            key="rv_go_to_missing",
            on_click=_go,
            args=(user, exc.step),
        )
        return
    st.session_state[START_NEW] = True
    st.session_state[SUBMITTED] = review_id
    st.rerun()


def _navigation(user: User, step: str) -> None:
    back, _, forward = st.columns([1, 3, 1])
    index = rules.step_index(step)
    with back:
        if index > 0:
            st.button(
                t("review.back"),
                key="rv_back",
                icon=":material/arrow_back:",
                width="stretch",
                on_click=_go,
                args=(user, rules.neighbour_step(step, -1)),
            )
    with forward:
        if index < len(rules.STEPS) - 1:
            st.button(
                t("review.next"),
                key="rv_next",
                type="primary",
                width="stretch",
                icon=":material/arrow_forward:",
                on_click=_go,
                args=(user, rules.neighbour_step(step, 1)),
            )
    st.caption(t("review.draft_saved"))


def _go(user: User, step: str) -> None:
    st.session_state[ANSWERS]["step"] = step
    draft.save(user)


def _text(user: User, answers: dict, field: str, *, area: bool = False, height=None) -> None:
    widget = st.text_area if area else st.text_input
    extra = {"height": height} if area and height else {}
    widget(
        _question(user, field),
        key=draft.widget(field, answers, ""),
        max_chars=rules.MAX_TEXT,
        on_change=draft.changed,
        args=(user, field),
        **extra,
    )


def _tick(user: User, answers: dict, field: str, key: str, label: str, help: str | None = None):
    widget = f"rv_{field}__{key}"
    if widget not in st.session_state:
        st.session_state[widget] = key in (answers.get(field) or [])
    st.checkbox(literal(label), key=widget, help=help, on_change=_toggled, args=(user, field, key))


def _toggled(user: User, field: str, key: str) -> None:
    chosen = [k for k in st.session_state[ANSWERS].get(field) or [] if k != key]
    if st.session_state.get(f"rv_{field}__{key}"):
        chosen.append(key)
    st.session_state[ANSWERS][field] = chosen
    draft.save(user)


def _question(user: User, field: str) -> str:
    return current_catalog().doc("review").questions[field]
