"""Sections of the Lead-Check pages: lead form, list, checklist, assessment, offer and closing."""

from datetime import date

import pandas as pd
import streamlit as st

from coaching import formatting, lead_lifecycle, leads, qualification
from coaching.content import catalog
from coaching.content.checklists import ANSWERS, ChecklistFile
from coaching.lead_lifecycle import LeadError
from coaching.leads import LeadForm
from coaching.pipeline import CLOSED, COMMITMENTS, SILENCE_BEGAN, STAGES
from coaching.qualification import Assessment
from coaching.store.accounts import User
from coaching.store.leads import Lead
from coaching.ui import widgets
from coaching.ui.i18n import date_format, lang, literal, t
from coaching.ui.lead_widgets import event_log, gone_notice
from coaching.ui.session import engine
from coaching.ui.widgets import show_problems

RISK_COLOUR = {"low": "green", "medium": "orange", "high": "red"}
SELECTED = "lead_select"
FLASH = "lead_flash"
NEW_OPEN = "lead_new_open"  # the new-lead expander, open or not
TAB = "lead_tab"  # the chosen lead's open tab, by its label
OVERVIEW_OPEN = "lead_overview_open"


def flash(message: str) -> None:
    """A confirmation that survives the rerun after a change."""
    widgets.flash(FLASH, message)


def show_flash() -> bool:
    return widgets.show_flash(FLASH)


def forget_lead() -> None:
    """A new search is a new list: the lead chosen in the old one has not gone anywhere."""
    st.session_state.pop(SELECTED, None)


def lead_gone(team_id: int, listed: set[int]) -> bool:
    """Say so when the chosen lead left the list meanwhile (a colleague closed or changed it)."""
    return gone_notice(SELECTED, listed, team_id, "lead_check.lead_gone")


def lead_form(user: User, prefix: str, lead: Lead | None = None) -> LeadForm | None:
    """The create/edit form; returns what was typed once the person submits it."""
    members = leads.team_members(engine(), user.team_id)
    stages = [s for s in STAGES if s != "offer_sent" or (lead and lead.stage == s)]
    with st.form(f"{prefix}_form", clear_on_submit=lead is None):
        left, right = st.columns(2)
        company = left.text_input(
            t("lead_check.field.company"), _v(lead, "company"), key=f"{prefix}_company"
        )
        contact = right.text_input(
            t("lead_check.field.contact"), _v(lead, "contact_name"), key=f"{prefix}_contact"
        )
        salutation = left.text_input(
            t("lead_check.field.salutation"),
            _v(lead, "salutation"),
            help=t("lead_check.field.salutation_help"),
            key=f"{prefix}_salutation",
        )
        email = right.text_input(
            t("lead_check.field.email"), _v(lead, "contact_email"), key=f"{prefix}_email"
        )
        value = left.text_input(
            t("lead_check.field.value"),
            ""
            if lead is None or lead.value_eur is None
            else formatting.number(lead.value_eur, lang(), 2),
            placeholder="12.500",
            key=f"{prefix}_value",
        )
        topic = st.text_input(t("lead_check.field.topic"), _v(lead, "topic"), key=f"{prefix}_topic")
        left, middle, right = st.columns(3)
        stage = left.selectbox(
            t("lead_check.field.stage"),
            stages,
            index=stages.index(lead.stage) if lead else 0,
            format_func=lambda s: t(f"pipeline.stage.{s}"),
            key=f"{prefix}_stage",
        )
        owner_ids = list(members)
        owner = middle.selectbox(
            t("lead_check.field.owner"),
            owner_ids,
            index=owner_ids.index(lead.owner_id if lead and lead.owner_id in members else user.id),
            format_func=members.get,
            key=f"{prefix}_owner",
        )
        commitment = right.radio(
            t("lead_check.field.commitment"),
            COMMITMENTS,
            index=COMMITMENTS.index(lead.commitment) if lead else 0,
            format_func=lambda c: t(f"pipeline.commitment.{c}"),
            key=f"{prefix}_commitment",
        )
        left, right = st.columns([2, 1])
        next_step = left.text_input(
            t("lead_check.field.next_step"), _v(lead, "next_step"), key=f"{prefix}_next_step"
        )
        next_date = right.date_input(
            t("lead_check.field.next_step_date"),
            value=lead.next_step_date if lead else None,
            format=date_format(),
            key=f"{prefix}_next_step_date",
        )
        order_date = right.date_input(
            t("lead_check.field.order_date"),
            value=lead.order_date if lead else None,
            format="DD.MM.YYYY",
            help=t("lead_check.field.order_date_help"),
            key=f"{prefix}_order_date",
        )
        notes = st.text_area(t("lead_check.field.notes"), _v(lead, "notes"), key=f"{prefix}_notes")
        label = t("lead_check.save_lead") if lead else t("lead_check.create")
        if not st.form_submit_button(label, type="primary", key=f"{prefix}_submit"):
            return None
    return LeadForm(
        company=company,
        owner_id=owner,
        contact_name=contact,
        contact_email=email,
        topic=topic,
        value=value,
        stage=stage,
        commitment=commitment,
        next_step=next_step,
        next_step_date=next_date,
        notes=notes,
        salutation=salutation,
        order_date=order_date,
    )


