"""Workshop: plan the agenda, then present it section by section on the shared screen."""

import streamlit as st

from coaching import workshop
from coaching.ui import engine, lang, require_user, t
from coaching.ui.presenter import presenter_mode
from coaching.ui.widgets import opened, page_header, show_error
from coaching.ui.workshop_sections import handout_files, render, takeaways

user = require_user()
plan = workshop.load_plan(engine(), user.team_id, lang())
sections = workshop.sections_by_key(lang())
presenting = st.query_params.get("ansicht") == "praesentation"
leads = workshop.is_lead(user)  # members follow; the team lead runs the workshop
EDIT_OPEN = "workshop_edit_open"


def save(new_plan: workshop.Plan) -> None:
    workshop.save_plan(engine(), user, new_plan)
    st.rerun()


def show_presentation() -> None:
    presenter_mode()
    active = plan.active()
    item = active[plan.current]
    section = sections[item.key]
    st.title(section.title)
    st.caption(
        t("workshop.position", number=plan.current + 1, count=len(active), minutes=item.minutes)
    )
    back, _, forward, leave = st.columns([1, 3, 1, 1])
    if leads and back.button(t("workshop.previous"), key="previous", disabled=plan.current == 0):
        save(workshop.go_to(plan, plan.current - 1))
    last = plan.current == len(active) - 1
    if leads and forward.button(t("workshop.next"), key="next", type="primary", disabled=last):
        save(workshop.go_to(plan, plan.current + 1))
    if leave.button(t("workshop.exit"), key="exit"):
        st.query_params.clear()
        st.rerun()
    timer()
    render(section, user)


@st.fragment(run_every=1)
def timer() -> None:
    left = workshop.seconds_left(workshop.load_plan(engine(), user.team_id, lang()))
    if left is None:
        return
    minutes, seconds = divmod(abs(left), 60)
    key = "workshop.time_left" if left >= 0 else "workshop.time_over"
    text = t(key, minutes=minutes, seconds=f"{seconds:02d}")
    (st.markdown if left >= 0 else st.warning)(f"**{text}**")


def show_planner() -> None:
    page_header(t("workshop.title"), t("workshop.intro"))
    st.subheader(t("workshop.plan_title"))
    st.caption(t("workshop.plan_caption" if leads else "workshop.plan_caption_member"))
    agenda()
    if leads and (box := opened(t("workshop.edit_plan"), EDIT_OPEN, icon=":material/edit:")):
        with box:
            for item in plan.items:
                edit_row(item)
    total = plan.total_minutes()
    st.markdown(t("workshop.total", minutes=total))
    if not plan.length_is_right():
        st.warning(t("workshop.length_hint", minutes=total))
    start, resume = st.columns(2)
    if leads and start.button(t("workshop.start"), key="start_presentation", type="primary"):
        workshop.save_plan(engine(), user, workshop.go_to(plan, 0))
        st.query_params["ansicht"] = "praesentation"
        st.rerun()
    if plan.section_started_at and resume.button(
        t("workshop.resume", number=plan.current + 1), key="resume_presentation"
    ):
        st.query_params["ansicht"] = "praesentation"
        st.rerun()
    downloads()


def agenda() -> None:
    """The plan as one Markdown list: seven rows of widgets took the browser ~150 ms to mount."""
    lines = [
        f"{number}. **{sections[item.key].title}** · {item.minutes} min"
        for number, item in enumerate(plan.active(), start=1)
    ]
    if skipped := [sections[item.key].title for item in plan.items if item.skipped]:
        lines.append(f"\n{t('workshop.skipped_list', titles=', '.join(skipped))}")
    st.markdown("\n".join(lines))


def edit_row(item: workshop.PlanItem) -> None:
    with st.container(border=True):
        name, minutes, skip, up, down = st.columns([5, 2, 2, 1, 1], vertical_alignment="bottom")
        name.markdown(f"**{sections[item.key].title}**")
        new_minutes = minutes.number_input(
            t("workshop.minutes"), 1, 60, item.minutes, key=f"minutes_{item.key}"
        )
        new_skip = skip.checkbox(t("workshop.skip"), item.skipped, key=f"skip_{item.key}")
        if (new_minutes, new_skip) != (item.minutes, item.skipped):
            try:
                save(workshop.set_section(plan, item.key, minutes=new_minutes, skipped=new_skip))
            except workshop.WorkshopError as exc:
                show_error(t(str(exc)))
        if up.button("↑", key=f"up_{item.key}", help=t("workshop.move_up")):
            save(workshop.move(plan, item.key, -1))
        if down.button("↓", key=f"down_{item.key}", help=t("workshop.move_down")):
            save(workshop.move(plan, item.key, 1))


def downloads() -> None:
    st.subheader(t("workshop.handout"))
    agreements = workshop.open_agreements(engine(), user.team_id)
    outline = workshop.handout(lang(), plan, agreements, takeaways(user))
    pdf, markdown = st.columns(2)
    pdf_file, markdown_file = handout_files(outline)
    pdf.download_button(
        t("workshop.handout_pdf"),
        pdf_file,
        "funkstille-workshop.pdf",
        mime="application/pdf",
        key="handout_pdf",
    )
    markdown.download_button(
        t("workshop.handout_md"),
        markdown_file,
        "funkstille-workshop.md",
        mime="text/markdown",
        key="handout_md",
    )


show_presentation() if presenting else show_planner()
