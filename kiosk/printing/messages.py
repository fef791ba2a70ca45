"""What to tell the worker and the attendant about the printer, in zh and en.

These live in the core (not in Qt's .ts files) because the same sentences go
into the attendant's alerts, the self-test output and logs as well as the UI.
"""

from __future__ import annotations

_WORKER: dict[str, dict[str, str]] = {
    "ready": {"zh": "打印机准备好了。", "en": "The printer is ready."},
    "printing": {"zh": "正在打印，请稍等……", "en": "Printing, please wait…"},
    "media_low": {"zh": "打印机准备好了。", "en": "The printer is ready."},
    "media_empty": {
        "zh": "打印机没纸了。请告诉驿站值班人员，或者扫描屏幕上的二维码。",
        "en": "The printer is out of paper. Please tell the attendant, or scan the code on the "
        "screen instead.",
    },
    "offline": {
        "zh": "打印机暂时连不上。请告诉驿站值班人员，或者扫描屏幕上的二维码。",
        "en": "The printer cannot be reached right now. Please tell the attendant, or scan the "
        "code on the screen instead.",
    },
    "disabled": {
        "zh": "打印机暂停使用了。请告诉驿站值班人员，或者扫描屏幕上的二维码。",
        "en": "The printer is paused. Please tell the attendant, or scan the code on the screen "
        "instead.",
    },
    "missing": {
        "zh": "这台机器没有可用的打印机。请扫描屏幕上的二维码。",
        "en": "No printer is set up here. Please scan the code on the screen instead.",
    },
    "unknown": {
        "zh": "打印机没有回应。请告诉驿站值班人员，或者扫描屏幕上的二维码。",
        "en": "The printer is not answering. Please tell the attendant, or scan the code on the "
        "screen instead.",
    },
    "error": {
        "zh": "打印机出了故障。请告诉驿站值班人员，或者扫描屏幕上的二维码。",
        "en": "The printer has a problem. Please tell the attendant, or scan the code on the "
        "screen instead.",
    },
}

_ATTENDANT: dict[str, dict[str, str]] = {
    "ready": {"zh": "打印机“{printer}”正常。", "en": "Printer “{printer}” is ready."},
    "printing": {"zh": "打印机“{printer}”正在打印。", "en": "Printer “{printer}” is printing."},
    "media_low": {
        "zh": "打印机“{printer}”纸快用完了，请尽快换纸。",
        "en": "Printer “{printer}” is running low on paper; please load a new roll soon.",
    },
    "media_empty": {
        "zh": "打印机“{printer}”没纸了，请装纸。",
        "en": "Printer “{printer}” is out of paper; please load a new roll.",
    },
    "offline": {
        "zh": "打印机“{printer}”离线。请检查电源和连接线。",
        "en": "Printer “{printer}” is offline. Check its power and cable.",
    },
    "disabled": {
        "zh": "打印队列“{printer}”已暂停或不接收任务。请在打印设置中恢复（如 cupsenable）。",
        "en": "Print queue “{printer}” is paused or refusing jobs. Resume it in the printer "
        "settings (e.g. cupsenable).",
    },
    "missing": {
        "zh": "找不到打印机“{printer}”。请检查配置中的打印机名称。",
        "en": "Printer “{printer}” does not exist. Check the printer name in the config.",
    },
    "unknown": {
        "zh": "打印机“{printer}”没有回应，状态未知。请检查打印服务是否在运行。",
        "en": "Printer “{printer}” did not answer; its state is unknown. Check that the print "
        "service is running.",
    },
    "error": {
        "zh": "打印机“{printer}”出错，请查看打印机。",
        "en": "Printer “{printer}” reports an error; please check it.",
    },
}


def worker_message(state: str, lang: str) -> str:
    """The sentence the worker sees for printer ``state``."""
    texts = _WORKER.get(state, _WORKER["error"])
    return texts["en" if lang == "en" else "zh"]


def attendant_message(state: str, lang: str, printer: str, detail: str = "") -> str:
    """The sentence the attendant sees for ``state``, with the spooler's detail appended."""
    texts = _ATTENDANT.get(state, _ATTENDANT["error"])
    message = texts["en" if lang == "en" else "zh"].format(printer=printer or "?")
    return f"{message} ({detail})" if detail else message
