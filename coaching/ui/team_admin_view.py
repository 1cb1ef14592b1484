"""Widgets of the team page: people, invitations, the actions with their confirmation, the log."""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from coaching import exporting, settings, team_admin
from coaching.accounts import ROLES, AccountError
from coaching.formatting import day
from coaching.store.accounts import User
from coaching.store.team_admin import Invitation, Person
from coaching.ui.i18n import lang, t
from coaching.ui.pages import TEAM_ADMIN_PATH
from coaching.ui.session import engine
from coaching.ui.widgets import csv_download, opened, show_error, table

PENDING_KEY = "team_admin_pending"
FLASH_KEY = "team_admin_flash"
LINK_KEY = "team_admin_link"
AUDIT_OPEN = "team_admin_audit_open"


@dataclass(frozen=True)
class Pending:
    """An action waiting for the manager's confirmation, with the version of the person seen."""

    action: str
    name: str
    user_id: int | None = None
    seen: int | None = None
    role: str = ""
    email: str = ""
    mode: str = ""  # sign-in settings: mode and allowed domains
    domains: str = ""


def flash() -> None:
    """The outcome of the last confirmed action, and a link to copy when one was issued."""
    kind, message = st.session_state.pop(FLASH_KEY, (None, None))
    if kind == "error":
        show_error(message)
    elif kind == "success":
        st.success(message, icon=":material/check_circle:")
    if link := st.session_state.get(LINK_KEY):
        intro_key, name, url, subject, body, delivery = link
        with st.container(border=True, key="issued_link"):
            st.markdown(t(intro_key, name=name, days=team_admin.LINK_LIFETIME.days))
            if delivery == "sent":
                st.success(t("admin.mail_sent"), icon=":material/mail:")
            elif delivery != "off":
                st.warning(t("admin.mail_failed", reason=delivery), icon=":material/mail:")
            st.code(url, language=None, wrap_lines=True)
            with st.expander(t("admin.mail_preview")):
                st.text(f"{subject}\n\n{body}")


def people_table(people: list[Person]) -> None:
    st.subheader(t("admin.people_title"))
    rows = [
        {
            t("admin.col.name"): p.name,
            t("admin.col.email"): p.email,
            t("admin.col.role"): t(f"profile.role_{p.role}"),
            t("admin.col.last_sign_in"): _when(p.last_sign_in_at),
            t("admin.col.status"): t(
                "admin.status_active" if p.active else "admin.status_inactive"
            ),
        }
        for p in people
    ]
    table(pd.DataFrame(rows), alt=t("admin.people_title"))


def invitations_list(invitations: list[Invitation]) -> None:
    st.subheader(t("admin.invitations_title"))
    if not invitations:
        st.caption(t("admin.no_invitations"))
    for inv in invitations:
        role = t(f"profile.role_{inv.role}")
        until = day(inv.expires_at.date(), lang())
        st.markdown(
            t("admin.invitation_row", name=inv.name, email=inv.email, role=role, until=until)
        )


def invite_form() -> None:
    with st.form("team_invite", border=True):
        st.subheader(t("admin.invite_title"))
        name = st.text_input(t("admin.invite_name"), key="invite_name")
        email = st.text_input(t("admin.invite_email"), key="invite_email")
        role = st.selectbox(t("admin.invite_role"), ROLES, format_func=_role, key="invite_role")
        if st.form_submit_button(t("admin.invite_submit"), type="primary", key="invite_submit"):
            _ask(Pending("invite", name.strip(), role=role, email=email.strip()))


def person_actions(user: User, people: list[Person]) -> None:
    st.subheader(t("admin.actions_title"))
    ids = [p.id for p in people]
    by_id = {p.id: p for p in people}
    picked = st.selectbox(
        t("admin.person_pick"),
        ids,
        format_func=lambda i: f"{by_id[i].name} · {by_id[i].email}",
        key="admin_person",
    )
    person = by_id.get(picked)
    if person is None:
        return
    other_role = "member" if person.role == "manager" else "manager"
    cols = st.columns(4)
    buttons = [
        ("role", ":material/swap_horiz:", other_role),
        ("reset", ":material/key:", ""),
        ("reactivate" if not person.active else "deactivate", ":material/block:", ""),
        ("remove", ":material/person_remove:", ""),
    ]
    for col, (action, icon, role) in zip(cols, buttons, strict=True):
        if col.button(t(f"admin.button.{action}"), icon=icon, key=f"admin_{action}"):
            _ask(Pending(action, person.name, person.id, person.row_version, role))


def confirmation(user: User) -> None:
    """The question for the action asked for above; last on the page, after every button."""
    if pending := st.session_state.get(PENDING_KEY):
        dialog = st.dialog(t("admin.confirm_title"), on_dismiss=_close)
        dialog(_confirm)(user, pending)


