"""Content (``/console/content``, admin): what the hub publishes, with versions; a
resource's Chinese and English fields edited in a form; a preview of its slip made by
the kiosk's own renderer (PDF); publish → a new content version terminals pull.
"""

from __future__ import annotations

import re
from datetime import datetime

from fastapi import APIRouter, Request
from starlette.responses import Response

from kiosk.content.models import CATEGORIES
from kiosk.hub import content as content_store
from kiosk.hub.console import audit
from kiosk.hub.console.content_forms import (
    FORM_FIELDS,
    body_from_form,
    current_resource,
    errors_of,
    form_from_body,
    history,
    items,
)
from kiosk.hub.console.i18n import add_messages
from kiosk.hub.console.render import NavEntry, render
from kiosk.hub.console.web import (
    PREFIX,
    client,
    engine_of,
    redirect,
    require,
    require_post,
)

NAV = NavEntry("content", PREFIX + "/content", "nav.content", order=50)
router = APIRouter()
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")


@router.get(PREFIX + "/content")
def content_page(request: Request) -> Response:
    require(request, "content")
    engine = engine_of(request)
    version, live = items(engine)
    published = request.query_params.get("published", "")
    return render(
        request,
        "content.html",
        {
            "version": version,
            "live": live,
            "history": history(engine),
            "published": int(published) if published.isdigit() else None,
        },
        page="content",
    )


def _resource_form(
    request: Request,
    ident: str,
    values: dict[str, str],
    errors: dict[str, tuple[str, dict[str, object]]],
    published: bool,
    status: int = 200,
) -> Response:
    return render(
        request,
        "content_edit.html",
        {
            "ident": ident,
            "values": values,
            "errors": errors,
            "categories": CATEGORIES,
            "is_published": published,
            "history": history(engine_of(request), kind="resource", ident=ident),
        },
        page="content",
        status=status,
    )


def _known(request: Request, ident: str) -> tuple[dict | None, bool]:
    if not _ID.match(ident):
        from starlette.exceptions import HTTPException

        raise HTTPException(404)
    return current_resource(engine_of(request), ident)


@router.get(PREFIX + "/content/resource/{ident}")
def edit_resource(request: Request, ident: str) -> Response:
    require(request, "content")
    body, published = _known(request, ident)
    if body is None:
        from starlette.exceptions import HTTPException

        raise HTTPException(404)
    return _resource_form(request, ident, form_from_body(body), {}, published)


@router.post(PREFIX + "/content/resource/{ident}")
async def save_resource(request: Request, ident: str) -> Response:
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in FORM_FIELDS}
    action = str(form.get("action", ""))
    csrf = str(form.get("csrf_token", ""))
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_save, request, ident, values, action, csrf)


def _save(request: Request, ident: str, values: dict[str, str], action: str, csrf: str) -> Response:
    viewer = require_post(request, "content", csrf)
    before, published = _known(request, ident)
    version = int((before or {}).get("version", 0) or 0)
    body = body_from_form(ident, max(version, 1), values)
    errors = errors_of(body)
    if errors:
        return _resource_form(request, ident, values, errors, published, status=422)
    if action == "preview":
        return _preview(body, request)
    if published and _without_version(before) == _without_version(body):
        return redirect(PREFIX + "/content?published=0")
    # A new item version, above the shipped one too, so terminals can tell them apart.
    body["version"] = version + 1
    engine = engine_of(request)
    new_version, _changed = content_store.publish(
        engine, [{"kind": "resource", "id": ident, "deleted": False, "body": body}], by=viewer.name
    )
    audit.record(
        engine,
        viewer.name,
        "content_published",
        detail=f"resource {ident} → content version {new_version}",
        address=client(request),
    )
    return redirect(f"{PREFIX}/content?published={new_version}")


def _without_version(body: dict | None) -> dict:
    return {k: v for k, v in (body or {}).items() if k != "version"}


def _preview(body: dict, request: Request) -> Response:
    from kiosk.content.catalogue import resource_from_body
    from kiosk.hub.console.i18n import language
    from kiosk.slips import SlipRequest, render_slip

    slip = SlipRequest(
        station_name="预览 Preview",
        when=datetime.now().astimezone(),
        language=language(request),
        paper="80mm",
        resources=[resource_from_body(body)],
    )
    return Response(
        render_slip(slip),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="preview-{body["id"]}.pdf"'},
    )


