"""Many people writing at once: lost, duplicated or locked writes, and how long each one takes.

Run by hand, never part of the suite (pytest collects only tests/unit, tests/app, tests/e2e):

    python tests/bench/load_test.py --database sqlite --seconds 120 --sessions 20
    python tests/bench/load_test.py --database postgresql --seconds 60 --sessions 20
    python tests/bench/load_test.py --database postgresql --seconds 120 --sessions 20 --replicas 2
    python tests/bench/load_test.py --seconds 60 --sessions 20 --deals 100000

Creates a fresh demo workspace (SQLite: a temporary file; PostgreSQL: a new database next to
--postgres-url, dropped afterwards, as tests/conftest.py does), starts the app on a loopback port
and drives N browser contexts in one Chromium. Each session signs in as a demo person (round
robin), opens three tabs (Rückblick, Nachfassen, Puls) and, until time is up, keeps editing its
own review draft, logging the due follow-up step of a lead of the team and answering the pulse.
With --deals N the team also holds N imported deals. The server's memory is printed with all
sessions signed in and again when writing ends. Afterwards the database is checked against what
the UI confirmed. Exit code 1 when a confirmed
write is missing, a write is duplicated or a page showed "database is locked".

With --replicas N the app runs N times behind Debian's nginx with deploy/nginx/funkstille.conf
(TLS, route cookie), as tests/deploy sets it up; --replicas 1 is the same path with one server, so
the two runs differ only in the number of replicas. Without it the browsers talk to one server.
"""

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from coaching.demo import reset_demo  # noqa: E402
from coaching.demo.people import PEOPLE  # noqa: E402
from coaching.demo.workspace import DEMO_PASSWORD  # noqa: E402
from coaching.store import make_engine, open_store  # noqa: E402
from coaching.ui.session import COOKIE  # noqa: E402
from tests.bench import add_deals, server_memory  # noqa: E402
from tests.deploy.cluster import (  # noqa: E402
    access_entry,
    replica_of,
    start_nginx,
    start_replicas,
    stop_nginx,
    stop_replicas,
)
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    SCRIPT_RUNS_JS,
    arm_rerun_js,
    start_server,
    stop_server,
)

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TIMEOUT_MS = 60_000
OUTPUT = Path(__file__).parent / "output"
LOCKED = "database is locked"
ARM_JS = arm_rerun_js(TIMEOUT_MS)


@dataclass
class Write:
    kind: str  # draft · step · pulse
    session: int
    person: str
    marker: str
    started: float
    ended: float = 0.0
    outcome: str = "attempted"  # confirmed · rejected · error · timeout · cancelled
    values: tuple[int, int, int] | None = None
    latency: float | None = None


@dataclass
class Stats:
    writes: list[Write] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # seconds, every interaction
    timeouts: int = 0
    locked_pages: int = 0
    exceptions: int = 0
    sessions_ready: int = 0
    sign_in_failures: int = 0
    session_errors: int = 0
    per_replica: dict[str, object] = field(default_factory=dict)  # from nginx's logs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--replicas", type=int, help="app servers behind nginx (default: none)")
    parser.add_argument("--deals", type=int, default=0, help="imported deals added to the team")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, cleanup = _fresh_store(args.database, Path(folder), args.postgres_url)
        try:
            return _run(url, args, Path(folder))
        finally:
            cleanup()


