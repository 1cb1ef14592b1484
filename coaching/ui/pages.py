"""The pages of the app, grouped by use; a new page is one line here plus its file in pages/.

A page file's name must differ from its url_path: Streamlit treats a pages/ folder as an old-style
multipage app until st.navigation runs, and would then run a same-named page without app.py (and
so without the sign-in gate).
"""

from dataclasses import dataclass

import streamlit as st

from coaching.store.accounts import User
from coaching.ui import doors
from coaching.ui.i18n import lang, t


@dataclass(frozen=True)
class PageSpec:
    script: str
    url_path: str
    title_key: str
    icon: str
    group_key: str = ""  # "" puts the page above all groups
    managers_only: bool = False

    @property
    def is_default(self) -> bool:
        return self.url_path == "start"

    @property
    def href(self) -> str:
        """The address a workshop can bookmark; the start page is served at the root."""
        return "/" if self.is_default else f"/{self.url_path}"


TEAM_ADMIN_PATH = "team-verwalten"  # links issued there are cut back to the app root
_BUILT_KEY = "navigation_pages"

GROUPS = [
    "",
    "app.nav.group.workshop",
    "app.nav.group.sales",
    "app.nav.group.team",
    "app.nav.group.data",
    "app.nav.group.account",
]

PAGES = [
    PageSpec(
        "pages/home.py",
        "start",
        "app.nav.start",
        ":material/home:",
    ),
    PageSpec(
        "pages/workshop_session.py",
        "workshop",
        "app.nav.workshop",
        ":material/co_present:",
        "app.nav.group.workshop",
    ),
    PageSpec(
        "pages/lead_exercise.py",
        "lead-uebung",
        "app.nav.lead_exercise",
        ":material/school:",
        "app.nav.group.workshop",
    ),
    PageSpec(
        "pages/roleplay.py",
        "rollenspiel",
        "app.nav.roleplay",
        ":material/theater_comedy:",
        "app.nav.group.workshop",
    ),
    PageSpec(
        "pages/lead_check.py",
        "lead-check",
        "app.nav.lead_check",
        ":material/fact_check:",
        "app.nav.group.sales",
    ),
    PageSpec(
        "pages/follow_up.py",
        "nachfassen",
        "app.nav.follow_up",
        ":material/forward_to_inbox:",
        "app.nav.group.sales",
    ),
    PageSpec(
        "pages/crisis_talk.py",
        "krisengespraech",
        "app.nav.crisis_talk",
        ":material/support_agent:",
        "app.nav.group.sales",
    ),
    PageSpec(
        "pages/retrospective.py",
        "rueckblick",
        "app.nav.review",
        ":material/history_edu:",
        "app.nav.group.sales",
    ),
    PageSpec(
        "pages/customer_radar.py",
        "kundenradar",
        "app.nav.customer_radar",
        ":material/radar:",
        "app.nav.group.sales",
    ),
    PageSpec(
        "pages/pulse.py",
        "puls",
        "app.nav.pulse",
        ":material/favorite:",
        "app.nav.group.team",
    ),
    PageSpec(
        "pages/reasons.py",
        "gruende",
        "app.nav.reasons",
        ":material/insights:",
        "app.nav.group.team",
    ),
    PageSpec(
        "pages/team_overview.py",
        "team",
        "app.nav.team_overview",
        ":material/groups:",
        "app.nav.group.team",
        managers_only=True,
    ),
    PageSpec(
        "pages/team_admin.py",
        TEAM_ADMIN_PATH,
        "app.nav.team_admin",
        ":material/manage_accounts:",
        "app.nav.group.team",
        managers_only=True,
    ),
    PageSpec(
        "pages/transparency.py",
        "transparenz",
        "app.nav.transparency",
        ":material/visibility:",
        "app.nav.group.team",
    ),
    PageSpec(
        "pages/data_io.py",
        "daten",
        "app.nav.data",
        ":material/database:",
        "app.nav.group.data",
    ),
    PageSpec(
        "pages/profile.py",
        "profil",
        "app.nav.profile",
        ":material/person:",
        "app.nav.group.account",
    ),
]


def navigation(user: User | None) -> dict[str, list[st.Page]]:
    """The pages this person may open, by group label; managers' pages only for managers.

    Everyone else's navigation still holds each manager page's address, hidden, answered by a
    notice instead of the page; an unknown address gets its own hidden notice. So neither ends
    in Streamlit's English "Page not found" (signed out, the sign-in screen shows instead).
    Built once per browser session, person, role, language and address (st.Page checks each
    file on disk, ~5 ms a run); never shared between sessions, since st.navigation marks the
    chosen Page object itself.
    """
    address = doors.requested_address()
    unknown = address if address not in {p.url_path for p in PAGES} else None
    wanted = (lang(), user and (user.id, user.is_manager), unknown)
    built = st.session_state.get(_BUILT_KEY)
    if built is None or built[0] != wanted:
        built = (wanted, _grouped(user, unknown))
        st.session_state[_BUILT_KEY] = built
    return built[1]


def _grouped(user: User | None, unknown: str | None) -> dict[str, list[st.Page]]:
    grouped: dict[str, list[st.Page]] = {}
    for group in GROUPS:
        members = [_page(p, user) for p in PAGES if p.group_key == group]
        if members:
            grouped[t(group) if group else ""] = members
    if unknown:
        notice = st.Page(
            doors.unknown_address,
            title=t("app.door.not_found_title"),
            url_path=unknown,
            visibility="hidden",
        )
        grouped.setdefault("", []).append(notice)
    return grouped


def _may_open(spec: PageSpec, user: User | None) -> bool:
    return not spec.managers_only or bool(user and user.is_manager)


def _page(spec: PageSpec, user: User | None) -> st.Page:
    if not _may_open(spec, user):
        return st.Page(
            doors.managers_only,
            title=t(spec.title_key),
            icon=spec.icon,
            url_path=spec.url_path,
            visibility="hidden",
        )
    return st.Page(
        spec.script,
        title=t(spec.title_key),
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec.is_default,
    )
