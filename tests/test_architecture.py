"""The core must run without Qt: no module under gdb_facilitator/core may import it."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "gdb_facilitator" / "core"
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _imported_modules(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_no_core_module_imports_qt():
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for name in _imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(CORE.parent)} imports {name}")
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt():
    code = (
        "import pkgutil, importlib, sys\n"
        "import gdb_facilitator.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'gdb_facilitator.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_venue_server_loads_no_qt():
    # It runs beside Qt in the app and without it in `gdb-facilitator venue` (and on a server).
    code = (
        "import sys\n"
        "import gdb_facilitator.venue.server, gdb_facilitator.venue.security, gdb_facilitator.venue.i18n\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# -- who may know whom ------------------------------------------------------------------
# The entry point (gdb_facilitator/entry.py) is the only module that knows both the command
# line and the app. The CLI, the GUI and the self-test never import each other (not even
# inside a function), so no import circle can come back between them.

PACKAGE = CORE.parent


def _unit(module: str) -> str | None:
    """The part of the program a module belongs to: 'ui', 'core', 'venue', 'cli', 'entry', ..."""
    parts = module.split(".")
    if parts[0] != "gdb_facilitator":
        return None
    return parts[1] if len(parts) > 1 else "package"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_edges() -> set[tuple[str, str, str]]:
    """(importing unit, imported unit, where) for every gdb_facilitator import, at any depth."""
    edges = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, module, path.name == "__init__.py")
                # "from gdb_facilitator import cli" names the module in the alias
                targets = [f"{base}.{a.name}" if base == "gdb_facilitator" else base for a in node.names]
            else:
                continue
            for target in targets:
                src, dst = _unit(module), _unit(target)
                if dst and dst != src:
                    edges.add((src, dst, f"{path.relative_to(PACKAGE.parent)}:{node.lineno} imports {target}"))
    return edges


FORBIDDEN_EDGES = {
    ("cli", "ui"), ("cli", "selftest"), ("cli", "entry"),
    ("ui", "cli"), ("ui", "selftest"), ("ui", "entry"),
    ("selftest", "cli"), ("selftest", "entry"),
    ("core", "cli"), ("core", "ui"), ("core", "selftest"), ("core", "entry"), ("core", "venue"),
    ("venue", "cli"), ("venue", "ui"), ("venue", "selftest"), ("venue", "entry"),
}


def test_only_the_entry_point_knows_both_the_cli_and_the_gui():
    offenders = sorted(where for src, dst, where in import_edges() if (src, dst) in FORBIDDEN_EDGES)
    assert offenders == []


def test_the_program_parts_import_no_circle():
    graph: dict[str, set[str]] = {}
    for src, dst, _where in import_edges():
        graph.setdefault(src, set()).add(dst)

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            unit = todo.pop()
            for nxt in graph.get(unit, ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    circles = sorted(unit for unit in graph if reaches(unit, unit))
    assert circles == []


def test_the_console_script_the_module_and_the_build_start_at_the_entry_point():
    root = PACKAGE.parent
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'gdb-facilitator = "gdb_facilitator.entry:main"' in pyproject
    assert "from gdb_facilitator.entry import main" in (PACKAGE / "__main__.py").read_text(encoding="utf-8")
    assert '"gdb_facilitator" / "__main__.py"' in (root / "build.spec").read_text(encoding="utf-8")


def test_the_import_check_sees_a_circle_when_there_is_one(tmp_path):
    # The check above must be able to fail: a function-level import of the CLI from the GUI
    # (the shape of the old circle) is an edge it reports.
    tree = ast.parse("def main():\n    from gdb_facilitator.cli import main as cli_main\n")
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom))
    assert _unit(_absolute(node, "gdb_facilitator.ui.app", False)) == "cli"


def test_every_command_the_cli_handles_is_routed_by_the_entry_point():
    # The entry point knows the command names without importing the CLI (start-up):
    # a command missing from commands.COMMANDS would open the app instead of running.
    from gdb_facilitator import cli, commands

    assert set(commands.COMMANDS) == set(cli.HANDLERS)
