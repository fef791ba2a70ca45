"""The worker's booking page in Chinese and English (the console's message registry)."""

from __future__ import annotations

from kiosk.hub.console.i18n import add_messages

add_messages(
    zh={
        "booking.title": "我的心理咨询预约",
        "booking.code": "预约码",
        "booking.status.confirmed": "已确认：第 {n} 位",
        "booking.status.waitlisted": "候补中：排第 {n} 位，有人取消时自动递补",
        "booking.status.cancelled_worker": "已取消（您取消了这次预约）",
        "booking.status.cancelled_union": "已取消：工会取消了这次咨询，很抱歉",
        "booking.status.refused_session_full": "未能预约：名额已满",
        "booking.status.refused_session_cancelled": "未能预约：这次咨询已被取消",
        "booking.status.refused_session_past": "未能预约：您选的时间已经过了",
        "booking.status.refused_unknown_session": "未能预约：找不到您选的咨询时段",
        "booking.status.unknown": "还没有收到这个预约",
        "booking.unknown.text": (
            "如果您是在驿站断网时预约的，驿站联网后才会传到这里。请稍后再来查看，"
            "并核对预约码是否输入正确。"
        ),
        "booking.when": "时间",
        "booking.where": "地点",
        "booking.map": "在地图上查看",
        "booking.bring.title": "请带上",
        "booking.bring.text": "这个预约码或打印的预约单。不需要身份证，也不需要报姓名。",
        "booking.bring.result": "您选择了把测评结果带给咨询师，咨询师会看到它。",
        "booking.cancel": "取消预约",
        "booking.cancel.note": "如果不能来，请取消，把名额留给别人。",
        "booking.cancelled_now": "已为您取消。",
        "booking.limited": "查询太频繁了，请一分钟后再试。",
        "booking.privacy": "这个页面不记录您的姓名或电话。",
        "booking.switch": "English",
    },
    en={
        "booking.title": "My counselling booking",
        "booking.code": "Booking code",
        "booking.status.confirmed": "Confirmed: you are number {n}",
        "booking.status.waitlisted": (
            "On the waiting list: place {n}; you move up if someone cancels"
        ),
        "booking.status.cancelled_worker": "Cancelled (you cancelled this booking)",
        "booking.status.cancelled_union": "Cancelled: the union cancelled this session, sorry",
        "booking.status.refused_session_full": "Not booked: the session is full",
        "booking.status.refused_session_cancelled": "Not booked: the session was cancelled",
        "booking.status.refused_session_past": "Not booked: the time you chose has passed",
        "booking.status.refused_unknown_session": "Not booked: the session you chose was not found",
        "booking.status.unknown": "Not received yet",
        "booking.unknown.text": "If you booked while the station was offline, your booking "
        "arrives here once the station is back online; look again later. Check the code too.",
        "booking.when": "When",
        "booking.where": "Where",
        "booking.map": "Show on a map",
        "booking.bring.title": "Bring",
        "booking.bring.text": "This code or the printed slip. No ID card and no name needed.",
        "booking.bring.result": "You chose to bring your check-up result; the counsellor sees it.",
        "booking.cancel": "Cancel the booking",
        "booking.cancel.note": "If you cannot come, cancel so someone else can have the seat.",
        "booking.cancelled_now": "Your booking is cancelled.",
        "booking.limited": "Too many look-ups; try again in a minute.",
        "booking.privacy": "This page keeps no name or phone number.",
        "booking.switch": "中文",
    },
)
