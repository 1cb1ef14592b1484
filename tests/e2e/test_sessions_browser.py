"""Sessions that really end, and what an anonymous visitor can reach, in the real server."""

import urllib.error
import urllib.request

import pytest

from coaching import accounts
from coaching.ui.session import COOKIE
from tests.e2e.conftest import (
    SCRIPT_RUNS_JS,
    assert_no_exception,
    demo_server,
    screenshot,
    sign_in,
    wait_for_app,
)

JONAS = "jonas@demo.funkstille.de"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A server of its own: these tests change passwords and end sessions."""
    with demo_server(tmp_path_factory.mktemp("sessions")) as found:
        yield found


def _signed_in_as_jonas(context, base):
    page = context.new_page()
    sign_in(page, base, "jonas")
    return page


def _interact(page) -> None:
    """The next interaction of an open tab: a click in the navigation."""
    page.get_by_role("link", name="Rückblick").first.click()
    wait_for_app(page)


def _wait_for_the_door(page) -> None:
    page.locator(".st-key-sign_in_email input").wait_for(timeout=30_000)


def _shows_the_door(page) -> bool:
    return page.locator(".st-key-sign_in_email input").count() == 1


def test_signing_out_in_one_tab_ends_the_other_open_tab(live, browser):
    base, _ = live
    context = browser.new_context(locale="de-DE", viewport={"width": 1440, "height": 900})
    first = _signed_in_as_jonas(context, base)
    second = context.new_page()
    second.goto(base)
    wait_for_app(second)
    assert not _shows_the_door(second)  # signed in by the shared cookie
    first.locator(".st-key-sign_out button").click()
    _wait_for_the_door(first)
    _interact(second)
    _wait_for_the_door(second)
    screenshot(second, "sessions_other_tab_after_sign_out")
    assert _shows_the_door(second)
    assert_no_exception(second)
    context.close()


def test_a_new_password_ends_a_tab_holding_a_copied_cookie(live, browser):
    base, engine = live
    owner = browser.new_context(locale="de-DE")
    _signed_in_as_jonas(owner, base)
    stolen = [c for c in owner.cookies() if c["name"] == COOKIE]
    thief = browser.new_context(locale="de-DE", viewport={"width": 1440, "height": 900})
    thief.add_cookies(stolen)
    tab = thief.new_page()
    tab.goto(base)
    wait_for_app(tab)
    assert not _shows_the_door(tab)
    accounts.set_password(engine, JONAS, "Neue-Farbe-2027")
    _interact(tab)
    _wait_for_the_door(tab)
    screenshot(tab, "sessions_copied_cookie_after_new_password")
    assert _shows_the_door(tab)
    accounts.set_password(engine, JONAS, "Demo-Funkstille-2026")
    owner.close()
    thief.close()


def _status(base: str, path: str, method: str = "GET", cookie: str = "", data=None) -> int:
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


UPLOAD_JS = """async () => {
  const xsrf = (document.cookie.match(/_streamlit_xsrf=([^;]+)/) || [])[1];
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(1000000)]), 'gross.csv');
  const response = await fetch('/_stcore/upload_file/some-session/some-file', {
    method: 'PUT', body, headers: xsrf ? {'X-Xsrftoken': decodeURIComponent(xsrf)} : {}});
  return [response.status, await response.text()];
}"""


def test_an_anonymous_visitor_cannot_upload_or_read_metrics(live, browser):
    base, _ = live
    context = browser.new_context(locale="de-DE")
    door = context.new_page()
    door.goto(base)
    wait_for_app(door)
    assert door.evaluate(UPLOAD_JS) == [403, ""]  # our guard: empty body
    assert _status(base, "/_stcore/metrics") == 403
    signed_in = _signed_in_as_jonas(context, base)
    assert signed_in.evaluate(UPLOAD_JS) != [403, ""]  # Streamlit's own checks decide from here
    cookie = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
    assert _status(base, "/_stcore/metrics", cookie=cookie) == 200
    context.close()


def test_the_door_does_not_tell_versions_and_the_csp_holds_without_eval(live, browser):
    import platform

    import streamlit

    base, _ = live
    context = browser.new_context(locale="de-DE", viewport={"width": 1440, "height": 900})
    context.add_init_script(SCRIPT_RUNS_JS)
    page = context.new_page()
    frames, violations = [], []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: frames.append(frame)))
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    page.goto(base)
    wait_for_app(page)
    received = b"".join(f if isinstance(f, bytes) else f.encode() for f in frames)
    assert frames
    assert streamlit.__version__.encode() not in received
    assert platform.python_version().encode() not in received
    sign_in(page, base, "claudia")
    page.goto(f"{base}/team")
    wait_for_app(page)
    page.locator(".st-key-team_pulse_open summary").click()  # plotly must draw under the CSP
    page.locator(".st-key-team_pulse_open .js-plotly-plot").wait_for(timeout=30_000)
    wait_for_app(page)
    screenshot(page, "sessions_team_page_under_csp")
    # the page icon Streamlit fetches from Google's font service is blocked on purpose (img-src)
    blocked = [v for v in violations if "fonts.gstatic.com" not in v]
    assert blocked == []
    context.close()


def test_the_cookie_routes_refuse_requests_without_an_origin(live):
    base, _ = live
    for path in ("/auth/language", "/auth/signout"):
        assert _status(base, path, "POST", data=b"en") == 403
