"""The Daten page's sections: import with preview and mapping, export, backup, erasure."""

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import DeletedFile

from coaching import data_export, importing
from coaching.erasure import ErasureRefused, erase_account
from coaching.exporting import to_csv
from coaching.formatting import day, money
from coaching.importing import FIELDS, KINDS, MODES, REQUIRED, SOURCES, ImportRefused
from coaching.importing.checking import DATE_FIELDS
from coaching.store.accounts import User
from coaching.ui.i18n import lang, t
from coaching.ui.session import engine, forget
from coaching.ui.sign_in import ERASED_KEY, SIGNED_OUT_KEY
from coaching.ui.widgets import show_error

UPLOADER_KEY = "import_file"
TABLE_KEY = "import_table"  # ((file id, header line), RawTable | ImportRefused)
HEADER_LINE_KEY = "import_header_choice"  # (file id, line) the person chose for the header
CHECKED_KEY = "import_checked"  # (scope, Checked)
SCOPE_KEY = "import_scope"
GENERATION_KEY = "import_mapping_generation"
FILE_GENERATION_KEY = "import_file_generation"  # a new file gets a fresh source choice
BACKUP_KEY = "backup_bytes"
ERASE_KEY = "erase_dialog_open"
REJECTED_KEY = "import_rejected_csv"  # (checked, CSV bytes) of the rejected rows
EXPORT_KEY = "export_bytes"  # (format, content, suffix, mime) of the last prepared export
IMPORTED_KEY = "import_finished"  # (ok, message) of the import that just ended, shown once