def _run(url: str, args, folder: Path) -> int:
    engine = open_store(url)
    report = reset_demo(engine)
    if args.deals:
        add_deals(engine, report.team_id, args.deals)
    baseline = _scalar(engine, "SELECT coalesce(max(id), 0) FROM lead_events")
    engine.dispose()
    log = folder / "server.log"
    stats = Stats()
    started = time.monotonic()
    if args.replicas:
        replicas = start_replicas([f"r{n}" for n in range(args.replicas)], url, log)
        try:
            nginx, base, _plain = start_nginx(folder, replicas)
            try:
                asyncio.run(_drive(base, args.sessions, args.seconds, stats, None))
            finally:
                stop_nginx(nginx)
        finally:
            stop_replicas(replicas)
        stats.per_replica = _per_replica(folder, replicas)
    else:
        base, process = start_server("app.py", url, log=log)
        try:
            asyncio.run(_drive(base, args.sessions, args.seconds, stats, process.pid))
        finally:
            stop_server(process)
    elapsed = time.monotonic() - started
    engine = make_engine(url)
    try:
        verdict = _verify(engine, report.team_id, baseline, stats)
        integrity = (
            _scalar(engine, "PRAGMA integrity_check") if engine.dialect.name == "sqlite" else "-"
        )
    finally:
        engine.dispose()
    server_locked = log.read_text(errors="replace").count(LOCKED)
    server_tracebacks = log.read_text(errors="replace").count("Traceback")
    return _print(args, stats, verdict, integrity, server_locked, server_tracebacks, elapsed)


# --- the browser side ---------------------------------------------------------------------------


async def _drive(base: str, sessions: int, seconds: float, stats: Stats, pid: int | None) -> None:
    """pid: the one server whose memory is printed; None behind nginx (see nginx's figures)."""
    people = [key for key, *_ in PEOPLE]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        ready = asyncio.Event()
        clock: dict[str, float] = {}
        tasks = [
            asyncio.create_task(
                _session(browser, base, n, people[n % len(people)], stats, ready, clock)
            )
            for n in range(sessions)
        ]
        sign_in_budget = 60 + 12 * sessions  # 2 cores: sign-ins queue behind each other
        await asyncio.wait(
            [asyncio.create_task(_wait_ready(stats, sessions))], timeout=sign_in_budget
        )
        clock["end"] = time.monotonic() + seconds
        ready.set()
        print(
            f"{stats.sessions_ready}/{sessions} sessions ready; writing for {seconds:.0f} s; "
            f"server memory: {server_memory(pid) if pid else 'per replica'}",
            flush=True,
        )
        hard_deadline = seconds + 2 * TIMEOUT_MS / 1000 + 30
        done, pending = await asyncio.wait(tasks, timeout=hard_deadline)
        print(
            f"writing ended; server memory: {server_memory(pid) if pid else 'per replica'}",
            flush=True,
        )
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for write in stats.writes:
            if write.outcome == "attempted":
                write.outcome = "cancelled"
        await browser.close()


async def _wait_ready(stats: Stats, sessions: int) -> None:
    while stats.sessions_ready + stats.sign_in_failures < sessions:
        await asyncio.sleep(0.5)


async def _session(browser, base, n, person, stats, ready, clock) -> None:
    context = await browser.new_context(
        viewport={"width": 1440, "height": 2400}, locale="de-DE", ignore_https_errors=True
    )
    await context.add_init_script(SCRIPT_RUNS_JS)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        tabs = await _open_tabs(context, base, person)
    except (PlaywrightTimeout, AssertionError) as exc:
        stats.sign_in_failures += 1
        print(f"session {n} ({person}) could not start: {exc}".splitlines()[0], flush=True)
        await context.close()
        return
    stats.sessions_ready += 1
    await ready.wait()
    draft: list[str] = []
    step = 0
    try:
        for round_ in range(10_000):
            for kind in ("review", "follow_up", "pulse"):
                if time.monotonic() > clock["end"]:
                    return
                page = tabs[kind]
                try:
                    if kind == "review":
                        await _draft_write(page, n, person, round_, draft, stats)
                    elif kind == "follow_up":
                        step = await _step_write(page, n, person, round_, step, stats)
                    else:
                        await _pulse_write(page, n, person, round_, stats)
                except PlaywrightTimeout:
                    stats.timeouts += 1
                    await _recover(page, stats)
                except Exception as exc:  # noqa: BLE001 - counted, the session goes on
                    stats.session_errors += 1
                    print(f"session {n}: {type(exc).__name__}: {exc}".splitlines()[0], flush=True)
                    await _recover(page, stats)
                finally:
                    for write in stats.writes:
                        if write.session == n and write.outcome == "attempted":
                            write.outcome, write.ended = "timeout", time.monotonic()
    finally:
        await context.close()


