"""Log in, log out, the language switch and the start page."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from kiosk.hub.console import audit
from kiosk.hub.console.accounts import LoginOutcome, check_login
from kiosk.hub.console.csrf import check_csrf
from kiosk.hub.console.i18n import LANG_COOKIE, LANGUAGES
from kiosk.hub.console.render import NavEntry, nav_for, render
from kiosk.hub.console.sessions import COOKIE, end_session, start_session
from kiosk.hub.console.web import (
    COOKIE_PATH,
    PREFIX,
    client,
    current_viewer,
    engine_of,
    redirect,
    require_signed_in,
    safe_next,
)
from kiosk.hub.ratelimit import forwarded_https, hit, limit_key

NAV: NavEntry | None = None
LOGINS_PER_MINUTE_PER_ADDRESS = 30
router = APIRouter()


def _login_form(request: Request, error: str = "", status: int = 200, name: str = "") -> Response:
    notice = ""
    if request.query_params.get("expired"):
        notice = "login.expired"
    elif request.query_params.get("logged_out"):
        notice = "login.logged_out"
    return render(
        request,
        "login.html",
        {
            "error": error,
            "notice": notice,
            "username": name,
            "next": safe_next(request.query_params.get("next")),
        },
        page="login",
        status=status,
    )


@router.get(PREFIX + "/login")
def login_page(request: Request) -> Response:
    if current_viewer(request) is not None:
        return redirect(safe_next(request.query_params.get("next")))
    return _login_form(request)


@router.post(PREFIX + "/login")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    check_csrf(request, csrf_token)
    engine = engine_of(request)
    address = client(request)
    name = username.strip()
    if not hit(engine, f"login:{limit_key(address)}", LOGINS_PER_MINUTE_PER_ADDRESS, 60).allowed:
        return _login_form(request, "login.too_many", 429, name)
    outcome, account = check_login(engine, name, password)
    actor = account.name if account is not None else None
    if outcome is not LoginOutcome.OK or account is None:
        action = "login_locked" if outcome is LoginOutcome.LOCKED else "login_failed"
        detail = outcome.value if account is not None else "unknown_account"
        audit.record(engine, actor, action, detail=detail, address=address)
        error = {
            LoginOutcome.LOCKED: "login.locked",
            LoginOutcome.DISABLED: "login.disabled",
        }.get(outcome, "login.wrong")
        return _login_form(request, error, 401 if outcome is LoginOutcome.WRONG else 403, name)
    session_id = start_session(engine, account.user_id)
    audit.record(engine, account.name, "login", address=address)
    response = redirect(safe_next(next))
    response.set_cookie(
        COOKIE,
        session_id,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=forwarded_https(request),
    )
    return response


@router.post(PREFIX + "/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    check_csrf(request, csrf_token)
    viewer = current_viewer(request)
    session_id = request.cookies.get(COOKIE)
    if session_id:
        end_session(engine_of(request), session_id)
    if viewer is not None:
        audit.record(engine_of(request), viewer.name, "logout", address=client(request))
    response = redirect(PREFIX + "/login?logged_out=1")
    response.delete_cookie(COOKIE, path=COOKIE_PATH)
    return response


@router.post(PREFIX + "/lang")
def switch_language(
    request: Request,
    lang: str = Form(""),
    next: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    check_csrf(request, csrf_token)
    response = redirect(safe_next(next))
    if lang in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=365 * 24 * 3600,
            path="/",
            httponly=True,
            samesite="strict",
            secure=forwarded_https(request),
        )
    return response


@router.get(PREFIX)
@router.get(PREFIX + "/")
def home(request: Request) -> Response:
    """The first page the account may use (or a short note if there is none)."""
    viewer = require_signed_in(request)
    entries = nav_for(request, viewer)
    if entries:
        return redirect(entries[0].path)
    return render(request, "home.html")