def audit_section(user: User) -> None:
    """The log of changes, drawn when opened: a log is looked up, and its grid took the browser
    ~400 ms on every visit."""
    box = opened(t("admin.audit_title"), AUDIT_OPEN, icon=":material/receipt_long:")
    if box is None:
        return
    with box:
        _audit(user)


def _audit(user: User) -> None:
    st.caption(t("admin.audit_intro"))
    log = team_admin.audit_table(engine(), user)
    if log.empty:
        st.caption(t("admin.no_audit"))
        return
    log["action"] = [t(f"admin.action.{a}") for a in log["action"]]
    log["detail"] = [_detail(d) for d in log["detail"]]
    log["at"] = log["at"].dt.strftime("%Y-%m-%d %H:%M")
    readable = log.rename(columns={c: t(f"admin.audit_col.{c}") for c in log.columns})
    st.dataframe(readable, hide_index=True, width="stretch", key="team_audit")
    data = exporting.to_csv(readable, lang())
    csv_download(t("admin.audit_download"), data, "funkstille-protokoll.csv", "audit_download")


def sign_in_settings(user: User, configured: bool) -> None:
    """SSO beside or instead of passwords, and the domains admitted on first company sign-in."""
    st.subheader(t("admin.sso_title"))
    if not configured:
        st.caption(t("admin.sso_not_configured"))
        return
    st.caption(t("admin.sso_intro"))
    mode, domains = team_admin.sign_in_settings(engine(), user.team_id)
    with st.form("team_sign_in"):
        new_mode = st.radio(
            t("admin.sso_mode"),
            team_admin.SIGN_IN_MODES,
            index=team_admin.SIGN_IN_MODES.index(mode),
            format_func=lambda m: t(f"admin.mode.{m}"),
            key="sso_mode",
        )
        new_domains = st.text_input(
            t("admin.sso_domains"),
            ", ".join(domains),
            help=t("admin.sso_domains_help"),
            key="sso_domains",
        )
        if st.form_submit_button(t("admin.sso_save"), key="sso_save"):
            _ask(Pending("settings", user.name, mode=new_mode, domains=new_domains))


def _confirm(user: User, pending: Pending) -> None:
    role = t(f"admin.mode.{pending.mode}") if pending.mode else ""
    role = role or (_role(pending.role) if pending.role else "")
    st.markdown(
        t(f"admin.confirm.{pending.action}", name=pending.name, role=role, email=pending.email)
    )
    left, right = st.columns(2)
    if left.button(t("admin.confirm_button"), type="primary", key="admin_confirm"):
        try:
            _run(user, pending)
        except AccountError as exc:
            st.session_state[FLASH_KEY] = ("error", t(exc.key, **exc.values))
        else:
            st.session_state[FLASH_KEY] = (
                "success",
                t(f"admin.done.{pending.action}", name=pending.name),
            )
        _close()
        st.rerun()
    if right.button(t("admin.cancel"), key="admin_cancel"):
        _close()
        st.rerun()


def _run(user: User, p: Pending) -> None:
    """One domain call per action; a link issued is kept to show (and copy) after the rerun."""
    eng = engine()
    if p.action == "invite":
        link = team_admin.invite(
            eng, user, email=p.email, name=p.name, role=p.role, base_url=_base_url(), lang=lang()
        )
        _keep_link("admin.link_ready", p.name, link)
    elif p.action == "role":
        team_admin.change_role(eng, user, p.user_id, p.role, p.seen)
    elif p.action == "reset":
        link = team_admin.issue_password_reset(eng, user, p.user_id, p.seen, _base_url(), lang())
        _keep_link("admin.reset_ready", p.name, link)
    elif p.action in ("deactivate", "reactivate"):
        team_admin.set_active(eng, user, p.user_id, p.action == "reactivate", p.seen)
    elif p.action == "remove":
        team_admin.remove_person(eng, user, p.user_id, p.seen)
    elif p.action == "settings":
        team_admin.save_sign_in_settings(eng, user, p.mode, p.domains)


def _keep_link(intro_key: str, name: str, link: team_admin.IssuedLink) -> None:
    st.session_state[LINK_KEY] = (
        intro_key,
        name,
        link.url,
        link.message.subject,
        link.message.body,
        link.delivery,
    )


def _ask(pending: Pending) -> None:
    st.session_state.pop(LINK_KEY, None)
    st.session_state[PENDING_KEY] = pending


def _close() -> None:
    st.session_state.pop(PENDING_KEY, None)


def _base_url() -> str:
    """The app's root as this manager opened it (this page's own path cut off), else the setting."""
    here = (st.context.url or "").rstrip("/")
    return here.removesuffix(f"/{TEAM_ADMIN_PATH}") or settings.public_url()


def _detail(detail: str) -> str:
    if detail in ROLES:
        return _role(detail)
    return t(f"admin.mode.{detail}") if detail in team_admin.SIGN_IN_MODES else detail


def _role(role: str) -> str:
    return t(f"profile.role_{role}")


def _when(moment) -> str:
    return day(moment.date(), lang()) if moment else t("admin.never")