def import_section(user: User) -> None:
    kind = st.radio(
        t("data.kind_label"), KINDS, format_func=lambda k: t(f"data.kind_{k}"), key="import_kind"
    )
    if finished := st.session_state.pop(IMPORTED_KEY, None):
        ok, message = finished
        (st.success if ok else show_error)(message)
    upload = st.file_uploader(
        t("data.upload_label"),
        help=t("data.upload_help", limit=importing.current_limits().bytes // 1024 // 1024),
        key=UPLOADER_KEY,
    )
    if upload is None or isinstance(upload, DeletedFile):  # DeletedFile: released after import
        return
    table = _read_once(upload.file_id, upload.name, upload.getvalue())
    if table is None:
        return
    st.caption(_file_info(table))
    detected, _ = importing.mapping_for(engine(), user.team_id, kind, table, "auto")
    source = st.selectbox(
        t("data.source_label"),
        SOURCES[kind],
        index=SOURCES[kind].index(detected),
        format_func=lambda s: t(f"data.source.{s}"),
        key=f"import_source_{kind}_{st.session_state.get(FILE_GENERATION_KEY, 0)}",
    )
    _reset_mapping_when_scope_changes((upload.file_id, kind, source))
    source, suggested = importing.mapping_for(engine(), user.team_id, kind, table, source)
    mapping = _mapping_widgets(kind, table.headers, suggested)
    checked = _check_once(table, kind, source, mapping)
    _preview(checked)
    _problems(checked)
    if _run(user, checked):
        _release(upload.file_id)


def export_section(user: User) -> None:
    st.subheader(t("data.export_title"))
    st.caption(t("data.export_intro_manager" if user.is_manager else "data.export_intro_member"))
    fmt = st.radio(
        t("data.export_format"),
        data_export.FORMATS,
        format_func=lambda f: t(f"data.export_formats.{f}"),
        horizontal=True,
        key="export_format",
    )
    if st.button(t("data.export_prepare"), key="export_prepare", icon=":material/inventory_2:"):
        frames = data_export.export_tables(engine(), user)
        st.session_state[EXPORT_KEY] = (fmt, *data_export.export_bytes(frames, fmt, lang()))
    prepared = st.session_state.get(EXPORT_KEY)
    if prepared and prepared[0] == fmt:
        _, content, suffix, mime = prepared
        st.download_button(
            t("data.export_button"),
            content,
            file_name=f"funkstille-export.{suffix}",
            mime=mime,
            icon=":material/download:",
            key="export_download",
        )


def backup_section() -> None:
    st.subheader(t("data.backup_title"))
    if engine().dialect.name != "sqlite":
        st.info(t("data.backup_postgres"))
        return
    st.caption(t("data.backup_intro"))
    if st.button(t("data.backup_button"), key="backup_create", icon=":material/backup:"):
        try:
            st.session_state[BACKUP_KEY] = data_export.sqlite_backup(engine())
        except data_export.BackupFailed as exc:
            show_error(t(exc.key))
    content = st.session_state.get(BACKUP_KEY)
    if content:
        st.success(t("data.backup_ready", size=f"{len(content) / 1024 / 1024:.1f}"))
        st.download_button(
            t("data.backup_download"),
            content,
            file_name="funkstille-backup.db",
            mime="application/vnd.sqlite3",
            key="backup_download",
        )


def erase_section(user: User) -> None:
    st.subheader(t("data.erase_title"))
    st.caption(t("data.erase_intro"))
    if st.button(t("data.erase_button"), key="erase_open", icon=":material/delete_forever:"):
        st.session_state[ERASE_KEY] = True
    if st.session_state.get(ERASE_KEY):
        dialog = st.dialog(t("data.erase_dialog_title"), on_dismiss=_close_erase_dialog)
        dialog(_erase_dialog)(user)


def _close_erase_dialog() -> None:
    st.session_state.pop(ERASE_KEY, None)


def _erase_dialog(user: User) -> None:
    st.caption(t("data.erase_intro"))
    typed = st.text_input(t("data.erase_confirm_label"), key="erase_email")
    if st.button(t("data.erase_confirm_button"), type="primary", key="erase_confirm"):
        try:
            report = erase_account(engine(), user.id, typed, lang())
        except ErasureRefused as exc:
            show_error(t(exc.key))
            return
        _close_erase_dialog()
        forget()
        st.session_state[SIGNED_OUT_KEY] = True
        st.session_state[ERASED_KEY] = report
        st.rerun()


def _read_once(file_id: str, name: str, data: bytes) -> importing.RawTable | None:
    """Parse a file once per upload (and header line); reruns reuse it. A refused file says
    what to do; a title above the header offers to read from the line the header seems on."""
    chosen = st.session_state.get(HEADER_LINE_KEY)
    header_line = chosen[1] if chosen and chosen[0] == file_id else None
    cached = st.session_state.get(TABLE_KEY)
    if cached is None or cached[0] != (file_id, header_line):
        bar = st.progress(0.0, text=t("data.progress_read"))
        try:
            result = importing.read_table(data, name, _progress(bar), header_line=header_line)
        except ImportRefused as exc:
            result = exc
        bar.empty()
        st.session_state[TABLE_KEY] = cached = ((file_id, header_line), result)
        st.session_state[FILE_GENERATION_KEY] = st.session_state.get(FILE_GENERATION_KEY, 0) + 1
        st.session_state.pop(CHECKED_KEY, None)
    refused = cached[1]
    if isinstance(refused, ImportRefused):
        show_error(t(refused.key, **refused.values_in(lang())))
        if refused.key == "data.refused.preamble":
            line = refused.values["line"]
            if st.button(t("data.header_line_button", line=line), key="import_header_line"):
                st.session_state[HEADER_LINE_KEY] = (file_id, line)
                st.rerun()
        st.caption(t("data.nothing_stored"))
        return None
    return refused


def _reset_mapping_when_scope_changes(scope: tuple) -> None:
    """A new file, kind or source gets fresh mapping widgets (keys map_<field>_<generation>)."""
    if st.session_state.get(SCOPE_KEY) != scope:
        st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1
        st.session_state[SCOPE_KEY] = scope


def _mapping_widgets(kind: str, headers: list[str], suggested: dict[str, str]) -> dict[str, str]:
    st.subheader(t("data.mapping_title"))
    required = ", ".join(t(f"data.field.{f}") for f in REQUIRED[kind])
    st.caption(t("data.mapping_intro", required=required))
    options = ["", *headers]
    mapping: dict[str, str] = {}
    columns = st.columns(2)
    for position, field in enumerate(FIELDS[kind]):
        with columns[position % 2]:
            label = t(f"data.field.{field}") + (" *" if field in REQUIRED[kind] else "")
            choice = st.selectbox(
                label,
                options,
                index=options.index(suggested.get(field, "")),
                format_func=lambda h: h or t("data.not_mapped"),
                key=f"map_{field}_{st.session_state.get(GENERATION_KEY, 0)}",
            )
        if choice:
            mapping[field] = choice
    return mapping


def _check_once(table, kind: str, source: str, mapping: dict[str, str]) -> importing.Checked:
    scope = (id(table), kind, source, tuple(sorted(mapping.items())))
    cached = st.session_state.get(CHECKED_KEY)
    if cached is None or cached[0] != scope:
        bar = st.progress(0.0, text=t("data.progress_check"))
        checked = importing.check(table, kind, source, mapping, _progress(bar))
        bar.empty()
        st.session_state[CHECKED_KEY] = cached = (scope, checked)
    return cached[1]


def _preview(checked: importing.Checked) -> None:
    st.subheader(t("data.preview_title"))
    st.caption(t("data.preview_intro"))
    preview = _readable(checked.preview(20), lang())
    preview.columns = [t(f"data.field.{c}") for c in preview.columns]
    st.dataframe(preview, hide_index=True)


def _readable(preview: pd.DataFrame, language: str) -> pd.DataFrame:
    """The preview in the person's words and formats: 12.500,00 €, 03.02.2026, Gewonnen."""
    if preview.empty:
        return preview
    shown = pd.DataFrame({"line": preview.pop("line")})
    for column in preview.columns:
        values = preview[column]
        if column == "amount":
            values = values.map(lambda v: money(v, language, 2) if v is not None else "")
        elif column in DATE_FIELDS:
            values = values.map(lambda v: day(v, language) if v is not None else "")
        elif column == "status":
            values = values.map(lambda v: t(f"pipeline.status.{v}"))
        shown[column] = values.astype(object).where(values.notna(), "")
    return shown


def _problems(checked: importing.Checked) -> None:
    st.subheader(t("data.problems_title"))
    for reason, lines in checked.skipped.items():
        st.info(importing.skipped_text(reason, lines, lang()), icon=":material/skip_next:")
    if not checked.problems:
        st.success(t("data.problems_none"))
        return
    st.warning(t("data.problems_count", count=len(checked.rejected), total=checked.read))
    language = lang()
    listing = pd.DataFrame(
        [
            {
                t("data.column_row"): p.row,
                t("data.column_column"): p.column,
                t("data.column_message"): importing.problem_text(p, language),
            }
            for p in checked.problems[:1000]
        ]
    )
    st.dataframe(listing, hide_index=True)
    cached = st.session_state.get(REJECTED_KEY)
    if cached is None or cached[0] is not checked:
        frame = checked.rejected_frame(
            lambda p: importing.problem_text(p, language), t("data.reason_column")
        )
        st.session_state[REJECTED_KEY] = cached = (checked, to_csv(frame, language))
    st.download_button(
        t("data.rejected_download"),
        cached[1],
        file_name="abgelehnte-zeilen.csv" if language == "de" else "rejected-rows.csv",
        mime="text/csv",
        key="import_rejected_download",
    )


def _run(user: User, checked: importing.Checked) -> bool:
    """The import button; True once an import has ended (stored or not)."""
    mode = st.radio(
        t("data.mode_label"), MODES, format_func=lambda m: t(f"data.mode.{m}"), key="import_mode"
    )
    blocked = mode == "all_or_nothing" and bool(checked.problems)
    if blocked:
        st.info(t("data.import_blocked"))
    nothing = not checked.records
    if st.button(
        t("data.import_button"),
        type="primary",
        disabled=blocked or nothing,
        key="import_run",
        icon=":material/upload:",
    ):
        bar = st.progress(0.0, text=t("data.progress_store"))
        summary = importing.store(
            engine(), user.team_id, checked, mode, _progress(bar), remember=True
        )
        bar.empty()
        counts = {k: getattr(summary, k) for k in ("read", "new", "updated", "unchanged")}
        message = t("data.summary", rejected=summary.rejected, **counts)
        for reason, lines in summary.skipped.items():
            message += " " + importing.skipped_text(reason, lines, lang())
        ended = message if summary.stored else message + " " + t("data.nothing_stored")
        st.session_state[IMPORTED_KEY] = (summary.stored, ended)
        return True
    return False


def _release(file_id: str) -> None:
    """After an import the uploaded bytes and the parsed table leave memory: the file is removed
    from Streamlit's upload store and the cached table and checks are dropped."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.uploaded_file_mgr.remove_file(ctx.session_id, file_id)
    for key in (UPLOADER_KEY, TABLE_KEY, CHECKED_KEY, REJECTED_KEY):
        st.session_state.pop(key, None)  # the uploader's value holds the bytes, too
    st.rerun()


def _progress(bar):
    def report(share: float, stage: str) -> None:
        bar.progress(min(max(share, 0.0), 1.0), text=t(f"data.progress_{stage}"))

    return report


def _file_info(table: importing.RawTable) -> str:
    delimiter = {None: t("data.delimiter_none"), "\t": t("data.delimiter_tab")}.get(
        table.delimiter, table.delimiter
    )
    if table.encoding is None:
        delimiter, encoding = "–", t("data.encoding_xlsx")
    else:
        encoding = table.encoding.upper()
    return t(
        "data.file_info",
        rows=len(table.frame),
        columns=len(table.headers),
        encoding=encoding,
        delimiter=f"„{delimiter}“" if lang() == "de" else f'"{delimiter}"',
    )
