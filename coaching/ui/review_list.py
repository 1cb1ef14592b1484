"""Meine Rückblicke: one's own reviews, open drafts, recurring reasons, and one review in full.

Every read goes through the repository's author filter; a review that is not the person's own
looks exactly like one that does not exist.
"""

import pandas as pd
import streamlit as st

from coaching import formatting, handout, review_history
from coaching import review as rules
from coaching.charts.review import reasons_over_time
from coaching.review import ReviewError
from coaching.store.accounts import User
from coaching.ui import review_draft
from coaching.ui.i18n import current_catalog, labels, lang, literal, t
from coaching.ui.session import engine
from coaching.ui.widgets import chart, empty_state, show_error

QUERY = "review"


def my_reviews(user: User) -> None:
    own = rules.own_reviews(engine(), user)
    _open_drafts(user, rules.open_drafts(engine(), user))
    if not own:
        empty_state(t("review.mine_empty_title"), t("review.mine_empty_body"))
        return
    st.subheader(t("review.mine_title", count=len(own)))
    reasons = current_catalog().doc("reasons").reasons
    for review in own:
        with st.container(border=True):
            left, right = st.columns([5, 1])
            left.markdown(f"**{literal(review.deal_label)}**")
            main = reasons[review.main_reason].label if review.main_reason in reasons else ""
            left.caption(
                t(
                    "review.mine_line",
                    day=formatting.day(review.lost_on or review.created_at.date(), lang()),
                    reason=main,
                    share=t(f"review.share.{review.share_mode}"),
                )
            )
            right.button(
                t("review.open"),
                key=f"rv_open_{review.id}",
                on_click=open_review,
                args=(review.id,),
            )
    _over_time(own)


def review_detail(user: User, raw_id: str) -> None:
    review_id = int(raw_id) if str(raw_id).isdigit() else -1
    review = rules.own_review(engine(), user, review_id)
    st.button(
        t("review.back_to_list"),
        key="rv_back_to_list",
        on_click=_close,
        icon=":material/arrow_back:",
    )
    if review is None or not rules.is_visible_to(review, user.id):
        st.warning(t("review.not_found"))
        return
    outline = review_history.outline(review, lang())
    st.subheader(literal(outline.title))
    st.caption(outline.subtitle)
    for section in outline.sections:
        st.markdown(f"**{literal(section.heading)}**")
        st.text("\n".join(section.paragraphs + [f"• {bullet}" for bullet in section.bullets]))
    if review.feeling:
        label = current_catalog().doc("review").feelings[review.feeling].label
        st.caption(t("review.your_feeling", feeling=label))
    _share_controls(user, review)
    _downloads(review, outline)
    _delete(user, review)


def _open_drafts(user: User, open_drafts: list) -> None:
    if not open_drafts:
        return
    st.subheader(t("review.drafts_title"))
    for key, payload in open_drafts:
        left, middle, right = st.columns([4, 1, 1])
        label = (payload or {}).get("deal_label") or t("review.untitled")
        left.text(label)
        middle.button(
            t("review.resume"), key=f"rv_resume_{key}", on_click=_resume, args=(user, key)
        )
        right.button(
            t("review.discard"), key=f"rv_discard_{key}", on_click=_discard, args=(user, key)
        )


def _over_time(own: list) -> None:
    st.subheader(t("review.over_time_title"))
    reasons = current_catalog().doc("reasons").reasons
    recurring = [
        (reasons[k].label, n)
        for k, n in review_history.recurring_reasons(own)
        if k in reasons and n > 1
    ]
    if recurring:
        top = ", ".join(f"{label} ({n})" for label, n in recurring[:3])
        st.markdown(t("review.recurring", reasons=top))
    else:
        st.markdown(t("review.no_recurring"))
    rows = review_history.reasons_by_quarter(own)
    frame = pd.DataFrame(rows)
    frame["label"] = frame["reason"].map(lambda k: reasons[k].label if k in reasons else k)
    chart(
        reasons_over_time(frame, lang(), t("review.chart_count")),
        t("review.chart_takeaway"),
        key="rv_chart",
    )
    st.markdown(f"**{t('review.lessons_title')}**")
    lines = [
        f"{formatting.day(review.lost_on or review.created_at.date(), lang())} · {review.lesson}"
        for review in sorted(own, key=lambda r: r.lost_on or r.created_at.date())
        if review.lesson
    ]
    st.text("\n".join(lines))


def _share_controls(user: User, review) -> None:
    st.markdown(f"**{t('review.share_question')}**")
    key = f"rv_share_{review.id}"
    if key not in st.session_state:
        st.session_state[key] = review.share_mode
    st.radio(
        t("review.share_question"),
        rules.SHARE_MODES,
        key=key,
        label_visibility="collapsed",
        format_func=labels("review.share."),
        captions=[t(f"review.share_help.{m}") for m in rules.SHARE_MODES],
    )
    if st.button(t("review.share_apply"), key=f"rv_share_apply_{review.id}"):
        try:
            rules.share(engine(), user, review.id, st.session_state[key])
            st.success(t(f"review.share_done.{st.session_state[key]}"))
        except ReviewError as exc:
            show_error(t(exc.key, **exc.values))


def _downloads(review, outline: handout.Outline) -> None:
    name = f"rueckblick-{review.id}"
    left, right = st.columns(2)
    left.download_button(
        t("review.download_md"),
        handout.to_markdown(outline).encode(),
        f"{name}.md",
        mime="text/markdown",
        key="rv_download_md",
        icon=":material/description:",
    )
    right.download_button(
        t("review.download_pdf"),
        handout.to_pdf(outline),
        f"{name}.pdf",
        mime="application/pdf",
        key="rv_download_pdf",
        icon=":material/picture_as_pdf:",
    )


def _delete(user: User, review) -> None:
    if not st.toggle(t("review.delete_toggle"), key=f"rv_delete_{review.id}"):
        return
    st.warning(t("review.delete_warning"))
    if st.button(t("review.delete_confirm"), key="rv_delete_confirm", type="primary"):
        rules.delete(engine(), user, review.id)
        _close()
        st.rerun()


def open_review(review_id: int) -> None:
    st.query_params[QUERY] = str(review_id)


def _close() -> None:
    st.query_params.pop(QUERY, None)


def _discard(user: User, key: str) -> None:
    rules.discard_draft(engine(), user, key)
    if st.session_state.get(review_draft.DRAFT_KEY) == key:
        review_draft.start_new(user)


def _resume(user: User, key: str) -> None:
    review_draft.resume(user, key)
    st.session_state["rv_view"] = "write"
