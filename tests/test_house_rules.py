"""The layering rules of DESIGN.md ("Rules of the house"), read from the source itself.

Every ``import`` statement counts, at module level or inside a function: a lazy
import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, module imported, enclosing function or "") for every import in a file."""
    found: list[tuple[int, str, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, function or child.name)
                continue
            if isinstance(child, ast.Import):
                found.extend((child.lineno, alias.name, function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                # "from kiosk import db" imports kiosk.db: name the submodules too.
                found.append((child.lineno, child.module, function))
                found.extend(
                    (child.lineno, f"{child.module}.{alias.name}", function)
                    for alias in child.names
                )
            visit(child, function)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), "")
    return found


def offenders(folder: str, banned: tuple[str, ...]) -> list[tuple[str, int, str, str]]:
    """(file, line, module, function) for each import of a ``banned`` module under ``folder``."""
    bad = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for line, module, function in imports(path):
            if any(module == name or module.startswith(f"{name}.") for name in banned):
                bad.append((path.relative_to(ROOT).as_posix(), line, module, function))
    return bad


def test_the_rule_reader_sees_every_form_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import kiosk.db.database\n"
        "from kiosk import db\n"
        "def later():\n"
        "    from kiosk.db.database import RecordError\n",
        encoding="utf-8",
    )
    modules = [module for _line, module, _function in imports(sample)]
    assert modules.count("kiosk.db.database") == 2 and "kiosk.db" in modules


def test_ui_never_imports_the_database_layer() -> None:
    """Screens call services in kiosk/ (kiosk.checkin.service, kiosk.attendant.actions…)."""
    assert offenders("ui", ("kiosk.db",)) == []


def test_kiosk_never_imports_qt_or_ui_but_for_the_run_command() -> None:
    bad = offenders("kiosk", ("PySide6", "shiboken6", "ui"))
    allowed = {("kiosk/cli.py", "ui.app", "_cmd_run"), ("kiosk/cli.py", "ui.app.main", "_cmd_run")}
    assert [found for found in bad if (found[0], found[2], found[3]) not in allowed] == []
