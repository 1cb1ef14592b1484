"""The HTTP side of the app: sign-in cookie routes, the calendar feed, digest unsubscribe links,
response headers (security, lang), and the guards in front of Streamlit's own endpoints.

Used by app.py through st.App(routes=..., middleware=...). Nothing here runs per Streamlit session.
Uploads and metrics answer only requests carrying a live session cookie, so an anonymous visitor
cannot fill the server's memory; the WebSocket's first message of each run no longer tells the
Streamlit, Python and OS versions.
"""

from functools import cache
from html import escape

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from streamlit import config
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from coaching import accounts, calendar_feed, digest, settings
from coaching.content import LANGUAGES, catalog
from coaching.store import open_store
from coaching.ui.company_sign_in import INVITE_COOKIE
from coaching.ui.i18n import LANG_COOKIE
from coaching.ui.session import COOKIE

STREAMLIT_IDENTITY = "_streamlit_user"  # and _streamlit_user_tokens, and their _1, _2 … chunks
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; frame-src 'self' blob: data:; "
    "media-src 'self' blob: data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def routes() -> list[Route]:
    return [
        Route("/auth/session", start_session, methods=["POST"]),
        Route("/auth/signout", end_session, methods=["POST"]),
        Route("/auth/language", choose_language, methods=["POST"]),
        Route("/calendar/{token}.ics", calendar, methods=["GET"]),
        Route("/digest/unsubscribe/{token}", unsubscribe, methods=["GET", "POST"]),
        Route("/auth/invitation", hold_invitation, methods=["POST"]),
    ]


SIGNED_IN_ONLY = ("/_stcore/upload_file", "/_stcore/metrics")


def middleware() -> list[Middleware]:
    return [Middleware(HeadersMiddleware), Middleware(SignedInOnly), Middleware(NoVersionsSent)]


@cache
def _engine():
    return open_store(settings.database_url())


