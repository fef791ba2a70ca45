"""Audit (admin): logins, failed logins, look-ups, publishes, codes, revocations and
account changes, newest first, filtered by action with plain links (no form)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from kiosk.hub.console.audit import ACTIONS, list_entries
from kiosk.hub.console.i18n import add_messages
from kiosk.hub.console.render import NavEntry, render
from kiosk.hub.console.web import PREFIX, engine_of, require

PAGE = "audit"
NAV = NavEntry(PAGE, PREFIX + "/audit", "nav.audit", order=70)
PAGE_SIZE = 100
router = APIRouter()


@router.get(PREFIX + "/audit")
def audit_page(request: Request) -> Response:
    require(request, PAGE)
    action = request.query_params.get("action") or None
    if action not in ACTIONS:
        action = None
    before_text = request.query_params.get("before", "")
    before = int(before_text) if before_text.isdigit() else None
    entries = list_entries(engine_of(request), action=action, before_id=before, limit=PAGE_SIZE)
    older = entries[-1].entry_id if len(entries) == PAGE_SIZE else None
    return render(
        request,
        "audit.html",
        {"entries": entries, "actions": ACTIONS, "action": action, "older": older},
        page=PAGE,
    )


add_messages(
    zh={
        "audit.title": "审计日志",
        "audit.lead": "谁在什么时候做了什么。随访码、密码和注册码从不写入日志。",
        "audit.filter": "只看：",
        "audit.all": "全部",
        "audit.none": "没有记录。",
        "audit.col_at": "时间",
        "audit.col_actor": "账号",
        "audit.col_action": "操作",
        "audit.col_station": "驿站",
        "audit.col_detail": "说明",
        "audit.col_address": "地址",
        "audit.older": "更早的记录 →",
        "audit.newest": "← 最新记录",
        "audit.action.login": "登录",
        "audit.action.login_failed": "登录失败",
        "audit.action.login_locked": "账号锁定",
        "audit.action.logout": "退出登录",
        "audit.action.followup_lookup": "随访查询",
        "audit.action.content_published": "发布内容",
        "audit.action.enroll_code_issued": "生成注册码",
        "audit.action.terminal_revoked": "吊销终端",
        "audit.action.account_created": "新建账号",
        "audit.action.account_disabled": "停用账号",
        "audit.action.account_enabled": "启用账号",
        "audit.action.password_set": "设置密码",
        "audit.detail.found": "已显示结果",
        "audit.detail.not_found": "没有结果",
        "audit.detail.other_station": "结果属于其他驿站，未显示",
        "audit.detail.wrong": "密码错误",
        "audit.detail.unknown_account": "没有这个账号",
        "audit.detail.locked": "账号已锁定",
        "audit.detail.disabled": "账号已停用",
        "audit.detail.one_code": "1 个注册码",
    },
    en={
        "audit.title": "Audit log",
        "audit.lead": "Who did what, and when. Follow-up codes, passwords and enrollment codes "
        "are never written here.",
        "audit.filter": "Show only:",
        "audit.all": "all",
        "audit.none": "No entries.",
        "audit.col_at": "Time",
        "audit.col_actor": "Account",
        "audit.col_action": "Action",
        "audit.col_station": "Station",
        "audit.col_detail": "Detail",
        "audit.col_address": "Address",
        "audit.older": "Older entries →",
        "audit.newest": "← Newest entries",
        "audit.action.login": "log-in",
        "audit.action.login_failed": "failed log-in",
        "audit.action.login_locked": "account locked",
        "audit.action.logout": "log-out",
        "audit.action.followup_lookup": "follow-up look-up",
        "audit.action.content_published": "content published",
        "audit.action.enroll_code_issued": "enrollment code issued",
        "audit.action.terminal_revoked": "terminal revoked",
        "audit.action.account_created": "account created",
        "audit.action.account_disabled": "account disabled",
        "audit.action.account_enabled": "account enabled",
        "audit.action.password_set": "password set",
        "audit.detail.found": "result shown",
        "audit.detail.not_found": "no result",
        "audit.detail.other_station": "result of another station, not shown",
        "audit.detail.wrong": "wrong password",
        "audit.detail.unknown_account": "no such account",
        "audit.detail.locked": "account locked",
        "audit.detail.disabled": "account disabled",
        "audit.detail.one_code": "1 code",
    },
)
