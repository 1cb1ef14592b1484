"""The app's own middleware: security headers on every response, the person's language in HTML."""

import urllib.error
import urllib.request


def _get(url: str, cookie: str = ""):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    return urllib.request.urlopen(request, timeout=10)


def test_pages_carry_security_headers(server):
    with _get(server) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_html_declares_german_by_default_and_english_when_chosen(server):
    with _get(f"{server}/profil") as response:
        assert '<html lang="de"' in response.read().decode()
    with _get(f"{server}/profil", cookie="funkstille_lang=en") as response:
        assert '<html lang="en"' in response.read().decode()


def test_the_cookie_routes_refuse_other_origins_and_unknown_secrets(server):
    for body, origin in ((b"made-up", None), (b"made-up", "http://evil.example")):
        headers = {"Origin": origin} if origin else {}
        request = urllib.request.Request(
            f"{server}/auth/session", data=body, method="POST", headers=headers
        )
        try:
            urllib.request.urlopen(request, timeout=10)
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 403
