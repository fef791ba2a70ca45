#!/usr/bin/env python3
"""Set up and run Station Kiosk from a fresh checkout: ``python3 dev.py run`` / ``test``.

Only Python 3.11+ is assumed. On Debian/Ubuntu the system packages Qt and the
tests need are installed with apt-get (as root, or through sudo); then a
``.venv`` is made, the project installed into it with its extras, the Qt
translations built, and the command run. Re-running skips whatever is done.

    python3 dev.py run [kiosk run options]   # the kiosk on its embedded demo defaults
    python3 dev.py test [pytest options]     # ruff, then the whole test suite
    python3 dev.py bench                     # the benchmark table
    python3 dev.py setup                     # only set up

``test`` (on Linux) also starts a throwaway PostgreSQL and a private CUPS with
its PDF queue when none is there (``tools/throwaway_servers.py``), stops them
afterwards, and makes a skipped test fail the run: the README's command runs
the whole suite, as CI does. ``bench`` starts PostgreSQL the same way.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")

# What Qt needs to start (offscreen or on X11) on a minimal Debian, plus venv itself.
RUN_DEBS = [
    "python3-venv",
    "libgl1",
    "libegl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libdbus-1-3",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libxcb-render-util0",
    "libxcb-image0",
]
# What the tests read PDFs, QR codes and print spoolers with.
TEST_DEBS = [
    "poppler-utils",
    "zbar-tools",
    "libzbar0",
    "cups",
    "cups-bsd",
    "cups-client",
    "printer-driver-cups-pdf",
    "postgresql",
    "xvfb",
    "binutils",
    "chromium",
    "chromium-driver",
    "fonts-wqy-microhei",  # Chinese text in the console's browser tests and screenshots
]


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def missing_debs(packages: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${db:Status-Status}\n", *packages],
        capture_output=True,
        text=True,
    ).stdout
    installed = {line.split()[0] for line in out.splitlines() if line.endswith(" installed")}
    return [p for p in packages if p not in installed]


def ensure_debs(packages: list[str]) -> None:
    """apt-get install what is missing; explain and stop if we cannot."""
    missing = missing_debs(packages)
    if not missing or not shutil.which("apt-get"):
        return
    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            sys.exit(f"dev.py: please install these packages first: {' '.join(missing)}")
        prefix = ["sudo"]
    say(f"installing system packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True,
        env=env,
    )


def ensure_venv() -> None:
    stamp = VENV / ".installed"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and PY.exists():
        return
    if not PY.exists():
        say("creating .venv")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    say("installing the project and its dependencies into .venv")
    pip = [str(PY), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[hub,dev]"], check=True)
    stamp.write_text(digest)


def build_translations() -> None:
    script = ROOT / "tools" / "build_translations.py"
    if script.exists():
        subprocess.run([str(PY), str(script), "--release-only"], check=True, cwd=ROOT)


def setup(test_tools: bool) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on the system Python
        sys.exit("dev.py: Station Kiosk needs Python 3.11 or newer")
    if sys.platform.startswith("linux"):
        ensure_debs(RUN_DEBS + (TEST_DEBS if test_tools else []))
    ensure_venv()
    build_translations()


def with_servers(env: dict[str, str], args: list[str], *, cups: bool) -> int:
    """Run ``args`` with the servers the tests need; stop the ones started here afterwards."""
    if not sys.platform.startswith("linux"):
        return subprocess.run(args, env=env, cwd=ROOT).returncode
    sys.path.insert(0, str(ROOT / "tools"))
    from throwaway_servers import ServerError, servers_for_tests

    try:
        with servers_for_tests(env, cups=cups) as extra:
            return subprocess.run(args, env={**env, **extra}, cwd=ROOT).returncode
    except ServerError as exc:
        say(str(exc))
        return 1


def has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    env = dict(os.environ)
    if command == "setup":
        setup(test_tools=True)
        return 0
    if command == "run":
        setup(test_tools=False)
        args = [str(PY), "-m", "kiosk.cli", "run", *rest]
        if not has_display() and "QT_QPA_PLATFORM" not in env:
            say("no display here: starting offscreen and stopping once the kiosk is ready")
            env["QT_QPA_PLATFORM"] = "offscreen"
            if "--quit-when-ready" not in rest:
                args.append("--quit-when-ready")
        return subprocess.run(args, env=env, cwd=ROOT).returncode
    if command == "test":
        setup(test_tools=True)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        if sys.platform.startswith("linux"):
            env.setdefault("KIOSK_TEST_NO_SKIPS", "1")  # tests/conftest.py: a skip fails
        lint = subprocess.run([str(PY), "-m", "ruff", "check", "."], env=env, cwd=ROOT)
        tests = with_servers(env, [str(PY), "-m", "pytest", *rest], cups=True)
        return tests or lint.returncode
    if command == "bench":
        setup(test_tools=True)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        return with_servers(env, [str(PY), "-m", "benchmarks", *rest], cups=False)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
