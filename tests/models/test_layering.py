"""models/ must import no Qt (docs/architecture.md): checked on the source and on a fresh interpreter."""

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "models"
FORBIDDEN = ("PySide6", "shiboken6", "qtawesome", "ui", "views")
PACKAGES = ("core", "storage", "people", "workspace", "excel", "reports", "cli", "demo")
# Modules that are scripts rather than importable modules: Alembic's environment (it needs a
# connection handed over by models.storage.migrations) and `python -m` entry points.
NOT_IMPORTABLE = ("models.storage.migrations.env",)


def _sources() -> list[Path]:
    return sorted(MODELS.rglob("*.py"))


def test_every_models_package_is_walked():
    """Each folder of Python code is a package (else pkgutil and the check below would skip it)."""
    folders = {path.parent for path in _sources()} - {MODELS / "storage" / "migrations" / "versions"}
    assert [str(f.relative_to(ROOT)) for f in sorted(folders) if not (f / "__init__.py").is_file()] == []
    assert {p.name for p in MODELS.iterdir() if (p / "__init__.py").is_file()} >= set(PACKAGES)


def test_no_models_module_imports_qt_ui_or_views():
    offenders = []
    sources = _sources()
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "import_module" and node.args and isinstance(node.args[0], ast.Constant)):
                names = [str(node.args[0].value)]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
    # The walk reached the sub-packages' modules, not just the top level.
    assert {p.relative_to(MODELS).parts[0] for p in sources} >= set(PACKAGES)


def test_importing_every_models_module_loads_no_qt():
    code = (
        "import importlib, json, pkgutil, sys, models\n"
        f"skip = {NOT_IMPORTABLE!r}\n"
        "done = []\n"
        "for m in pkgutil.walk_packages(models.__path__, 'models.'):\n"
        "    if not m.name.endswith('.__main__') and '.versions' not in m.name and m.name not in skip:\n"
        "        importlib.import_module(m.name)\n"
        "        done.append(m.name)\n"
        "qt = sorted(k for k in sys.modules if k.startswith(('PySide6', 'shiboken6', 'qtawesome')))\n"
        "print(json.dumps({'imported': done, 'qt': qt}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["qt"] == []
    imported = {"models", *report["imported"]}
    expected = {f"models.{package}" for package in PACKAGES} | {
        "models.operations", "models.schema", "models.core.codes", "models.storage.store",
        "models.storage.migrations", "models.people.operations", "models.workspace.workspace",
        "models.excel.roster_import", "models.reports.roster", "models.cli.main", "models.demo.roster",
    }
    assert expected <= imported, sorted(expected - imported)
    # Every source module (scripts and migration scripts aside) was imported.
    modules = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for p in _sources()}
    modules = {m for m in modules if ".versions." not in m and not m.endswith("__main__") and m not in NOT_IMPORTABLE}
    assert modules - imported == set()
