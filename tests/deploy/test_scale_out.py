"""Two app servers behind nginx on one PostgreSQL database, as deploy/ sets them up.

Through nginx in Chromium: what one replica stores, the other shows; writers on both at once lose
and double nothing; a person whose replica is killed carries on, signed in, on the other.
"""

import urllib.error
import urllib.request
import uuid

from sqlalchemy import func, select

from coaching.store import make_engine, read
from coaching.store.schema import leads
from coaching.ui.session import COOKIE
from tests.deploy.cluster import ROUTE_COOKIE, upstreams
from tests.e2e.conftest import assert_no_exception, screenshot, sign_in, wait_for_app
from tests.e2e.test_faults_browser import rerun

WRITES_EACH = 3
COUNT_SOCKETS_JS = """(() => { const Native = window.WebSocket; window.__sockets = 0;
  window.WebSocket = function (...args) { window.__sockets += 1; return new Native(...args); };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3}); })();"""


def test_plain_http_is_sent_to_https(cluster):
    request = urllib.request.Request(f"{cluster.plain}/lead-check", method="GET")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(request, timeout=10)
        raise AssertionError("nginx answered plain HTTP without a redirect")
    except urllib.error.HTTPError as answer:
        assert answer.code == 301
        assert answer.headers["Location"] == "https://127.0.0.1/lead-check"


def test_what_one_replica_stores_the_other_shows_and_writers_on_both_lose_nothing(
    cluster, on_replica
):
    pages = {"a": on_replica("a"), "b": on_replica("b")}
    writer, reader = pages["a"], pages["b"]
    sign_in(writer, cluster.base, "jonas")
    sign_in(reader, cluster.base, "claudia")
    cookies = {c["name"]: c for c in writer.context.cookies()}
    assert cookies[COOKIE]["secure"] and cookies[COOKIE]["httpOnly"]  # FUNKSTILLE_COOKIE_SECURE
    assert cookies[ROUTE_COOKIE]["value"] == cluster.routes["a"]  # nginx kept the route
    for page in pages.values():
        open_lead_check(page, cluster.base)
    assert served_by(cluster, "a", "/lead-check") == {"a"}
    assert served_by(cluster, "b", "/lead-check") == {"b"}

    company = unique("Replik A Messebau")
    create_lead(writer, company)
    search(reader, company)  # the reader's next rerun, on the other replica
    assert reader.get_by_role("heading", name=company).is_visible()
    screenshot(reader, "deploy_read_on_replica_b")

    open_new_lead_form(reader)
    batch = uuid.uuid4().hex[:6]
    confirmed = []
    for number in range(WRITES_EACH):
        companies = {name: f"Gleichzeitig {batch} {name}{number} GmbH" for name in pages}
        for name, page in pages.items():  # both submits are out before either is confirmed
            page.locator(".st-key-new_company input").fill(companies[name])
            page.locator(".st-key-new_value input").fill("9.000,00")
            page.locator(".st-key-new_submit button").click()
        for name, page in pages.items():
            page.get_by_text(f"Lead „{companies[name]}“ angelegt").wait_for()
            wait_for_app(page)
            confirmed.append(companies[name])
    stored = companies_in_store(cluster, f"Gleichzeitig {batch} %")
    assert sorted(stored) == sorted(confirmed)  # none lost, none twice
    assert len(stored) == 2 * WRITES_EACH
    assert_no_exception(writer)
    assert_no_exception(reader)


def test_a_person_whose_replica_is_killed_carries_on_signed_in_on_the_other(cluster, on_replica):
    page = on_replica("a")
    page.context.add_init_script(COUNT_SOCKETS_JS)
    sign_in(page, cluster.base, "jonas")
    open_lead_check(page, cluster.base)
    batch = uuid.uuid4().hex[:6]
    before = [f"Vor Ausfall {batch} {n} GmbH" for n in range(2)]
    for company in before:
        create_lead(page, company)
    cluster.kill("a")
    page.wait_for_function("() => window.__sockets >= 2", timeout=60_000)  # reconnected via nginx
    wait_for_app(page)
    after = f"Nach Ausfall {batch} GmbH"
    create_lead(page, after)  # the person's next action, served by replica b
    assert page.locator(".st-key-sign_in_email").count() == 0
    for company in [*before, after]:
        search(page, company)
        assert page.get_by_role("heading", name=company).is_visible()
    assert sorted(companies_in_store(cluster, f"% {batch} %")) == sorted([*before, after])
    assert_no_exception(page)
    screenshot(page, "deploy_after_failover")


def open_lead_check(page, base: str) -> None:
    page.goto(f"{base}/lead-check")
    wait_for_app(page)


def open_new_lead_form(page) -> None:
    if not page.locator(".st-key-new_company input").is_visible():
        page.get_by_test_id("stExpander").get_by_text("Neuen Lead anlegen").click()
        page.locator(".st-key-new_company input").wait_for()
        wait_for_app(page)


def create_lead(page, company: str) -> None:
    open_new_lead_form(page)
    page.locator(".st-key-new_company input").fill(company)
    page.locator(".st-key-new_value input").fill("12.500,00")
    page.locator(".st-key-new_submit button").click()
    page.get_by_text(f"Lead „{company}“ angelegt").wait_for()
    wait_for_app(page)


def search(page, words: str) -> None:
    box = page.locator(".st-key-lead_search input")
    box.fill(words)
    rerun(page, lambda: box.press("Enter"))


def served_by(cluster, route_of: str, path: str) -> set[str]:
    """The replicas nginx sent the requests for path with this replica's route cookie to."""
    route = cluster.routes[route_of]
    return {cluster.replica_of(u) for u in upstreams(cluster.access_log, route, f"GET {path} ")}


def companies_in_store(cluster, pattern: str) -> list[str]:
    engine = make_engine(cluster.database_url)
    with read(engine) as conn:
        found = list(conn.scalars(select(leads.c.company).where(leads.c.company.like(pattern))))
        assert conn.scalar(select(func.count()).select_from(leads)) > 0
    engine.dispose()
    return found


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]} GmbH"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