async def _open_tabs(context, base: str, person: str) -> dict:
    review = await context.new_page()
    await review.goto(base)
    await _settled(review)
    await review.locator(".st-key-sign_in_email input").fill(f"{person}@demo.funkstille.de")
    await review.locator(".st-key-sign_in_password input").fill(DEMO_PASSWORD)
    await review.locator(".st-key-sign_in_submit button").click()
    await review.wait_for_selector("[data-testid='stSidebar']")
    await _settled(review)
    deadline = time.monotonic() + 60
    while not any(c["name"] == COOKIE for c in await context.cookies()):
        assert time.monotonic() < deadline, "no session cookie within 60 s"
        await asyncio.sleep(0.2)
    await review.goto(f"{base}/rueckblick")
    await review.locator(".st-key-rv_new button").wait_for()
    await _settled(review)
    await _rerun(review, review.locator(".st-key-rv_new button").click)  # a draft of its own
    await _rerun(review, review.locator(".st-key-rv_next button").click)
    await review.get_by_text("Schritt 2 von 10").wait_for()
    follow_up = await context.new_page()
    await follow_up.goto(f"{base}/nachfassen")
    await follow_up.locator(".st-key-follow_up_scope").wait_for()
    await _settled(follow_up)
    scope = follow_up.locator(".st-key-follow_up_scope").get_by_text("Ganzes Team")
    await _rerun(follow_up, scope.click)
    pulse = await context.new_page()
    await pulse.goto(f"{base}/puls")
    await pulse.locator(".st-key-pulse_save").wait_for()
    await _settled(pulse)
    return {"review": review, "follow_up": follow_up, "pulse": pulse}


async def _draft_write(page, n, person, round_, draft, stats) -> None:
    marker = f"[s{n:02d}r{round_}]"
    write = Write("draft", n, person, marker, time.monotonic())
    stats.writes.append(write)
    draft.append(marker)
    box = page.locator(".st-key-rv_timeline textarea")

    async def action():
        await box.fill(" ".join(draft))
        await box.press("Tab")  # a text area commits its value when it loses focus

    outcome = await _interact(page, action, stats)
    write.outcome = outcome if outcome != "done" else "confirmed"
    write.ended = time.monotonic()


async def _step_write(page, n, person, round_, pick, stats) -> int:
    """Log the step due for the picked lead; leads without a due step are skipped over."""
    for _ in range(13):
        if await page.locator(".st-key-follow_up_log").count():
            break
        pick += 1
        if not await _pick_lead(page, n + pick, stats):
            return pick
    else:
        return pick
    marker = f"load-s{n:02d}r{round_}"
    write = Write("step", n, person, marker, time.monotonic())
    stats.writes.append(write)
    await page.locator(".st-key-follow_up_log_note textarea").fill(marker)
    outcome = await _interact(page, page.locator(".st-key-follow_up_log button").click, stats)
    if outcome == "done":
        confirmed = page.get_by_text("Schritt eingetragen").or_(
            page.get_by_text("Abschlussnachricht eingetragen")
        )
        # Refused in words: a step another tab logged, or a lead a colleague closed meanwhile.
        rejected = page.locator("[data-testid='stAlertContentError']").or_(
            page.get_by_text("steht nicht mehr in der Funkstille-Liste")
        )
        try:
            await confirmed.or_(rejected).first.wait_for(timeout=TIMEOUT_MS)
            outcome = "confirmed" if await confirmed.count() else "rejected"
        except PlaywrightTimeout:
            stats.timeouts += 1
            outcome = "timeout"
            await _keep_evidence(page, f"unconfirmed_{marker}")
    write.outcome, write.ended = outcome, time.monotonic()
    if outcome == "rejected":  # a stale page: reload it as the message asks
        await _recover(page, stats)
    return pick


