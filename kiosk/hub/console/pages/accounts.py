"""Accounts (admin): list, add, disable or enable, and set a password — the same
functions as ``kiosk-hub user …`` (kiosk/hub/console/accounts.py)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from kiosk.hub.console import audit
from kiosk.hub.console.accounts import (
    AccountError,
    check_name,
    check_password,
    check_role,
    create_account,
    find_account,
    list_accounts,
    parse_stations,
    set_disabled,
    set_password,
)
from kiosk.hub.console.i18n import add_messages
from kiosk.hub.console.permissions import ROLES
from kiosk.hub.console.render import NavEntry, render
from kiosk.hub.console.web import PREFIX, client, engine_of, redirect, require, require_post
from kiosk.hub.schema import utcnow

PAGE = "accounts"
NAV = NavEntry(PAGE, PREFIX + "/accounts", "nav.accounts", order=80)
router = APIRouter()


def _page(
    request: Request,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    return render(
        request,
        "accounts.html",
        {
            "accounts": list_accounts(engine_of(request)),
            "roles": ROLES,
            "errors": errors or {},
            "form": form or {"name": "", "role": "counsellor", "stations": ""},
            "done": request.query_params.get("done", ""),
            "now": utcnow(),
        },
        page=PAGE,
        status=status,
    )


@router.get(PREFIX + "/accounts")
def accounts_page(request: Request) -> Response:
    require(request, PAGE)
    return _page(request)


@router.post(PREFIX + "/accounts")
def add_account(
    request: Request,
    name: str = Form(""),
    role: str = Form(""),
    stations: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    name = name.strip()
    form = {"name": name, "role": role, "stations": stations}
    errors: dict[str, str] = {}
    chosen: tuple[str, ...] | None = None
    for field, check in (
        ("name", lambda: check_name(name)),
        ("role", lambda: check_role(role)),
        ("password", lambda: check_password(password)),
    ):
        try:
            check()
        except AccountError:
            errors[field] = f"accounts.bad_{field}"
    try:
        chosen = parse_stations(stations)
    except AccountError:
        errors["stations"] = "accounts.bad_stations"
    if not errors and role == "admin" and chosen:
        errors["stations"] = "accounts.admin_all_stations"
    engine = engine_of(request)
    if not errors and find_account(engine, name) is not None:
        errors["name"] = "accounts.name_taken"
    if errors:
        return _page(request, status=400, errors=errors, form=form)
    create_account(engine, name, role, password, chosen)
    where = ", ".join(chosen) if chosen else "all stations"
    audit.record(
        engine,
        viewer.name,
        "account_created",
        detail=f"{name} ({role}; {where})",
        address=client(request),
    )
    return redirect(PREFIX + "/accounts?done=created")


@router.post(PREFIX + "/accounts/{name}/disabled")
def toggle_disabled(
    request: Request, name: str, disabled: str = Form(""), csrf_token: str = Form("")
) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    engine = engine_of(request)
    turn_off = disabled == "yes"
    if turn_off and name == viewer.name:
        return _page(request, status=400, errors={"row": "accounts.not_yourself"})
    if not set_disabled(engine, name, turn_off):
        return render(request, "error.html", {"kind": "not_found"}, page=PAGE, status=404)
    action = "account_disabled" if turn_off else "account_enabled"
    audit.record(engine, viewer.name, action, detail=name, address=client(request))
    return redirect(PREFIX + "/accounts?done=" + ("disabled" if turn_off else "enabled"))


@router.post(PREFIX + "/accounts/{name}/password")
def new_password(
    request: Request, name: str, password: str = Form(""), csrf_token: str = Form("")
) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    engine = engine_of(request)
    try:
        check_password(password)
    except AccountError:
        return _page(request, status=400, errors={"row": "accounts.bad_password"})
    if not set_password(engine, name, password):
        return render(request, "error.html", {"kind": "not_found"}, page=PAGE, status=404)
    audit.record(engine, viewer.name, "password_set", detail=name, address=client(request))
    return redirect(PREFIX + "/accounts?done=password")


add_messages(
    zh={
        "accounts.title": "账号",
        "accounts.list": "现有账号",
        "accounts.col_name": "用户名",
        "accounts.col_role": "角色",
        "accounts.col_stations": "可查看的驿站",
        "accounts.col_state": "状态",
        "accounts.col_actions": "操作",
        "accounts.active": "正常",
        "accounts.disabled": "已停用",
        "accounts.locked": "已锁定至 {until}",
        "accounts.disable": "停用",
        "accounts.enable": "启用",
        "accounts.set_password": "设置新密码",
        "accounts.new_password": "新密码",
        "accounts.add": "新建账号",
        "accounts.name": "用户名",
        "accounts.role": "角色",
        "accounts.stations": "驿站（可选）",
        "accounts.stations_hint": "用逗号分隔的驿站编号；留空表示全部驿站",
        "accounts.password": "初始密码",
        "accounts.password_hint": "至少 10 个字符",
        "accounts.add_submit": "新建",
        "accounts.done.created": "账号已建立。",
        "accounts.done.disabled": "账号已停用，其登录会话已结束。",
        "accounts.done.enabled": "账号已启用。",
        "accounts.done.password": "密码已更改，该账号需要重新登录。",
        "accounts.bad_name": "用户名须为 1–64 个字母、数字或 . _ @ -。",
        "accounts.bad_role": "请选择一个角色。",
        "accounts.bad_password": "密码至少需要 10 个字符。",
        "accounts.bad_stations": "驿站编号只能包含字母、数字、“.”、“_”或“-”，用逗号分隔。",
        "accounts.admin_all_stations": "管理员可查看全部驿站，请不要填写驿站。",
        "accounts.name_taken": "这个用户名已经存在。",
        "accounts.not_yourself": "不能停用自己正在使用的账号。",
    },
    en={
        "accounts.title": "Accounts",
        "accounts.list": "Accounts",
        "accounts.col_name": "User name",
        "accounts.col_role": "Role",
        "accounts.col_stations": "Stations",
        "accounts.col_state": "State",
        "accounts.col_actions": "Actions",
        "accounts.active": "active",
        "accounts.disabled": "disabled",
        "accounts.locked": "locked until {until}",
        "accounts.disable": "Disable",
        "accounts.enable": "Enable",
        "accounts.set_password": "Set new password",
        "accounts.new_password": "New password",
        "accounts.add": "Add an account",
        "accounts.name": "User name",
        "accounts.role": "Role",
        "accounts.stations": "Stations (optional)",
        "accounts.stations_hint": "station ids separated by commas; empty for all stations",
        "accounts.password": "First password",
        "accounts.password_hint": "at least 10 characters",
        "accounts.add_submit": "Add",
        "accounts.done.created": "The account was created.",
        "accounts.done.disabled": "The account is disabled and its sessions have ended.",
        "accounts.done.enabled": "The account is enabled.",
        "accounts.done.password": "The password was changed; the account must log in again.",
        "accounts.bad_name": "A user name is 1-64 letters, digits, '.', '_', '@' or '-'.",
        "accounts.bad_role": "Choose a role.",
        "accounts.bad_password": "The password needs at least 10 characters.",
        "accounts.bad_stations": "Station ids have only letters, digits, '.', '_' or '-', "
        "separated by commas.",
        "accounts.admin_all_stations": "An admin sees every station; leave stations empty.",
        "accounts.name_taken": "An account with this name exists already.",
        "accounts.not_yourself": "You cannot disable the account you are using.",
    },
)
