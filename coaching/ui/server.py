"""The HTTP side of the app: sign-in cookie routes and response headers (security, lang).

Used by app.py through st.App(routes=..., middleware=...). Nothing here runs per Streamlit session.
"""

from functools import cache

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coaching import accounts, settings
from coaching.content import LANGUAGES
from coaching.store import open_store
from coaching.ui.i18n import LANG_COOKIE
from coaching.ui.session import COOKIE

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self' ws: wss:; worker-src 'self' blob:; frame-src 'self' blob: data:; "
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
    ]


def middleware() -> list[Middleware]:
    return [Middleware(HeadersMiddleware)]


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
    return response


async def end_session(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    accounts.end_session(_engine(), request.cookies.get(COOKIE))
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return response


async def choose_language(request: Request) -> Response:
    lang = (await request.body()).decode(errors="replace").strip()
    if not _same_origin(request) or lang not in LANGUAGES:
        return Response(status_code=403)
    response = Response(status_code=204)
    _set_cookie(response, LANG_COOKIE, lang, max_age=365 * 86400)
    return response


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


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin.split("://", 1)[-1] == request.headers.get("host")


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