async def _pick_lead(page, index: int, stats) -> bool:
    """Choose the index-th lead (modulo their number); False when there is none to choose."""
    select = page.locator(".st-key-follow_up_lead").get_by_role("combobox")
    if not await select.count():
        return False
    await select.click()
    options = page.locator("[role='option']")
    await options.first.wait_for()
    count = await options.count()
    await _interact(page, options.nth(index % count).click, stats)
    return True


async def _pulse_write(page, n, person, round_, stats) -> None:
    values = ((n + round_) % 5 + 1, (n + 2 * round_) % 5 + 1, (3 * n + round_) % 5 + 1)
    marker = f"puls-s{n:02d}r{round_}"
    write = Write("pulse", n, person, marker, time.monotonic(), values=values)
    stats.writes.append(write)
    for key, value in zip(("energy", "weight", "support"), values, strict=True):
        await page.locator(f".st-key-pulse_{key} label").filter(has_text=f"{value} ·").first.click()
    await page.locator(".st-key-pulse_note textarea").fill(marker)
    outcome = await _interact(page, page.locator(".st-key-pulse_save button").click, stats)
    if outcome == "done":
        saved = page.get_by_text("Gespeichert.", exact=False)
        outcome = "confirmed" if await saved.count() else "error"
    write.outcome, write.ended = outcome, time.monotonic()


async def _interact(page, action, stats) -> str:
    """Act and wait for the script run it starts; 'done', 'timeout' or 'error' (an exception)."""
    try:
        await page.evaluate(ARM_JS)
        start = time.monotonic()
        await action()
        took = await page.evaluate("() => window.__rerun")
        if took < 0:
            stats.timeouts += 1
            await _keep_evidence(page, f"timeout_{stats.timeouts:03d}")
            await _recover(page, stats)
            return "timeout"
        stats.latencies.append(time.monotonic() - start)
    except PlaywrightTimeout:
        stats.timeouts += 1
        await _recover(page, stats)
        return "timeout"
    if await _trouble(page, stats):
        return "error"
    return "done"


async def _trouble(page, stats) -> bool:
    locked = await page.get_by_text(LOCKED).count()
    exceptions = await page.locator("[data-testid='stException']").count()
    stats.locked_pages += bool(locked)
    stats.exceptions += bool(exceptions)
    return bool(locked or exceptions)