def lead_table(user: User, found: list[Lead]) -> None:
    """The team's leads with owner, stage, value, next step and risk at a glance, when asked
    for: 23 leads took the browser ~280 ms to draw on every visit (one cell ~1.5 ms)."""
    box = widgets.opened(t("lead_check.overview"), OVERVIEW_OPEN, icon=":material/table_rows:")
    if box is None:
        return
    code = lang()
    assessments = qualification.team_assessments(engine(), user.team_id, code, user.address)
    checked = [assessments.get(lead.id) for lead in found]
    unchecked = t("lead_check.not_checked")
    columns = {
        "company": [lead.company for lead in found],
        "owner": [lead.owner_name or "–" for lead in found],
        "stage": [t(f"pipeline.stage.{lead.stage}") for lead in found],
        "status": [t(f"pipeline.status.{lead.status}") for lead in found],
        "value": [formatting.money(lead.value_eur, code) for lead in found],
        "next_step": [formatting.day(lead.next_step_date, code) for lead in found],
        "score": pd.array([a.score if a else None for a in checked], dtype="Int64"),
        "risk": [t(f"lead_check.risk.{a.risk}") if a else unchecked for a in checked],
    }
    frame = pd.DataFrame({t(f"lead_check.column.{key}"): v for key, v in columns.items()})
    with box:
        widgets.table(frame, alt=t("lead_check.table_alt"))


def checklist_section(user: User, lead: Lead) -> None:
    """The checklist for one lead: answers with notes, then score, risk and next questions."""
    history = qualification.answer_history(engine(), user.team_id, lead.id)
    lists = qualification.checklists(lang())
    stored, _ = qualification.current_answers(history)
    names = list(lists)
    chosen = st.selectbox(
        t("lead_check.checklist"),
        names,
        index=names.index(stored) if stored in names else 0,
        format_func=lambda k: lists[k].label,
        key=f"checklist_{lead.id}",
    )
    _, current = qualification.current_answers(history, chosen)
    checklist = lists[chosen]
    st.caption(literal(checklist.description))
    with st.form(f"answers_{lead.id}_{chosen}"):
        submitted = answer_widgets(checklist, current, f"ans_{lead.id}_{chosen}", notes=True)
        if st.form_submit_button(
            t("lead_check.save_answers"), type="primary", key=f"save_answers_{lead.id}"
        ):
            count = qualification.save_answers(engine(), user, lead.id, chosen, submitted)
            st.success(
                t("lead_check.answers_saved", count=count) if count else t("lead_check.no_changes")
            )
    answers = {item: pair[0] for item, pair in submitted.items()}
    risk_rules = qualification.rules(lang()).risk
    show_assessment(qualification.assess(chosen, checklist, answers, risk_rules, user.address))