add_messages(
    zh={
        "content.title": "内容",
        "content.lead": "终端显示和打印的资源、驿站信息和设置。"
        "发布后，各终端在下次同步时取得新内容。",
        "content.version": "当前内容版本：{v}",
        "content.published": "已发布，内容版本 {v}。终端下次同步时取得。",
        "content.unchanged": "内容没有变化，未发布新版本。",
        "content.resources": "资源",
        "content.stations": "驿站",
        "content.settings": "设置",
        "content.instruments": "量表",
        "content.col.id": "编号",
        "content.col.title": "名称",
        "content.col.category": "类别",
        "content.col.version": "版本",
        "content.col.content_version": "内容版本",
        "content.col.updated": "更新时间",
        "content.shipped": "随软件自带，未在平台发布",
        "content.edit": "编辑",
        "content.none": "尚未发布。",
        "content.history": "发布记录",
        "content.history.by": "发布人",
        "content.history.items": "更改的内容",
        "content.history.cli": "命令行",
        "content.history.none": "还没有发布记录。",
        "content.deleted": "（删除）",
        "content.edit.title": "编辑资源：{id}",
        "content.edit.lead": "中文和英文都要填写。保存前可以先预览打印出来的资源单。",
        "content.edit.errors": "有 {n} 处需要修改，见各栏下方的提示。",
        "content.field.category": "类别",
        "content.field.title": "标题",
        "content.field.summary": "简介",
        "content.field.detail": "详细说明",
        "content.field.hours": "开放时间（可不填）",
        "content.field.phone": "电话（可不填）",
        "content.field.url": "网址（可不填，二维码内容）",
        "content.lang.zh": "中文",
        "content.lang.en": "英文",
        "content.preview": "预览资源单（PDF）",
        "content.publish": "发布",
        "content.back": "返回内容列表",
        "content.category.counselling": "心理咨询",
        "content.category.hotline": "热线",
        "content.category.legal": "法律援助",
        "content.category.nearby": "附近驿站",
        "content.category.selfhelp": "自助方法",
        "content.err.required": "必填，不能为空。",
        "content.err.too_long": "太长了，最多 {n} 个字符。",
        "content.err.choose": "请选择一项。",
        "content.err.pattern": "格式不对，电话只能包含数字、空格和 + ( ) / -。",
        "content.err.url": "网址须以 https://、http:// 或 tel: 开头。",
        "content.err.other": "这一栏的内容不符合要求。",
    },
    en={
        "content.title": "Content",
        "content.lead": "The resources, stations and settings terminals show and print. "
        "Terminals pull what is published on their next sync.",
        "content.version": "Content version: {v}",
        "content.published": "Published as content version {v}; terminals get it on their "
        "next sync.",
        "content.unchanged": "Nothing changed, so no new version was published.",
        "content.resources": "Resources",
        "content.stations": "Stations",
        "content.settings": "Settings",
        "content.instruments": "Instruments",
        "content.col.id": "Id",
        "content.col.title": "Title",
        "content.col.category": "Category",
        "content.col.version": "Version",
        "content.col.content_version": "Content version",
        "content.col.updated": "Updated",
        "content.shipped": "shipped with the kiosk, not published by the hub",
        "content.edit": "Edit",
        "content.none": "Nothing published yet.",
        "content.history": "Publishes",
        "content.history.by": "By",
        "content.history.items": "Changed",
        "content.history.cli": "command line",
        "content.history.none": "Nothing was published yet.",
        "content.deleted": "(deleted)",
        "content.edit.title": "Edit resource: {id}",
        "content.edit.lead": "Fill in both Chinese and English. Preview the printed slip "
        "before you publish.",
        "content.edit.errors": "{n} field(s) need changing; see the notes below them.",
        "content.field.category": "Category",
        "content.field.title": "Title",
        "content.field.summary": "Summary",
        "content.field.detail": "Details",
        "content.field.hours": "Opening hours (optional)",
        "content.field.phone": "Phone (optional)",
        "content.field.url": "Web address (optional; the QR code)",
        "content.lang.zh": "Chinese",
        "content.lang.en": "English",
        "content.preview": "Preview the slip (PDF)",
        "content.publish": "Publish",
        "content.back": "Back to content",
        "content.category.counselling": "Counselling",
        "content.category.hotline": "Hotline",
        "content.category.legal": "Legal aid",
        "content.category.nearby": "Nearby stations",
        "content.category.selfhelp": "Self-help",
        "content.err.required": "Required; must not be blank.",
        "content.err.too_long": "Too long: at most {n} characters.",
        "content.err.choose": "Choose one.",
        "content.err.pattern": "Not valid: a phone number holds digits, spaces and + ( ) / - only.",
        "content.err.url": "A web address starts with https://, http:// or tel:.",
        "content.err.other": "This field is not valid.",
    },
)
