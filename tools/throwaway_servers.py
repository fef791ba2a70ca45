"""Throwaway PostgreSQL and CUPS servers for the tests, started and stopped by ``dev.py test``.

The suite needs a PostgreSQL server (``KIOSK_TEST_PG_URL``) and a CUPS
scheduler with a cups-pdf queue (``KIOSK_CUPS_QUEUE``, default ``KioskPDF``).
:func:`servers_for_tests` starts whichever of them is not already there, yields the
environment variables that point the tests at them, and stops what it started
(only that) and deletes its files afterwards:

- PostgreSQL, unless ``KIOSK_TEST_PG_URL`` is set: a new cluster in a temporary
  folder, listening on 127.0.0.1 at a free port (never the default 5432), trust
  authentication, ``fsync=off``; ``KIOSK_TEST_PG_URL`` names its ``kiosk_test`` database.
- CUPS, unless a scheduler answers and already has the queue: a private
  ``cupsd`` whose configuration, spool, logs and socket all live in a temporary
  folder, so it never touches the system's CUPS (running or not). The tests
  reach it through ``CUPS_SERVER`` (its socket); ``CUPS_PDF_OUT`` is where
  cups-pdf writes the PDFs. cups-pdf needs root, so as another user ``cupsd``
  runs through ``sudo``.

Stdlib only: ``dev.py`` runs on the system Python. Run this file to start both,
print the environment and stop them on Enter (to debug the start-up by hand).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

QUEUE = os.environ.get("KIOSK_CUPS_QUEUE", "KioskPDF")
PPDS = (
    "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd",
    "/usr/share/ppd/cups-pdf/CUPS-PDF.ppd",
    "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd",
)
START_TIMEOUT_S = 30


class ServerError(Exception):
    """A server could not be started (the message says which and why)."""


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _run(args: list[str], env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run(
        args, capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def _must(args: list[str], what: str, env: dict[str, str] | None = None) -> str:
    done = _run(args, env)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise ServerError(f"{what} failed: {detail[-1] if detail else f'exit {done.returncode}'}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------- PostgreSQL


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise ServerError("PostgreSQL is not installed (Debian: apt-get install postgresql)")


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[dict[str, str]]:
    """A PostgreSQL cluster of its own on a free port; yields KIOSK_TEST_PG_URL."""
    pg = _pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-test-pg."))
    data, port = folder / "data", free_port()
    # initdb refuses to run as root: there, the cluster belongs to the postgres user.
    as_owner = ["runuser", "-u", "postgres", "--"] if _is_root() else []
    if as_owner:
        shutil.chown(folder, "postgres", "postgres")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    started = False
    try:
        initdb = "-U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync".split()
        _must([*as_owner, str(pg / "initdb"), "-D", str(data), *initdb], "initdb")
        log = folder / "log"
        start = ["-w", "-t", str(START_TIMEOUT_S), "-o", f"{options} -c max_connections=200"]
        _must(
            [*as_owner, str(pg / "pg_ctl"), "-D", str(data), "-l", str(log), *start, "start"],
            f"starting PostgreSQL (log: {log})",
        )
        started = True
        server = ["-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
        _must([str(pg / "createdb"), *server, "kiosk_test"], "createdb kiosk_test")
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/kiosk_test"
        say(f"started a throwaway PostgreSQL ({pg.parent.name}) at 127.0.0.1:{port}")
        yield {"KIOSK_TEST_PG_URL": url}
    finally:
        if started:
            _run([*as_owner, str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
            say(f"stopped the throwaway PostgreSQL at 127.0.0.1:{port}")
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- CUPS


def cups_ready(env: dict[str, str]) -> bool:
    """A scheduler answers (at CUPS_SERVER if set) and has the test queue."""
    if shutil.which("lpstat") is None:
        return False
    env = {**env, "LC_ALL": "C"}
    try:
        running = "scheduler is running" in _run(["lpstat", "-r"], env, timeout=20).stdout
        return running and _run(["lpstat", "-p", QUEUE], env, timeout=20).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def cups_pdf_out() -> str:
    """Where cups-pdf puts the PDF of a job submitted by this user (its ``Out`` setting)."""
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.is_file():
        for line in conf.read_text(errors="replace").splitlines():
            match = re.match(r"\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    user = _run(["id", "-un"]).stdout.strip()
    return out.replace("${HOME}", str(Path.home())).replace("${USER}", user)


def _cupsd_files(folder: Path) -> tuple[Path, Path, Path]:
    """Write a cupsd configuration that keeps every file inside ``folder``."""
    sock = folder / "cups.sock"
    for sub in ("etc", "spool/tmp", "cache", "state", "log"):
        (folder / sub).mkdir(parents=True)
    cupsd_conf = folder / "cupsd.conf"
    cupsd_conf.write_text(
        f"LogLevel warn\nListen {sock}\nBrowsing No\nWebInterface No\n"
        "DefaultAuthType None\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  JobPrivateAccess all\n  JobPrivateValues none\n"
        "  SubscriptionPrivateAccess all\n  SubscriptionPrivateValues none\n"
        "  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    )
    files_conf = folder / "cups-files.conf"
    files_conf.write_text(
        f"ServerRoot {folder / 'etc'}\nRequestRoot {folder / 'spool'}\n"
        f"TempDir {folder / 'spool/tmp'}\nCacheDir {folder / 'cache'}\n"
        f"StateDir {folder / 'state'}\nPrintcap {folder / 'printcap'}\n"
        f"ErrorLog {folder / 'log/error_log'}\nAccessLog {folder / 'log/access_log'}\n"
        f"PageLog {folder / 'log/page_log'}\nFileDevice No\nSystemGroup root\n"
    )
    return cupsd_conf, files_conf, sock


@contextlib.contextmanager
def throwaway_cups() -> Iterator[dict[str, str]]:
    """A private cupsd with a cups-pdf queue; yields CUPS_SERVER and CUPS_PDF_OUT."""
    cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
    ppd = next((p for p in PPDS if Path(p).is_file()), None)
    if not Path(cupsd).is_file() or ppd is None:
        raise ServerError(
            "CUPS or cups-pdf is not installed (Debian: cups printer-driver-cups-pdf)"
        )
    sudo = [] if _is_root() else ["sudo", "-n"]
    if sudo and (not shutil.which("sudo") or subprocess.run(["sudo", "-v"]).returncode != 0):
        raise ServerError(
            "a private CUPS needs root (cups-pdf runs only as root): run as root or with sudo, "
            f"or start CUPS with a cups-pdf queue {QUEUE} yourself"
        )
    folder = Path(tempfile.mkdtemp(prefix="kiosk-test-cups."))
    folder.chmod(0o755)  # cupsd's filters run as lp and read the PPD under it
    cupsd_conf, files_conf, sock = _cupsd_files(folder)
    env = {**os.environ, "CUPS_SERVER": str(sock), "LC_ALL": "C"}
    server = subprocess.Popen(
        [*sudo, cupsd, "-f", "-c", str(cupsd_conf), "-s", str(files_conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "scheduler is running" not in _run(["lpstat", "-r"], env, timeout=20).stdout:
            if server.poll() is not None or time.monotonic() > deadline:
                raise ServerError(f"cupsd did not start (log: {folder / 'log/error_log'})")
            time.sleep(0.2)
        _must(["lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-P", ppd], "lpadmin", env)
        _must(["cupsenable", QUEUE], "cupsenable", env)
        _must(["cupsaccept", QUEUE], "cupsaccept", env)
        say(f"started a throwaway CUPS with queue {QUEUE} at {sock}")
        yield {"CUPS_SERVER": str(sock), "CUPS_PDF_OUT": cups_pdf_out()}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        say("stopped the throwaway CUPS")
        if sudo:
            _run([*sudo, "rm", "-rf", str(folder)])
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- both


@contextlib.contextmanager
def servers_for_tests(
    env: dict[str, str], *, postgres: bool = True, cups: bool = True
) -> Iterator[dict[str, str]]:
    """Start what ``env`` lacks; yield the variables to add to it; stop what was started."""
    with contextlib.ExitStack() as started:
        extra: dict[str, str] = {}
        if postgres and not env.get("KIOSK_TEST_PG_URL"):
            extra.update(started.enter_context(throwaway_postgres()))
        if cups and not cups_ready(env):
            extra.update(started.enter_context(throwaway_cups()))
        yield extra


if __name__ == "__main__":
    with servers_for_tests(dict(os.environ)) as variables:
        for name, value in variables.items():
            print(f"{name}={value}")
        input("Enter stops them. ")
