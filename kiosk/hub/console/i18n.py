"""The console's words in Chinese (default) and English.

Templates call ``_("key")`` or ``_("key", n=3)`` (``str.format`` placeholders). A page
module with words of its own registers them next to its code::

    add_messages(
        zh={"fleet.title": "终端状态"},
        en={"fleet.title": "Fleet health"},
    )

A key missing in the reader's language falls back to Chinese, then to the key itself
(tests/hub/console checks that every key exists in both).
"""

from __future__ import annotations

from starlette.requests import Request

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANG_COOKIE = "kiosk_lang"

MESSAGES: dict[str, dict[str, str]] = {"zh": {}, "en": {}}


def add_messages(zh: dict[str, str], en: dict[str, str]) -> None:
    """Register a page's words; both languages must name the same keys."""
    if zh.keys() != en.keys():
        missing = sorted(zh.keys() ^ en.keys())
        raise ValueError(f"console messages differ between zh and en: {missing}")
    MESSAGES["zh"].update(zh)
    MESSAGES["en"].update(en)


def language(request: Request) -> str:
    """The reader's language: the switch's cookie, else Chinese."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def translate(lang: str, key: str, **values: object) -> str:
    text = MESSAGES.get(lang, {}).get(key) or MESSAGES[DEFAULT_LANGUAGE].get(key) or key
    return text.format(**values) if values else text


def translate_or(lang: str, key: str, fallback: object) -> str:
    """The words for ``key``, or ``fallback`` as given when no language has them (for
    values from data, such as an instrument id the console has no name for)."""
    text = MESSAGES.get(lang, {}).get(key) or MESSAGES[DEFAULT_LANGUAGE].get(key)
    return text if text is not None else str(fallback)


add_messages(
    zh={
        "app.title": "工会驿站管理台",
        "app.skip": "跳到正文",
        "nav.label": "页面",
        "nav.fleet": "终端状态",
        "nav.figures": "服务数据",
        "nav.followup": "随访查询",
        "nav.bookings": "预约",
        "nav.content": "内容",
        "nav.terminals": "终端与注册码",
        "nav.audit": "审计日志",
        "nav.accounts": "账号",
        "nav.signed_in_as": "已登录：{name}（{role}）",
        "nav.logout": "退出登录",
        "lang.switch": "English",
        "lang.switch_label": "切换语言",
        "role.admin": "管理员",
        "role.official": "工会干部",
        "role.counsellor": "咨询师",
        "login.title": "登录",
        "login.username": "用户名",
        "login.password": "密码",
        "login.submit": "登录",
        "login.wrong": "用户名或密码不正确。",
        "login.locked": "密码错误次数过多，账号已锁定 15 分钟。请稍后再试，或联系管理员。",
        "login.disabled": "此账号已停用。请联系管理员。",
        "login.too_many": "登录尝试过于频繁，请一分钟后再试。",
        "login.expired": "您已很久没有操作，请重新登录。",
        "login.logged_out": "您已退出登录。",
        "error.forbidden.title": "无权访问",
        "error.forbidden.text": "您的账号不能使用此页面。",
        "error.csrf.title": "请求被拒绝",
        "error.csrf.text": "表单已过期或不是从本页面提交的，未做任何更改。请返回、刷新页面后重试。",
        "error.not_found.title": "找不到页面",
        "error.not_found.text": "没有这个页面。",
        "error.back": "返回首页",
        "home.title": "欢迎",
        "home.text": "请从上方选择一个页面。",
        "home.none": "您的账号目前没有可用的页面。",
        "common.station": "驿站",
        "common.all_stations": "全部驿站",
        "common.yes": "是",
        "common.no": "否",
        "common.never": "从未",
        "common.cancel": "取消",
        "common.your_stations": "您可查看的驿站：{stations}",
    },
    en={
        "app.title": "Union station console",
        "app.skip": "Skip to content",
        "nav.label": "Pages",
        "nav.fleet": "Fleet",
        "nav.figures": "Figures",
        "nav.followup": "Follow-up",
        "nav.bookings": "Bookings",
        "nav.content": "Content",
        "nav.terminals": "Terminals",
        "nav.audit": "Audit log",
        "nav.accounts": "Accounts",
        "nav.signed_in_as": "Signed in as {name} ({role})",
        "nav.logout": "Log out",
        "lang.switch": "中文",
        "lang.switch_label": "Switch language",
        "role.admin": "admin",
        "role.official": "union official",
        "role.counsellor": "counsellor",
        "login.title": "Log in",
        "login.username": "User name",
        "login.password": "Password",
        "login.submit": "Log in",
        "login.wrong": "The user name or password is not correct.",
        "login.locked": "Too many wrong passwords: the account is locked for 15 minutes. "
        "Try again later or ask an admin.",
        "login.disabled": "This account is disabled. Ask an admin.",
        "login.too_many": "Too many log-in attempts; try again in a minute.",
        "login.expired": "You were idle for a long time; please log in again.",
        "login.logged_out": "You have logged out.",
        "error.forbidden.title": "Not allowed",
        "error.forbidden.text": "Your account may not use this page.",
        "error.csrf.title": "Request refused",
        "error.csrf.text": "The form had expired or was not sent from this page; nothing was "
        "changed. Go back, reload the page and try again.",
        "error.not_found.title": "Page not found",
        "error.not_found.text": "There is no such page.",
        "error.back": "Back to the start page",
        "home.title": "Welcome",
        "home.text": "Choose a page above.",
        "home.none": "Your account has no pages to use at present.",
        "common.station": "Station",
        "common.all_stations": "All stations",
        "common.yes": "yes",
        "common.no": "no",
        "common.never": "never",
        "common.cancel": "Cancel",
        "common.your_stations": "Stations you may see: {stations}",
    },
)