def answer_widgets(
    checklist: ChecklistFile, current: dict, prefix: str, notes: bool
) -> dict[str, tuple[str, str | None]]:
    submitted = {}
    for key, item in checklist.items.items():
        answer, note = current.get(key, ("unknown", None))
        left, right = st.columns([3, 2]) if notes else (st.container(), None)
        choice = left.radio(
            item.question,
            ANSWERS,
            index=ANSWERS.index(answer),
            format_func=lambda a: t(f"lead_check.answer.{a}"),
            horizontal=True,
            help=item.help,
            key=f"{prefix}_{key}",
        )
        text = (
            right.text_input(t("lead_check.note"), note or "", key=f"{prefix}_{key}_note")
            if right
            else None
        )
        submitted[key] = (choice, text)
    return submitted


def show_assessment(assessment: Assessment, title_key: str = "lead_check.assessment") -> None:
    """Score and risk, with the reasons in words and the next question for each gap."""
    st.subheader(t(title_key))
    left, right = st.columns(2)
    left.metric(t("lead_check.score"), f"{assessment.score} / 100")
    colour = RISK_COLOUR[assessment.risk]
    level = t(f"lead_check.risk.{assessment.risk}")
    right.markdown(f"{t('lead_check.risk_label')}  \n:{colour}-badge[{level}]")
    st.caption(t("lead_check.answered", answered=assessment.answered, total=assessment.total))
    if assessment.reasons:
        st.markdown(t("lead_check.reasons"))
        st.markdown("\n".join(f"- {literal(reason)}" for reason in assessment.reasons))
    else:
        st.success(t("lead_check.no_reasons"))
    if assessment.gaps:
        st.markdown(t("lead_check.next_questions"))
        for gap in assessment.gaps:
            answer = t(f"lead_check.answer.{gap.answer}")
            st.markdown(f"- **{literal(gap.label)}** ({answer}): {literal(gap.question)}")


def commitment_section(user: User, lead: Lead) -> None:
    """Offer sent (with the follow-up appointment), handshake warning, closing and reopening."""
    today = leads.today()
    rules = qualification.rules(lang())
    events = leads.events(engine(), user.team_id, lead.id)
    if lead.status in CLOSED:
        st.info(t("lead_check.closed_as", status=t(f"pipeline.status.{lead.status}")))
        if st.button(t("lead_check.reopen"), key="reopen_lead"):
            try:
                lead_lifecycle.reopen(engine(), user, lead.id)
                st.rerun()
            except LeadError as error:
                show_problems(error)
        return
    days = leads.handshake_overdue(lead, events, today)
    if days is not None:
        st.warning(t("lead_check.handshake_overdue", days=days), icon=":material/handshake:")
        st.markdown(literal(rules.handshake_next_step))
    if leads.offer_without_next_step(lead):
        st.warning(t("lead_check.offer_without_step"), icon=":material/event_busy:")
        st.markdown(literal(rules.offer_without_step_next_step))
    if lead.stage in ("first_contact", "qualifying", "offer_sent"):
        offer_form(user, lead, today, rules.offer_next_step)
    close_form(user, lead)


def offer_form(user: User, lead: Lead, today: date, default_step: str) -> None:
    with st.form(f"offer_{lead.id}"):
        st.subheader(t("lead_check.offer_title"))
        st.caption(t("lead_check.offer_intro"))
        left, middle, right = st.columns([1, 2, 1])
        offer_date = left.date_input(
            t("lead_check.offer_date"), today, format=date_format(), key=f"offer_date_{lead.id}"
        )
        step = middle.text_input(
            t("lead_check.follow_up_step"), default_step, key=f"offer_next_step_{lead.id}"
        )
        follow_up = right.date_input(
            t("lead_check.follow_up_date"),
            leads.follow_up_default(today),
            format=date_format(),
            help=t("lead_check.follow_up_help"),
            key=f"offer_follow_up_{lead.id}",
        )
        if st.form_submit_button(
            t("lead_check.offer_submit"), type="primary", key=f"offer_submit_{lead.id}"
        ):
            try:
                leads.mark_offer_sent(
                    engine(),
                    user,
                    lead.id,
                    offer_date=offer_date,
                    next_step=step,
                    next_step_date=follow_up,
                )
                flash(t("lead_check.offer_saved", day=formatting.day(follow_up, lang())))
                st.rerun()
            except LeadError as error:
                show_problems(error)


