"""Rules of the code's shape, checked on its source: layers point views → ui → models, and no
widget or dialog writes to the database except through an operation of the workspace."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUI_FILES = sorted([*ROOT.glob("ui/**/*.py"), *ROOT.glob("views/**/*.py")])
# What only the write path may use: the store's write transaction, SQL write statements, sessions.
WRITE_CALLS = {"transaction", "add_all", "flush", "commit", "merge", "bulk_save_objects", "bulk_insert_mappings"}
# Entry points that open data files themselves (the program's start and its restore of a damaged file at
# start, the self-test's scratch files).
OPENS_FILES = {"app.py", "start_restore.py", "self_test.py"}
WRITE_IMPORTS = {"insert", "update", "delete", "Session", "sessionmaker"}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imports(tree: ast.Module) -> list[tuple[str, list[str]]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
    return found


@pytest.mark.parametrize("path", GUI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_gui_code_never_writes_outside_an_operation(path):
    tree = _tree(path)
    for module, names in _imports(tree):
        if module.startswith("sqlalchemy"):
            assert not set(names) & WRITE_IMPORTS, f"{path.name} imports {names} from {module}"
        assert module != "models.storage.store" or "Store" not in names or path.name in OPENS_FILES, \
            f"{path.name}: widgets get the workspace through the OperationRunner, not the Store"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in WRITE_CALLS:
                pytest.fail(f"{path.name}:{node.lineno} calls .{name}(): writes go through runner.run(operation)")
            if name.endswith("_in") and isinstance(node.func.value, ast.Name):
                pytest.fail(f"{path.name}:{node.lineno} calls {name}(): a step of an operation, not an operation")
        if isinstance(node, ast.Attribute) and node.attr == "session" and isinstance(node.ctx, ast.Load):
            parent = node.value
            if isinstance(parent, ast.Attribute) and parent.attr in ("store", "workspace"):
                pytest.fail(f"{path.name}:{node.lineno}: use runner.read() to read, runner.run() to write")


@pytest.mark.parametrize("package,forbidden", [("models", ("ui", "views", "PySide6")), ("ui", ("views",))])
def test_layers_point_one_way(package, forbidden):
    for path in sorted(ROOT.glob(f"{package}/**/*.py")):
        for module, _ in _imports(_tree(path)):
            assert module.split(".")[0] not in forbidden, f"{path.relative_to(ROOT)} imports {module}"


def test_no_import_cycles_between_models_packages():
    """models/<package> may use lower packages; the CLI and excel must not import each other."""
    edges: dict[str, set[str]] = {}
    for path in ROOT.glob("models/*/**/*.py"):
        package = path.relative_to(ROOT / "models").parts[0]
        for module, _ in _imports(_tree(path)):
            parts = module.split(".")
            if parts[0] == "models" and len(parts) > 1 and parts[1] != package and (ROOT / "models" / parts[1]).is_dir():
                edges.setdefault(package, set()).add(parts[1])
    for package, targets in edges.items():
        for target in targets:
            assert package not in _reachable(edges, target), f"models.{package} and models.{target} import each other"


def _reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
