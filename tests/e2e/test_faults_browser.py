"""A crash in the middle of a write: the server is killed (SIGKILL, no shutdown) while a
follow-up step is being saved. Every write the UI had confirmed before must be in the database,
the SQLite file must be intact, and the half-filled review must come back after signing in again."""

import signal
import sqlite3
import uuid
from datetime import date, timedelta

from coaching.demo import reset_demo
from coaching.store import open_store
from tests.e2e.conftest import (
    SCRIPT_RUNS_JS,
    arm_rerun_js,
    assert_no_exception,
    sign_in,
    start_server,
    stop_server,
    wait_for_app,
)

SENT_JS = """() => { window.__sent = new Promise(resolve =>
  window.addEventListener('st-backmsg-sent', resolve, {once: true})); }"""


def rerun(page, action) -> None:
    """Run action and wait until the rerun it started has finished (callbacks included)."""
    page.evaluate(arm_rerun_js(20_000))
    action()
    assert page.evaluate("() => window.__rerun") >= 0, "no finished rerun within 20 s"
    wait_for_app(page)
    assert_no_exception(page)


def signed_in_page(browser, context_args, base: str):
    """A fresh browser context, signed in as the demo manager."""
    context = browser.new_context(**context_args)
    context.add_init_script(SCRIPT_RUNS_JS)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, base, "claudia")
    return context, page


def open_page(page, path: str, ready: str) -> None:
    """Follow the sidebar link (the same session, no reload) and wait for the selector ready."""
    page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']").click()
    page.wait_for_url(f"**/{path}")
    page.locator(ready).first.wait_for()
    wait_for_app(page)


def fill_pulse(page, values: tuple[str, str, str], note: str) -> None:
    for key, value in zip(("energy", "weight", "support"), values, strict=True):
        page.locator(f".st-key-pulse_{key} label").filter(has_text=f"{value} ·").first.click()
    page.locator(".st-key-pulse_note textarea").fill(note)


def test_confirmed_writes_survive_a_killed_server(browser, browser_context_args, tmp_path):
    path = tmp_path / "funkstille.db"
    engine = open_store(f"sqlite:///{path}")
    reset_demo(engine)
    engine.dispose()
    tag = uuid.uuid4().hex[:8]
    draft_text, step_note = f"Entwurf {tag}", f"Nachgefasst {tag}"
    pulse_note, in_flight_note = f"Puls {tag}", f"Im Flug {tag}"

    base, process = start_server("app.py", f"sqlite:///{path}")
    try:
        context, page = signed_in_page(browser, browser_context_args, base)
        open_page(page, "puls", ".st-key-pulse_save")
        fill_pulse(page, ("3", "4", "2"), pulse_note)
        rerun(page, page.locator(".st-key-pulse_save button").click)
        page.get_by_text("Gespeichert.", exact=False).first.wait_for()

        open_page(page, "rueckblick", ".st-key-rv_view")
        rerun(page, page.locator(".st-key-rv_new button").click)
        rerun(page, page.locator(".st-key-rv_next button").click)
        page.get_by_text("Schritt 2 von 10").wait_for()
        page.locator(".st-key-rv_timeline textarea").fill(draft_text)
        rerun(page, lambda: page.locator(".st-key-rv_timeline textarea").press("Tab"))

        open_page(page, "nachfassen", ".st-key-follow_up_log")
        page.locator(".st-key-follow_up_log_note textarea").fill(step_note)
        rerun(page, page.locator(".st-key-follow_up_log button").click)
        page.get_by_text("Schritt eingetragen").wait_for()

        page.locator(".st-key-follow_up_log_note textarea").fill(in_flight_note)
        page.evaluate(SENT_JS)
        page.locator(".st-key-follow_up_log button").click()
        page.evaluate("() => window.__sent")  # the save request has left the browser
        process.send_signal(signal.SIGKILL)  # mid-write: no shutdown, no checkpoint
        process.wait(timeout=10)
        context.close()
    finally:
        stop_server(process)

    with sqlite3.connect(path) as db:  # opening recovers the WAL as a restart would
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        user_id = db.execute(
            "SELECT id FROM users WHERE email = 'claudia@demo.funkstille.de'"
        ).fetchone()[0]
        monday = (date.today() - timedelta(days=date.today().weekday())).isoformat()
        answers = db.execute(
            "SELECT question, value FROM pulse_answers WHERE user_id = ? AND week = ?",
            (user_id, monday),
        ).fetchall()
        note = db.execute(
            "SELECT note FROM pulse_notes WHERE user_id = ? AND week = ?", (user_id, monday)
        ).fetchall()
        drafts = db.execute(
            "SELECT payload FROM drafts WHERE user_id = ? AND payload LIKE ?",
            (user_id, f"%{draft_text}%"),
        ).fetchall()
        steps = db.execute(
            "SELECT note FROM lead_events WHERE kind = 'follow_up' AND note IN (?, ?)",
            (step_note, in_flight_note),
        ).fetchall()
    assert {question for question, _ in answers} == {"energy", "weight", "support"}
    assert sorted(answers) == [("energy", 3), ("support", 2), ("weight", 4)]
    assert note == [(pulse_note,)]
    assert len(drafts) == 1
    assert (step_note,) in steps  # the step in flight may or may not have landed, once at most
    assert len(steps) == len(set(steps))

    base, process = start_server("app.py", f"sqlite:///{path}")
    try:
        context, page = signed_in_page(browser, browser_context_args, base)
        open_page(page, "rueckblick", ".st-key-rv_view")
        page.get_by_text("Schritt 2 von 10").wait_for()
        assert page.locator(".st-key-rv_timeline textarea").input_value() == draft_text
        assert_no_exception(page)
        context.close()
    finally:
        stop_server(process)
