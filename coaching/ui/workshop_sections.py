"""What each kind of workshop section shows on the shared screen (never anything private)."""

from collections.abc import Callable
from datetime import date

import streamlit as st

from coaching import insights, review, workshop
from coaching.cadence import render as render_message
from coaching.content import catalog
from coaching.content.models import WorkshopSection
from coaching.formatting import day
from coaching.handout import Outline, to_markdown, to_pdf
from coaching.store.accounts import User
from coaching.ui.i18n import date_format, lang, literal, t
from coaching.ui.session import engine
from coaching.ui.team_insights import DrawnView, drawn_view, team_insights
from coaching.ui.widgets import plot, show_error

Renderer = Callable[[WorkshopSection, User], None]


def render(section: WorkshopSection, user: User) -> None:
    st.markdown(f"**{t('workshop.goal')}:** {section.goal}")
    RENDERERS[section.kind](section, user)
    st.subheader(t("workshop.prompts"))
    for prompt in section.prompts:
        st.markdown(f"- {prompt}")


def research(_section: WorkshopSection, _user: User) -> None:
    for figure in workshop.agenda(lang()).research:
        with st.container(border=True):
            st.markdown(f"### {figure.figure}")
            st.markdown(figure.claim)
            st.caption(t("workshop.research_source", source=figure.source))
            st.caption(t("workshop.research_reliability", reliability=figure.reliability))


def agreements(_section: WorkshopSection, user: User) -> None:
    today = date.today()
    due = workshop.open_agreements(engine(), user.team_id)
    if due:
        st.subheader(t("workshop.agreements_to_review"))
        for item in due:
            _review_row(user, item)
    if not workshop.is_lead(user):
        st.caption(t("workshop.agreements_lead_writes"))
        return
    with st.form("agreement_form", clear_on_submit=True):
        text = st.text_input(t("workshop.agreement_text"), key="agreement_text")
        owner = st.text_input(
            t("workshop.agreement_owner"),
            value=t("workshop.agreement_owner_default"),
            key="agreement_owner",
        )
        review_on = st.date_input(
            t("workshop.agreement_review"),
            value=workshop.default_review_date(today),
            format=date_format(),
            key="agreement_review",
        )
        if st.form_submit_button(t("workshop.agreement_add"), key="agreement_add"):
            try:
                workshop.add_agreement(engine(), user, text, owner, review_on, today)
                st.success(t("workshop.agreement_saved"))
            except workshop.WorkshopError as exc:
                show_error(t(str(exc)))


def _review_row(user: User, item) -> None:
    with st.container(border=True):
        st.text(f"{item.text} · {item.owner} · {day(item.review_on, lang())}")
        if not workshop.is_lead(user):
            return
        note = st.text_input(t("workshop.agreement_note"), key=f"review_note_{item.id}")
        kept, dropped = st.columns(2)
        for column, status in ((kept, "kept"), (dropped, "dropped")):
            if column.button(t(f"workshop.agreement_{status}"), key=f"review_{status}_{item.id}"):
                workshop.review_agreement(engine(), user, item.id, status, note)
                st.rerun()


def reasons(_section: WorkshopSection, user: User) -> None:
    """The team's own reasons (demo figures when it has none), withheld below the group size."""
    drawn, from_demo = workshop_view(user)
    if from_demo:
        st.info(t("workshop.demo_figures"), icon=":material/science:")
    if drawn.view.withheld:
        st.warning(t("workshop.withheld"), icon=":material/lock:")
        return
    for panel in workshop_panels(drawn):
        st.subheader(panel.takeaway)
        fig = drawn.figures[panel.chart]
        plot(fig, f"workshop_{panel.chart}")


def workshop_view(user: User) -> tuple[DrawnView, bool]:
    from_demo = team_insights(user.team_id).empty
    minimum = insights.min_group(engine(), user.team_id)
    drawn = drawn_view(
        user.team_id, insights.Filters(), minimum, presenter=True, demo_when_empty=True
    )
    return drawn, from_demo


def workshop_panels(drawn: DrawnView) -> list[insights.Panel]:
    return [p for p in drawn.panels if p.chart in REASON_CHARTS and not p.empty]


def takeaways(user: User) -> dict[str, list[str]]:
    """What the charts of the session said, for the handout (empty when withheld)."""
    drawn, _ = workshop_view(user)
    sentences = [p.takeaway for p in workshop_panels(drawn)]
    keys = [s.key for s in workshop.agenda(lang()).sections if s.kind == "reasons"]
    return {key: sentences for key in keys}


@st.cache_data(max_entries=16, show_spinner=False)
def handout_files(outline: Outline) -> tuple[bytes, str]:
    """Built once per content, not on every rerun of the planner (a PDF takes ~0.2 s). Keyed by
    the whole outline, so a session only ever gets the very handout it would have built."""
    return to_pdf(outline), to_markdown(outline)


def lead_exercise(_section: WorkshopSection, _user: User) -> None:
    st.markdown(t("workshop.lead_exercise_hint"))
    st.page_link(
        "pages/lead_exercise.py", label=t("workshop.lead_exercise_link"), icon=":material/school:"
    )


def follow_up(_section: WorkshopSection, user: User) -> None:
    """The interest-only cadence step by step, with the first message as an example."""
    cadence = catalog(lang()).doc("cadence")
    for number, step in enumerate(cadence.paths["interest_only"], start=1):
        st.markdown(
            f"**{number}. {step.label}** · " + t("workshop.after_days", days=step.wait_days)
        )
        st.caption(step.guidance)
    templates = catalog(lang()).doc("templates")
    first = cadence.paths["interest_only"][0].templates[0]
    message = render_message(templates.messages[first], templates, user.address, {})
    with st.expander(t("workshop.example_message")):
        st.text(f"{message.subject}\n\n{message.body}")
    st.caption(cadence.needy_guidance)


def crisis_roleplay(_section: WorkshopSection, user: User) -> None:
    script = catalog(lang()).docs("scripts")["crisis_cancellation"]
    for step in script.steps.values():
        st.markdown(f"- **{step.title}**: {step.purpose}")
    st.page_link(
        "pages/roleplay.py", label=t("workshop.roleplay_link"), icon=":material/theater_comedy:"
    )


def lessons(_section: WorkshopSection, user: User) -> None:
    """Shared lessons without any name, not even for those shared by name: blameless."""
    shared = [item for item in review.shared_lessons(engine(), user.team_id) if item.lesson]
    if not shared:
        st.info(t("workshop.no_lessons"))
        return
    for item in sorted(shared, key=lambda lesson: lesson.lesson):
        st.markdown(f"- {literal(item.lesson)}")


REASON_CHARTS = ("reasons_count", "root_reasons")
RENDERERS: dict[str, Renderer] = {
    "reasons": reasons,
    "lead_exercise": lead_exercise,
    "follow_up": follow_up,
    "crisis_roleplay": crisis_roleplay,
    "lessons": lessons,
    "research": research,
    "agreements": agreements,
}
