"""macros/ keeps one role per folder and its imports going one way (README.md, "How it is put
together"): the import contracts in pyproject.toml hold, a wrong-way import breaks them, the
components' Python modules match overrides/components/, no `_private` name is used outside its
module, and only the hooks import inside functions (live reload needs it there)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

MACROS = ROOT / "macros"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    """import-linter's contracts (pyproject.toml) checked against `project`'s macros/."""
    assert LINT_IMPORTS.is_file(), "lint-imports is missing: pinned in requirements.lock, which `make test` installs"
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=project, capture_output=True, text=True,
                          timeout=120)


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and "4 kept" in result.stdout, result.stdout


PLANTED = [
    # (file, the line planted in it, the contract it must break)
    ("core/errors.py", "from macros.checks import report  # core uses nothing of the project\n",
     "Roles in layers"),
    ("output/bundle.py", "from macros.components import timer  # output uses core only\n", "Roles in layers"),
    ("components/dose/__init__.py",
     "def planted():\n    from macros.components import callout  # counted inside a function\n",
     "Components in layers"),
    ("components/dose/__init__.py",
     "def planted():\n    from macros.components import callout  # dose -> callout -> dose\n",
     "No import cycles"),
    ("checks/placeholders.py", "from macros.checks import site  # site -> placeholders -> site\n",
     "No import cycles"),
    ("components/timer.py", "import mkdocs.utils  # only the hooks import MkDocs\n", "Only the hooks import MkDocs"),
]


@pytest.mark.parametrize(("module", "line", "contract"), PLANTED, ids=[f"{m}: {c}" for m, _, c in PLANTED])
def test_a_wrong_way_import_breaks_its_contract(tmp_path, module, line, contract):
    project = tmp_path / "project"
    shutil.copytree(MACROS, project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project)
    planted = project / "macros" / module
    planted.write_text(planted.read_text() + "\n\n" + line)
    result = lint_imports(project)
    assert result.returncode != 0, f"planting {line.strip()!r} in {module} broke no contract:\n{result.stdout}"
    broken = [row for row in result.stdout.splitlines() if " BROKEN" in row]
    assert any(row.startswith(contract) for row in broken), result.stdout


def test_each_component_folder_has_its_python_module_and_each_module_its_folder():
    folders = {path.name for path in (ROOT / "overrides" / "components").iterdir() if path.is_dir()}
    modules = {path.stem if path.suffix == ".py" else path.name for path in (MACROS / "components").iterdir()
               if path.name != "__init__.py" and (path.suffix == ".py" or (path / "__init__.py").is_file())}
    assert folders - modules == set(), "a component folder with no module of the same name in macros/components/"
    assert modules - folders == set(), "a module in macros/components/ with no folder in overrides/components/"


def modules() -> dict[str, ast.Module]:
    """Every module of macros/ by its dotted name, parsed."""
    found = {}
    for path in sorted(MACROS.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = ast.parse(path.read_text(), str(path))
    return found


def test_no_private_name_is_used_outside_its_module():
    every = modules()
    crossing = []
    for name, tree in every.items():
        imported = {}  # local name: the project module it stands for
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("macros"):
                for alias in node.names:
                    if f"{node.module}.{alias.name}" in every:
                        imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                    elif alias.name.startswith("_"):
                        crossing.append(f"{name} imports {node.module}.{alias.name}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imported
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                crossing.append(f"{name} uses {imported[node.value.id]}.{node.attr} (line {node.lineno})")
    assert crossing == []


HOOKS = MACROS / "build" / "hooks.py"


def test_only_the_hooks_import_inside_a_function_and_say_why():
    inside = []
    for path in sorted(MACROS.rglob("*.py")):
        lines = path.read_text().splitlines()
        for function in (n for n in ast.walk(ast.parse("\n".join(lines))) if isinstance(n, ast.FunctionDef)):
            found = [n for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)]
            if found and path != HOOKS:
                inside += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in found]
            elif found and "live reload" not in lines[found[0].lineno - 1]:
                inside.append(f"{path.relative_to(ROOT)}:{found[0].lineno} (no word of why)")
    assert inside == [], "import at the top of the module; only the hooks need not (live reload)"