async def start_session(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    handoff = (await request.body()).decode(errors="replace").strip()
    session = accounts.redeem_handoff(_engine(), handoff) if handoff else None
    if session is None:
        return Response(status_code=403)
    response = Response(status_code=204)
    _set_cookie(response, COOKIE, session, max_age=settings.session_days() * 86400)
    user = accounts.user_for_session(_engine(), session)
    _set_cookie(response, LANG_COOKIE, user.language, max_age=365 * 86400)
    _drop_identity_cookies(request, response)
    return response


async def end_session(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    accounts.end_session(_engine(), request.cookies.get(COOKIE))
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    _drop_identity_cookies(request, response)
    return response


async def hold_invitation(request: Request) -> Response:
    """Keeps an invitation token for one hour while the person signs in at their company."""
    token = (await request.body()).decode(errors="replace").strip()
    if not _same_origin(request) or not token or len(token) > 100:
        return Response(status_code=403)
    response = Response(status_code=204)
    _set_cookie(response, INVITE_COOKIE, token, max_age=3600)
    return response


async def choose_language(request: Request) -> Response:
    lang = (await request.body()).decode(errors="replace").strip()
    if not _same_origin(request) or lang not in LANGUAGES:
        return Response(status_code=403)
    response = Response(status_code=204)
    _set_cookie(response, LANG_COOKIE, lang, max_age=365 * 86400)
    return response


async def calendar(request: Request) -> Response:
    """A person's calendar feed; 404 for an unknown or revoked token, never a hint which."""
    base = settings.public_url(str(request.base_url))
    body = calendar_feed.feed_for_token(_engine(), request.path_params["token"], base)
    if body is None:
        return Response(status_code=404)
    headers = {"cache-control": "private, max-age=300", "content-disposition": "inline"}
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


async def unsubscribe(request: Request) -> Response:
    """GET asks (a mail scanner following links must not unsubscribe anyone); POST does it,
    from the page's button or a mail program's one-click (RFC 8058). No Origin check: a one-click
    POST comes from the mail provider without one, and the secret token is the permission."""
    token = request.path_params["token"]
    lang = digest.unsubscribe_language(_engine(), token)
    if lang is None:
        return _page(_lang(request), "reminders.digest.unknown_link", status=404)
    if request.method == "GET":
        return _page(lang, "reminders.digest.unsubscribe_page", button=True)
    digest.unsubscribe(_engine(), token)
    return _page(lang, "reminders.digest.unsubscribed")


class HeadersMiddleware:
    """Adds security headers to every HTTP response and the person's language to the HTML page."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang = _cookie(scope, LANG_COOKIE)
        lang = lang if lang in LANGUAGES else "de"
        rewrite = {"html": False}

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                kinds = {k.lower(): v for k, v in headers}
                rewrite["html"] = kinds.get(b"content-type", b"").startswith(
                    b"text/html"
                ) and not kinds.get(b"content-encoding")
                message = {**message, "headers": headers + SECURITY_HEADERS}
            elif message["type"] == "http.response.body" and rewrite["html"]:
                body = message.get("body", b"").replace(
                    b'<html lang="en"', f'<html lang="{lang}"'.encode(), 1
                )
                message = {**message, "body": body}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _page(lang: str, key: str, button: bool = False, status: int = 200) -> HTMLResponse:
    text = catalog(lang).text
    form = (
        f'<form method="post"><button type="submit">'
        f"{escape(text('reminders.digest.unsubscribe_button'))}</button></form>"
        if button
        else ""
    )
    body = (
        f'<!doctype html><html dir="ltr" lang="{lang}"><head><meta charset="utf-8">'
        f"<title>Funkstille</title></head><body><p>{escape(text(key))}</p>{form}</body></html>"
    )
    return HTMLResponse(body, status_code=status)


def _lang(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE)
    return lang if lang in LANGUAGES else "de"


class SignedInOnly:
    """Refuses uploads and metrics to anyone without a live session cookie (403)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        guarded = scope["type"] == "http" and path.startswith(SIGNED_IN_ONLY)
        if guarded and accounts.user_for_session(_engine(), _cookie(scope, COOKIE)) is None:
            await Response(status_code=403)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class NoVersionsSent:
    """Blanks the Streamlit, Python and OS versions in the WebSocket's NewSession messages."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return

        async def send_without_versions(message) -> None:
            payload = message.get("bytes")
            if message["type"] == "websocket.send" and payload and _is_new_session(payload):
                message = {**message, "bytes": _without_versions(payload)}
            await send(message)

        await self.app(scope, receive, send_without_versions)


def _is_new_session(payload: bytes) -> bool:
    """Reads only the first top-level tags: hash (1) and metadata (2), then new_session (4)."""
    index = 0
    while index < len(payload) and payload[index] in (0x0A, 0x12):
        length, index = _varint(payload, index + 1)
        index += length
    return index < len(payload) and payload[index] == 0x22


def _varint(data: bytes, index: int) -> tuple[int, int]:
    value, shift = 0, 0
    while index < len(data):
        byte = data[index]
        value |= (byte & 0x7F) << shift
        index, shift = index + 1, shift + 7
        if not byte & 0x80:
            break
    return value, index


def _without_versions(payload: bytes) -> bytes:
    msg = ForwardMsg.FromString(payload)
    info = msg.new_session.initialize.environment_info
    info.streamlit_version, info.python_version, info.server_os = "", "", ""
    return msg.SerializeToString()


def _same_origin(request: Request) -> bool:
    """Only requests from the app's own pages: a missing Origin header is refused, too."""
    origin = request.headers.get("origin")
    return origin is not None and origin.split("://", 1)[-1] == request.headers.get("host")


def _drop_identity_cookies(request: Request, response: Response) -> None:
    """Streamlit's identity (st.login) has served once; the app's own session takes over."""
    for name in request.cookies:
        if name == INVITE_COOKIE or name.startswith(STREAMLIT_IDENTITY):
            response.delete_cookie(name, path=_streamlit_cookie_path())
            response.delete_cookie(name, path="/")


def _streamlit_cookie_path() -> str:
    base = config.get_option("server.baseUrlPath").strip("/")
    return f"/{base}" if base else "/"


def _set_cookie(response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure(),
    )


def _cookie(scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                cookie_name, _, cookie_value = part.strip().partition("=")
                if cookie_name == name:
                    return cookie_value
    return None