async def _keep_evidence(page, name: str) -> None:
    """A screenshot of the tab as it was when a wait ran out, for reading afterwards."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)


async def _recover(page, stats) -> None:
    """After a timeout or error: reload the tab (the review tab starts a new draft of its own)."""
    try:
        await page.reload()
        await page.locator("[data-testid='stSidebar']").wait_for()
        await _settled(page)
        if "/rueckblick" in page.url:
            await _rerun(page, page.locator(".st-key-rv_new button").click)
            await _rerun(page, page.locator(".st-key-rv_next button").click)
        if "/nachfassen" in page.url:
            scope = page.locator(".st-key-follow_up_scope").get_by_text("Ganzes Team")
            await _rerun(page, scope.click)
    except PlaywrightTimeout:
        stats.timeouts += 1
    except Exception as exc:  # noqa: BLE001 - a tab that cannot recover is counted, not fatal
        stats.session_errors += 1
        print(f"recover: {type(exc).__name__}: {exc}".splitlines()[0], flush=True)


async def _rerun(page, action) -> None:
    await page.evaluate(ARM_JS)
    await action()
    await page.evaluate("() => window.__rerun")
    await _settled(page)


async def _settled(page) -> None:
    await page.wait_for_selector(".stApp[data-test-connection-state='CONNECTED']")
    await page.wait_for_selector(".stApp[data-test-script-state='notRunning']")


# --- the database side --------------------------------------------------------------------------


def _verify(engine, team_id: int, baseline: int, stats: Stats) -> dict:
    confirmed = [w for w in stats.writes if w.outcome == "confirmed"]
    with engine.connect() as conn:
        users = dict(
            conn.execute(
                text("SELECT email, id FROM users WHERE team_id = :team"), {"team": team_id}
            ).all()
        )
        drafts = [
            payload
            for (payload,) in conn.execute(text("SELECT payload FROM drafts WHERE kind = 'review'"))
        ]
        events = conn.execute(
            text("SELECT id, lead_id, kind, note, payload FROM lead_events WHERE team_id = :team"),
            {"team": team_id},
        ).all()
        week = date.today() - timedelta(days=date.today().weekday())
        answers = conn.execute(
            text("SELECT user_id, question, value FROM pulse_answers WHERE week = :week"),
            {"week": week},
        ).all()
        notes = dict(
            conn.execute(
                text("SELECT user_id, note FROM pulse_notes WHERE week = :week"), {"week": week}
            ).all()
        )
        duplicated_pulse = (
            conn.execute(
                text(
                    "SELECT count(*) FROM (SELECT 1 FROM pulse_answers"
                    " GROUP BY user_id, week, question HAVING count(*) > 1) d"
                )
            ).scalar()
            + conn.execute(
                text(
                    "SELECT count(*) FROM (SELECT 1 FROM pulse_notes GROUP BY user_id, week"
                    " HAVING count(*) > 1) d"
                )
            ).scalar()
        )
        duplicated_drafts = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT 1 FROM drafts GROUP BY user_id, kind, draft_key"
                " HAVING count(*) > 1) d"
            )
        ).scalar()

    stored: Counter = Counter()
    lost: list[str] = []
    all_drafts = "\n".join(drafts)
    for write in (w for w in confirmed if w.kind == "draft"):
        if write.marker in all_drafts:
            stored["draft"] += 1
        else:
            lost.append(f"draft {write.marker} ({write.person})")

    notes_logged = Counter(note for _, _, kind, note, _ in events if kind == "follow_up")
    for write in (w for w in confirmed if w.kind == "step"):
        if notes_logged[write.marker]:
            stored["step"] += 1
        else:
            lost.append(f"step {write.marker} ({write.person})")
    # A step may recur after a reply or a reopening (a fresh cycle), never within one cycle.
    steps, closes, cycle, fresh = Counter(), Counter(), defaultdict(int), set()
    for event_id, lead_id, kind, _note, payload in sorted(events):
        data = json.loads(payload) if isinstance(payload, str) else (payload or {})
        if kind in ("reply_received", "reopened"):
            cycle[lead_id] += 1
        key = (lead_id, cycle[lead_id])
        if event_id > baseline:
            fresh.add(key)
        if kind == "follow_up" and data.get("step"):
            steps[(*key, data["step"])] += 1
        if kind == "closed":
            closes[key] += 1
    duplicated_steps = [
        f"lead {lead} cycle {n} step {step} x{count}"
        for (lead, n, step), count in steps.items()
        if count > 1 and (lead, n) in fresh
    ] + [
        f"lead {lead} cycle {n} closed x{count}"
        for (lead, n), count in closes.items()
        if count > 1 and (lead, n) in fresh
    ]

    by_user_answers = defaultdict(dict)
    for user_id, question, value in answers:
        by_user_answers[user_id][question] = value
    pulses = defaultdict(list)
    for write in (w for w in stats.writes if w.kind == "pulse"):
        pulses[write.person].append(write)
    for person, attempts in pulses.items():
        done = [w for w in attempts if w.outcome == "confirmed"]
        if not done:
            continue
        user_id = users[f"{person}@demo.funkstille.de"]
        last = max(done, key=lambda w: w.ended)
        final = next((w for w in attempts if w.marker == notes.get(user_id)), None)
        kept = by_user_answers.get(user_id, {})
        values = (kept.get("energy"), kept.get("weight"), kept.get("support"))
        # Fine: the stored submit is the last confirmed one or one overlapping/after it, and the
        # answers belong to the same submit as the note (one transaction).
        if final is not None and final.ended >= last.started and final.values == values:
            stored["pulse"] += len(done)
        else:
            lost.append(f"pulse of {person}: stored note {notes.get(user_id)!r}, {values}")
    return {
        "stored": stored,
        "lost": lost,
        "duplicated": duplicated_steps
        + [f"{duplicated_pulse} pulse rows"] * bool(duplicated_pulse)
        + [f"{duplicated_drafts} draft rows"] * bool(duplicated_drafts),
    }


def _print(args, stats, verdict, integrity, server_locked, server_tracebacks, elapsed) -> int:
    latencies = sorted(stats.latencies)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0

    behind = f", {args.replicas} replica(s) behind nginx" if args.replicas else ""
    deals = f", + {args.deals} deals" if args.deals else ""
    print(
        f"\n== load test: {args.database}{deals}{behind}, {args.sessions} sessions, "
        f"{args.seconds:.0f} s =="
    )
    if stats.per_replica:
        print(f"nginx: {stats.per_replica}")
    print(f"wall time {elapsed:.0f} s; sessions ready {stats.sessions_ready}/{args.sessions}")
    print(
        f"interactions {len(latencies)}: p50 {pct(0.5):.2f} s, p95 {pct(0.95):.2f} s, "
        f"max {latencies[-1] if latencies else 0:.2f} s, "
        f"mean {statistics.mean(latencies) if latencies else 0:.2f} s"
    )
    print(
        f"{'write':8} {'attempted':>9} {'confirmed':>9} {'stored':>7} {'rejected':>8} "
        f"{'timeout':>7} {'error':>5} {'cancel':>6}"
    )
    for kind in ("draft", "step", "pulse"):
        outcomes = Counter(w.outcome for w in stats.writes if w.kind == kind)
        print(
            f"{kind:8} {sum(outcomes.values()):9} {outcomes['confirmed']:9} "
            f"{verdict['stored'][kind]:7} {outcomes['rejected']:8} {outcomes['timeout']:7} "
            f"{outcomes['error']:5} {outcomes['cancelled']:6}"
        )
    print(f"timeouts (all interactions) {stats.timeouts}; session errors {stats.session_errors}")
    print(f"lost {len(verdict['lost'])}: {verdict['lost'][:10]}")
    print(f"duplicated {len(verdict['duplicated'])}: {verdict['duplicated'][:10]}")
    print(
        f"'{LOCKED}': pages {stats.locked_pages}, server log {server_locked}; "
        f"page exceptions {stats.exceptions}, server tracebacks {server_tracebacks}"
    )
    print(f"integrity_check {integrity}")
    bad = verdict["lost"] or verdict["duplicated"] or stats.locked_pages or server_locked
    print("RESULT", "FAIL" if bad else "OK")
    return 1 if bad else 0


def _per_replica(folder: Path, replicas: dict) -> dict[str, object]:
    """From nginx's logs: WebSocket sessions and all requests per replica, answers of 500 and
    more, and upstream errors (a replica not answering: nginx then tries the next one)."""
    sessions, requests, failed = Counter(), Counter(), 0
    for entry in map(access_entry, (folder / "access.log").read_text().splitlines()):
        names = [name] if (name := replica_of(replicas, entry.upstream)) else []
        requests.update(names)
        sessions.update(names if "/_stcore/stream" in entry.request else [])
        failed += entry.status >= 500
    errors = (folder / "error.log").read_text().count("upstream")
    return {
        "sessions": dict(sessions),
        "requests": dict(requests),
        "answers >= 500": failed,
        "upstream errors": errors,
    }


# --- stores -------------------------------------------------------------------------------------


def _fresh_store(database: str, folder: Path, postgres_url: str):
    if database == "sqlite":
        return f"sqlite:///{folder / 'load.db'}", lambda: None
    from sqlalchemy.engine import make_url

    name = f"funkstille_load_{uuid.uuid4().hex[:10]}"
    admin = make_engine(postgres_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def _scalar(engine, sql: str):
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


if __name__ == "__main__":
    sys.exit(main())