def close_form(user: User, lead: Lead) -> None:
    reasons = catalog(lang()).doc("reasons").reasons
    with st.form(f"close_{lead.id}"):
        st.subheader(t("lead_check.close_title"))
        status = st.radio(
            t("lead_check.close_status"),
            CLOSED,
            format_func=lambda s: t(f"pipeline.status.{s}"),
            horizontal=True,
            key=f"close_status_{lead.id}",
        )
        left, right = st.columns(2)
        reason = left.selectbox(
            t("lead_check.close_reason"),
            list(reasons),
            index=None,
            format_func=lambda k: reasons[k].label,
            key=f"close_reason_{lead.id}",
        )
        began = right.selectbox(
            t("lead_check.silence_began"),
            SILENCE_BEGAN,
            index=None,
            format_func=lambda k: t(f"lead_check.silence.{k}"),
            key=f"close_silence_{lead.id}",
        )
        last = left.date_input(
            t("lead_check.last_message"),
            None,
            format=date_format(),
            key=f"close_last_message_{lead.id}",
        )
        note = right.text_input(t("lead_check.close_note"), key=f"close_note_{lead.id}")
        if st.form_submit_button(t("lead_check.close_submit"), key=f"close_submit_{lead.id}"):
            try:
                lead_lifecycle.close(
                    engine(),
                    user,
                    lead.id,
                    status=status,
                    reason=reason,
                    silence_began=began,
                    last_customer_message=last,
                    note=note,
                )
                flash(t("lead_check.closed", company=lead.company))
                st.rerun()
            except LeadError as error:
                show_problems(error)


def edit_section(user: User, lead: Lead) -> None:
    form = lead_form(user, f"edit_{lead.id}", lead)
    if form is None:
        return
    try:
        if leads.edit_lead(engine(), user, lead.id, form):
            flash(t("lead_check.saved"))
            st.rerun()
        st.info(t("lead_check.no_changes"))
    except LeadError as error:
        show_problems(error)


def history_section(user: User, lead: Lead) -> None:
    """What was known when: every answer change and every event, with author and time."""
    code = lang()
    lists = qualification.checklists(code)
    history = qualification.answer_history(engine(), user.team_id, lead.id)
    if history:
        st.markdown(t("lead_check.answer_history"))
        rows = [
            {
                t("lead_check.column.when"): _when(a.at, code),
                t("lead_check.column.author"): a.author_name or "–",
                t("lead_check.column.question"): _question(lists, a.checklist, a.item),
                t("lead_check.column.answer"): t(f"lead_check.answer.{a.answer}"),
                t("lead_check.column.note"): a.note or "",
            }
            for a in reversed(history)
        ]
        widgets.table(pd.DataFrame(rows), alt=t("lead_check.answer_history_alt"))
    event_log(leads.events(engine(), user.team_id, lead.id), "lead_check.event_history")


def _question(lists: dict[str, ChecklistFile], checklist: str, item: str) -> str:
    found = lists.get(checklist)
    return found.items[item].question if found and item in found.items else item


def _when(at, code: str) -> str:
    return f"{formatting.day(at.date(), code)} {at:%H:%M}"


def _v(lead: Lead | None, name: str) -> str:
    return (getattr(lead, name) or "") if lead else ""


# The chosen lead's tabs in order, by the key of their label, and what each one shows
TAB_SECTIONS = {
    "checklist": checklist_section,
    "commitment": commitment_section,
    "edit": edit_section,
    "history": history_section,
}
