"""Rückblick: a private, blameless self-review after a lost deal, and the person's own reviews."""

import streamlit as st

from coaching.ui import require_user, review_draft, review_form, review_list, t
from coaching.ui.i18n import labels
from coaching.ui.widgets import page_header

user = require_user()
page_header(t("review.title"), t("review.intro"))
review_form.prepare(user)

if review_id := st.query_params.get(review_list.QUERY):
    review_list.review_detail(user, review_id)
    st.stop()

if submitted := st.session_state.pop(review_form.SUBMITTED, None):
    st.success(t("review.submitted"), icon=":material/check_circle:")
    st.button(
        t("review.open_submitted"),
        key="rv_open_submitted",
        on_click=review_list.open_review,
        args=(submitted,),
    )

if "rv_view" not in st.session_state:
    st.session_state["rv_view"] = "write"
view = st.segmented_control(
    t("review.view"),
    ["write", "mine"],
    key="rv_view",
    format_func=labels("review.view_"),
    label_visibility="collapsed",
)
if view == "mine":
    review_list.my_reviews(user)
else:
    st.button(
        t("review.new"),
        key="rv_new",
        icon=":material/add:",
        on_click=review_draft.start_new,
        args=(user,),
    )
    review_form.guided_review(user)
