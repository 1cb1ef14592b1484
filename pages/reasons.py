"""Gründe & Trends: why the team's deals went silent or were lost; totals only, for every member."""

import streamlit as st

from coaching import insights
from coaching.ui import engine, lang, require_user, t
from coaching.ui.team_insights import DrawnView, drawn_view, team_insights
from coaching.ui.widgets import csv_download, empty_state, opened, page_header, plot

PRESENTER_PARAM = "praesentation"


@st.fragment
def chart_section(team_id: int, min_size: int, presenter: bool) -> None:
    """Filters and charts: a filter change reruns only this part of the page."""
    period, source, band = st.columns(3)
    filters = insights.Filters(
        pick(period, "period", insights.PERIODS, default=1),
        pick(source, "source", insights.SOURCES),
        pick(band, "band", insights.BANDS),
    )
    drawn = drawn_view(team_id, filters, min_size, presenter)
    view = drawn.view
    if view.withheld:
        st.warning(
            t("insights.withheld", people=view.people, minimum=min_size), icon=":material/lock:"
        )
        return
    if view.empty:
        st.info(t("insights.takeaway.empty"), icon=":material/info:")
        return
    if view.small:
        st.info(t("insights.small", count=view.insights.cases), icon=":material/info:")
    if presenter:
        show_slide(drawn, [panel for panel in drawn.panels if not panel.empty])
        return
    st.caption(t("insights.findings_hint"))
    shown = [panel for panel in drawn.panels if not panel.empty]
    for panel in shown:
        show_finding(drawn, panel)
    for panel in drawn.panels:
        if panel.empty:
            show_empty(panel)


def pick(column, name: str, keys: tuple[str, ...], default: int = 0) -> str:
    """One filter select box; its words are looked up here, while the script runs."""
    labels = {key: t(f"insights.{name}.{key}") for key in keys}
    return column.selectbox(
        t(f"insights.filters.{name}"),
        keys,
        index=default,
        format_func=labels.get,
        key=f"reasons_{name}",
    )


def show_slide(drawn: DrawnView, shown: list[insights.Panel]) -> None:
    """One chart at a time in large type, with previous and next (charts without data skipped)."""
    total = len(shown)
    if not total:
        st.info(t("insights.takeaway.empty"), icon=":material/info:")
        return
    index = st.session_state.setdefault("reasons_slide", 0) % total
    back, where, forward = st.columns([1, 4, 1])
    if back.button(t("insights.previous"), key="reasons_previous", icon=":material/arrow_back:"):
        index = (index - 1) % total
    if forward.button(t("insights.next"), key="reasons_next", icon=":material/arrow_forward:"):
        index = (index + 1) % total
    st.session_state["reasons_slide"] = index
    where.caption(t("insights.position", n=index + 1, total=total))
    show_panel(drawn, shown[index])


def show_finding(drawn: DrawnView, panel: insights.Panel) -> None:
    """A finding in one sentence; its chart is drawn when opened (ten charts at once took the
    browser seconds to mount, one ~150 ms). The presenter view shows one chart at a time."""
    key = panel.chart
    box = opened(panel.takeaway, f"reasons_open_{key}", icon=":material/bar_chart:")
    if box is None:
        return
    with box:
        chart_and_data(drawn, key, "chart")


def show_empty(panel: insights.Panel) -> None:
    with st.container(border=True):
        st.markdown(f"**{t(f'insights.chart.{panel.chart}')}**")
        st.caption(t(f"insights.chart_empty.{panel.chart}"))


def show_panel(drawn: DrawnView, panel: insights.Panel) -> None:
    """One chart as a slide, in large type."""
    key = panel.chart
    st.subheader(panel.takeaway)
    chart_and_data(drawn, key, "slide")


def chart_and_data(drawn: DrawnView, key: str, where: str) -> None:
    plot(drawn.figures[key], f"{where}_{key}")
    csv_download(t("insights.csv"), drawn.exports[key], f"gruende_{key}.csv", f"csv_{key}")


def mapping_section(user) -> None:
    """CRM labels not yet mapped: managers confirm or change the suggestion; members are told."""
    open_labels = insights.open_labels(engine(), user.team_id)
    if saved := st.session_state.pop("reasons_mapping_saved", None):
        st.success(t("insights.mapping.saved", count=saved), icon=":material/check:")
    if not open_labels:
        return
    if not user.is_manager:
        st.caption(t("insights.mapping.members_note", count=len(open_labels)))
        return
    st.subheader(t("insights.mapping.title"))
    st.caption(t("insights.mapping.intro"))
    names = {None: t("insights.mapping.none")}
    names |= {key: insights.reason_label(key, lang()) for key in insights.reason_keys()}
    options = list(names)
    with st.form("reasons_mapping"):
        for label, count in open_labels:
            suggestion = insights.suggest_reason(label)
            st.selectbox(
                t("insights.mapping.label", label=label, count=count),
                options,
                index=options.index(suggestion),
                format_func=names.get,
                key=insights.label_key(label),
            )
        submitted = st.form_submit_button(t("insights.mapping.save"), key="reasons_map_save")
    if submitted:
        chosen = {label: st.session_state[insights.label_key(label)] for label, _ in open_labels}
        saved = insights.save_mappings(engine(), user, chosen)
        if not saved:
            st.info(t("insights.mapping.nothing"))
            return
        st.session_state["reasons_mapping_saved"] = saved
        st.rerun()


user = require_user()
bookmarked = st.query_params.get(PRESENTER_PARAM) == "1"
presenting = st.session_state.get("reasons_presenter", bookmarked)
page_header(t("insights.title"), None if presenting else t("insights.intro"))
min_size = insights.min_group(engine(), user.team_id)
data = team_insights(user.team_id)
presenter = st.toggle(
    t("insights.presenter"),
    value=bookmarked,
    help=t("insights.presenter_help"),
    key="reasons_presenter",
)
if presenter:
    st.query_params[PRESENTER_PARAM] = "1"
elif PRESENTER_PARAM in st.query_params:
    del st.query_params[PRESENTER_PARAM]

if data.empty:
    empty_state(t("insights.empty_title"), t("insights.empty_body"))
else:
    chart_section(user.team_id, min_size, presenter)
if not presenter:
    mapping_section(user)
