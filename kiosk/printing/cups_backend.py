"""The `cups` printer: submit with `lp`, read state with `lpstat` (Linux, macOS).

Every call has a timeout and runs with ``LC_ALL=C`` so the output can be
parsed. A spooler that does not answer makes the printer UNKNOWN, never READY.
A slip is only submitted when the queue can print it now: a job queued on a
paused printer would come out later, for whoever happens to be standing there.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Sequence

from kiosk.printing.base import PrinterState, PrinterStatus, PrintResult

DEFAULT_TIMEOUT_S = 5.0

_JOB_RE = re.compile(r"request id is (\S+)")
_SUFFIX_RE = re.compile(r"-(error|warning|report)$")

# printer-state-reasons keyword (severity suffix removed) -> state
_REASONS: dict[str, PrinterState] = {
    "media-empty": PrinterState.MEDIA_EMPTY,
    # media-needed: the printer stopped and waits for paper to be loaded.
    "media-needed": PrinterState.MEDIA_EMPTY,
    "media-low": PrinterState.MEDIA_LOW,
    "offline": PrinterState.OFFLINE,
    "shutdown": PrinterState.OFFLINE,
    "timed-out": PrinterState.OFFLINE,
    "paused": PrinterState.DISABLED,
    "moving-to-paused": PrinterState.DISABLED,
    "media-jam": PrinterState.ERROR,
    "door-open": PrinterState.ERROR,
    "cover-open": PrinterState.ERROR,
    "marker-supply-empty": PrinterState.ERROR,
    "toner-empty": PrinterState.ERROR,
    "output-area-full": PrinterState.ERROR,
    "input-tray-missing": PrinterState.ERROR,
    "cups-missing-filter": PrinterState.ERROR,
    "cups-insecure-filter": PrinterState.ERROR,
}

# When several things are wrong, the worse one is reported.
_PRECEDENCE = (
    PrinterState.MISSING,
    PrinterState.UNKNOWN,
    PrinterState.DISABLED,
    PrinterState.OFFLINE,
    PrinterState.MEDIA_EMPTY,
    PrinterState.ERROR,
    PrinterState.MEDIA_LOW,
    PrinterState.PRINTING,
    PrinterState.READY,
)


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def _worst(states: Sequence[PrinterState]) -> PrinterState:
    return min(states, key=_PRECEDENCE.index)


def state_for_reason(reason: str) -> PrinterState | None:
    """Map one CUPS printer-state-reason to a state; None when it does not matter."""
    keyword = _SUFFIX_RE.sub("", reason)
    if keyword in _REASONS:
        return _REASONS[keyword]
    if keyword.startswith("offline"):
        return PrinterState.OFFLINE
    if reason.endswith("-error") and keyword != "none":
        return PrinterState.ERROR
    return None


def parse_lpstat(printer: str, stdout: str, stderr: str) -> PrinterStatus:
    """Turn the output of ``lpstat -r -l -p PRINTER -a PRINTER`` into a PrinterStatus."""
    lines = stdout.splitlines()
    if any(line.strip() == "scheduler is not running" for line in lines):
        return PrinterStatus(
            PrinterState.UNKNOWN,
            ("scheduler-not-running",),
            printer,
            "the CUPS scheduler is not running",
        )
    head_index = next(
        (i for i, line in enumerate(lines) if line.startswith(f"printer {printer} ")), None
    )
    if head_index is None:
        if "invalid destination" in stderr.lower() or "does not exist" in stderr.lower():
            return PrinterStatus(
                PrinterState.MISSING,
                ("printer-not-found",),
                printer,
                f"no CUPS queue named {printer}",
            )
        detail = (stderr.strip().splitlines() or ["no answer from lpstat"])[0]
        return PrinterStatus(PrinterState.UNKNOWN, ("no-printer-line",), printer, detail)
    head = lines[head_index]
    states: list[PrinterState] = [PrinterState.READY]
    reasons: list[str] = []
    detail = ""
    if " disabled since " in head:
        states.append(PrinterState.DISABLED)
        reasons.append("paused")
        following = lines[head_index + 1] if head_index + 1 < len(lines) else ""
        if following.startswith("\t") and ":" not in following:
            detail = following.strip()
    elif " now printing " in head:
        states.append(PrinterState.PRINTING)
    for line in lines[head_index + 1 :]:
        stripped = line.strip()
        if stripped.startswith("Alerts:"):
            for reason in stripped[len("Alerts:") :].split():
                if reason != "none" and reason not in reasons:
                    reasons.append(reason)
                    state = state_for_reason(reason)
                    if state is not None:
                        states.append(state)
        elif line.startswith(f"{printer} not accepting requests"):
            states.append(PrinterState.DISABLED)
            reasons.append("not-accepting-jobs")
    return PrinterStatus(_worst(states), tuple(reasons), printer, detail)


class CupsBackend:
    """Prints through the CUPS queue ``printer_name`` with the ``lp``/``lpstat`` tools."""

    def __init__(
        self,
        printer_name: str,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        options: Sequence[str] = (),
    ) -> None:
        self.printer = printer_name
        self.timeout_s = timeout_s
        self.options = tuple(options)

    def _run(self, args: list[str], data: bytes | None = None) -> tuple[int, str, str]:
        """Run one CUPS tool with the timeout; return (exit code, stdout, stderr)."""
        env = dict(os.environ, LC_ALL="C", LANG="C")
        done = subprocess.run(
            args, input=data, capture_output=True, env=env, timeout=self.timeout_s, check=False
        )
        return done.returncode, _decode(done.stdout), _decode(done.stderr)

    def _query(self, args: list[str]) -> tuple[int, str, str] | PrinterStatus:
        try:
            return self._run(args)
        except subprocess.TimeoutExpired:
            return PrinterStatus(
                PrinterState.UNKNOWN,
                ("timeout",),
                self.printer,
                f"{args[0]} did not answer within {self.timeout_s:g} s",
            )
        except OSError as exc:
            return PrinterStatus(
                PrinterState.UNKNOWN,
                ("lpstat-failed",),
                self.printer,
                f"cannot run {args[0]}: {exc.strerror or exc}",
            )

    def status(self) -> PrinterStatus:
        """Ask CUPS for the queue's state and reasons (UNKNOWN if it does not answer)."""
        answer = self._query(["lpstat", "-r", "-l", "-p", self.printer, "-a", self.printer])
        if isinstance(answer, PrinterStatus):
            return answer
        return parse_lpstat(self.printer, answer[1], answer[2])

    def print_pdf(self, pdf: bytes, title: str) -> PrintResult:
        """Submit ``pdf`` as job ``title`` when the queue can print now; never raises."""
        status = self.status()
        if not status.can_print:
            return PrintResult.failed(status, status.state.value)
        args = ["lp", "-d", self.printer, "-t", title[:100] or "slip"]
        for option in self.options:
            args += ["-o", option]
        args.append("-")  # read the document from standard input
        try:
            code, out, err = self._run(args, pdf)
        except subprocess.TimeoutExpired:
            unknown = PrinterStatus(
                PrinterState.UNKNOWN,
                ("timeout",),
                self.printer,
                f"lp did not answer within {self.timeout_s:g} s",
            )
            return PrintResult.failed(unknown, "timeout")
        except OSError as exc:
            broken = PrinterStatus(
                PrinterState.ERROR,
                ("lp-failed",),
                self.printer,
                f"cannot run lp: {exc.strerror or exc}",
            )
            return PrintResult.failed(broken, "submit_failed")
        match = _JOB_RE.search(out)
        if code != 0 or match is None:
            detail = (err.strip().splitlines() or [f"lp exited {code}"])[0]
            return PrintResult.failed(status, "submit_failed", detail)
        return PrintResult(True, status, job_id=match.group(1))

    def job_state(self, job_id: str) -> str:
        """Return "pending" while the job waits or prints, "done" once finished, else "unknown"."""
        for which, answer in (
            ("pending", ["lpstat", "-o", self.printer]),
            ("done", ["lpstat", "-W", "completed", "-o", self.printer]),
        ):
            result = self._query(answer)
            if isinstance(result, PrinterStatus):
                return "unknown"
            if any(line.split()[:1] == [job_id] for line in result[1].splitlines()):
                return which
        return "unknown"

    def wait_for_job(self, job_id: str, timeout_s: float = 30.0) -> str:
        """Poll :meth:`job_state` until the job is done or ``timeout_s`` passes."""
        deadline = time.monotonic() + timeout_s
        state = self.job_state(job_id)
        while state == "pending" and time.monotonic() < deadline:
            time.sleep(0.2)
            state = self.job_state(job_id)
        return state
