"""Terminals (admin): enrolled terminals, enrollment codes (one with a QR code, or a CSV
for many stations) and revocation with a confirmation step.

The views are thin over kiosk/hub/enroll.py and kiosk/hub/enroll_csv.py, which the
``kiosk-hub enroll-code`` and ``revoke`` commands use too.
"""

from __future__ import annotations

from typing import Annotated

import qrcode
from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from kiosk.hub.console import audit
from kiosk.hub.console.i18n import add_messages
from kiosk.hub.console.render import NavEntry, render
from kiosk.hub.console.web import PREFIX, client, engine_of, redirect, require, require_post
from kiosk.hub.enroll import (
    DEFAULT_CODE_DAYS,
    check_station_id,
    create_code,
    list_terminals,
    revoke,
)
from kiosk.hub.enroll_csv import StationsFileError, codes_csv, issue_codes, parse_stations_csv

PAGE = "terminals"
NAV = NavEntry(PAGE, PREFIX + "/terminals", "nav.terminals", order=60)
MAX_UPLOAD_BYTES = 256 * 1024
router = APIRouter()


def qr_modules(text: str) -> dict[str, object]:
    """The QR code of ``text`` as a size and the (x, y) of its dark modules, for the
    template to draw as SVG rectangles (no image file, nothing inline for the CSP)."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    dark = [(x, y) for y, row in enumerate(matrix) for x, on in enumerate(row) if on]
    return {"size": len(matrix), "dark": dark}


def _page(
    request: Request,
    *,
    status: int = 200,
    issued: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    station: str = "",
) -> Response:
    return render(
        request,
        "terminals.html",
        {
            "terminals": list_terminals(engine_of(request)),
            "issued": issued,
            "errors": errors or {},
            "station": station,
            "done": request.query_params.get("done", ""),
            "days": DEFAULT_CODE_DAYS,
        },
        page=PAGE,
        status=status,
    )


@router.get(PREFIX + "/terminals")
def terminals_page(request: Request) -> Response:
    require(request, PAGE)
    return _page(request)


@router.post(PREFIX + "/terminals/code")
def new_code(request: Request, station: str = Form(""), csrf_token: str = Form("")) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    station = station.strip()
    try:
        check_station_id(station)
    except ValueError:
        return _page(
            request, status=400, errors={"station": "terminals.bad_station"}, station=station
        )
    engine = engine_of(request)
    code = create_code(engine, station, days=DEFAULT_CODE_DAYS)
    audit.record(
        engine,
        viewer.name,
        "enroll_code_issued",
        station_id=station,
        detail="one_code",
        address=client(request),
    )
    issued = {"code": code, "station": station, "qr": qr_modules(code)}
    return _page(request, issued=issued)


@router.post(PREFIX + "/terminals/codes.csv")
def bulk_codes(
    request: Request,
    stations_file: Annotated[UploadFile | None, File()] = None,
    csrf_token: str = Form(""),
) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    raw = stations_file.file.read(MAX_UPLOAD_BYTES + 1) if stations_file is not None else b""
    try:
        if len(raw) > MAX_UPLOAD_BYTES:
            raise StationsFileError("the file is larger than 256 KiB")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise StationsFileError("the file is not UTF-8 text") from None
        stations = parse_stations_csv(text)
    except StationsFileError as exc:
        return _page(request, status=400, errors={"stations_file": str(exc)})
    engine = engine_of(request)
    codes = issue_codes(engine, stations, days=DEFAULT_CODE_DAYS)
    audit.record(
        engine,
        viewer.name,
        "enroll_code_issued",
        detail=f"{len(codes)} code(s): {', '.join(sorted(set(stations)))}",
        address=client(request),
    )
    return Response(
        codes_csv(codes).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="enrollment-codes.csv"'},
    )


@router.get(PREFIX + "/terminals/{terminal_id}/revoke")
def confirm_revoke(request: Request, terminal_id: str) -> Response:
    require(request, PAGE)
    found = list_terminals(engine_of(request), terminal_id)
    if not found:
        return render(request, "error.html", {"kind": "not_found"}, page=PAGE, status=404)
    return render(request, "revoke.html", {"terminal": found[0]}, page=PAGE)


@router.post(PREFIX + "/terminals/{terminal_id}/revoke")
def do_revoke(request: Request, terminal_id: str, csrf_token: str = Form("")) -> Response:
    viewer = require_post(request, PAGE, csrf_token)
    engine = engine_of(request)
    found = list_terminals(engine, terminal_id)
    if not found or not revoke(engine, terminal_id):
        return render(request, "error.html", {"kind": "not_found"}, page=PAGE, status=404)
    audit.record(
        engine,
        viewer.name,
        "terminal_revoked",
        station_id=found[0].station_id,
        detail=f"{terminal_id} ({found[0].name})",
        address=client(request),
    )
    return redirect(PREFIX + "/terminals?done=revoked")


add_messages(
    zh={
        "terminals.title": "终端与注册码",
        "terminals.new_code": "新终端注册码",
        "terminals.new_code_lead": (
            "为一个驿站生成一次性注册码，有效 {days} 天。"
            "安装人员在终端上运行 kiosk enroll 时输入，或用手机扫描二维码。"
        ),
        "terminals.station": "驿站编号",
        "terminals.station_hint": "字母、数字、点、下划线或连字符，例如 sz-nanshan-01",
        "terminals.new_code_submit": "生成注册码",
        "terminals.bad_station": "驿站编号只能包含字母、数字、“.”、“_”或“-”，最长 128 个字符。",
        "terminals.issued": "驿站 {station} 的注册码（仅可使用一次）：",
        "terminals.qr_label": "注册码二维码",
        "terminals.bulk": "批量生成注册码",
        "terminals.bulk_lead": (
            "上传 CSV 文件（第一列为驿站编号，每行一个），下载每个驿站一个注册码的 CSV。"
        ),
        "terminals.bulk_file": "驿站列表 CSV",
        "terminals.bulk_submit": "生成并下载 CSV",
        "terminals.bulk_error": "无法使用这个文件（{reason}），没有生成任何注册码。",
        "terminals.list": "已注册的终端",
        "terminals.none": "还没有注册的终端。",
        "terminals.col_station": "驿站",
        "terminals.col_name": "终端名称",
        "terminals.col_id": "终端编号",
        "terminals.col_version": "版本",
        "terminals.col_enrolled": "注册时间",
        "terminals.col_seen": "最近联系",
        "terminals.col_state": "状态",
        "terminals.active": "使用中",
        "terminals.revoked": "已吊销",
        "terminals.revoke": "吊销…",
        "terminals.revoked_done": "终端已吊销，它的令牌不再被接受。",
        "revoke.title": "吊销终端",
        "revoke.question": "确定要吊销驿站 {station} 的终端“{name}”吗？",
        "revoke.consequence": (
            "吊销后该终端无法再上传数据或获取内容，需要用新的注册码重新注册。此操作不能撤销。"
        ),
        "revoke.confirm": "确认吊销",
    },
    en={
        "terminals.title": "Terminals and enrollment codes",
        "terminals.new_code": "Code for a new terminal",
        "terminals.new_code_lead": "Make a single-use enrollment code for one station, valid "
        "{days} days. The installer types it into kiosk enroll on the terminal or scans the QR "
        "code with a phone.",
        "terminals.station": "Station id",
        "terminals.station_hint": "letters, digits, '.', '_' or '-', e.g. sz-nanshan-01",
        "terminals.new_code_submit": "Make a code",
        "terminals.bad_station": "A station id has only letters, digits, '.', '_' or '-', "
        "at most 128 characters.",
        "terminals.issued": "Enrollment code for station {station} (single use):",
        "terminals.qr_label": "QR code of the enrollment code",
        "terminals.bulk": "Codes for many stations",
        "terminals.bulk_lead": "Upload a CSV file (station ids in the first column, one a line) "
        "and download a CSV with one code per station.",
        "terminals.bulk_file": "Stations CSV",
        "terminals.bulk_submit": "Make codes and download CSV",
        "terminals.bulk_error": "This file cannot be used ({reason}); no code was made.",
        "terminals.list": "Enrolled terminals",
        "terminals.none": "No terminal is enrolled yet.",
        "terminals.col_station": "Station",
        "terminals.col_name": "Terminal name",
        "terminals.col_id": "Terminal id",
        "terminals.col_version": "Version",
        "terminals.col_enrolled": "Enrolled",
        "terminals.col_seen": "Last contact",
        "terminals.col_state": "State",
        "terminals.active": "active",
        "terminals.revoked": "revoked",
        "terminals.revoke": "Revoke…",
        "terminals.revoked_done": "The terminal is revoked; its token is no longer accepted.",
        "revoke.title": "Revoke a terminal",
        "revoke.question": "Revoke terminal “{name}” of station {station}?",
        "revoke.consequence": "It can then neither upload nor fetch content, and must be "
        "enrolled again with a new code. This cannot be undone.",
        "revoke.confirm": "Revoke",
    },
)
