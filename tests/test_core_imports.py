"""The domain core stands alone, in layers (docs/architecture.md): the import contracts in
pyproject.toml hold, they catch a broken one, and nothing in the core hides an import
inside a function except to keep start-up fast."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = 5


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True)


def test_casefile_never_imports_textual():
    code = (
        "import sys, pkgutil, importlib, casefile\n"
        "for m in pkgutil.walk_packages(casefile.__path__, 'casefile.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'screens', 'tui')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_list_command_does_not_import_textual():
    code = "import sys; from tui.cli import build_parser; build_parser(); sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_the_import_contracts_hold():
    out = lint_imports(REPO)
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"Contracts: {CONTRACTS} kept, 0 broken." in out.stdout


# (module, the import added to it, the contract that must then break)
BREAKS = [
    ("casefile/store/index.py", "import casefile.rules.assessment", "casefile in layers"),
    ("casefile/rules/gate.py", "import casefile.actions.pay", "casefile in layers"),
    ("casefile/rules/readings.py", "import casefile.rules.diagnosis", "no import cycles"),
    ("casefile/values/money.py", "import textual", "the domain core never imports"),
    ("screens/history.py", "import tui.app", "screens never import the app"),
    ("screens/history.py", "import casefile.store.tinydb_store", "only the actions reach into the store"),
]


@pytest.mark.parametrize("module, line, contract", BREAKS, ids=[b[2] for b in BREAKS])
def test_a_broken_contract_fails_the_check(tmp_path, module, line, contract):
    for package in ("casefile", "screens", "tui"):
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}\n")
    out = lint_imports(tmp_path)
    assert out.returncode != 0
    broken = [text for text in out.stdout.splitlines() if " BROKEN" in text]
    assert any(text.startswith(contract) for text in broken), out.stdout


def _function_level_imports(path: Path):
    lines = path.read_text().splitlines()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    yield inner, lines[inner.lineno - 1]


def _said_why(lines: list[str], lineno: int) -> bool:
    """"start-up" on the import's line, or in the comment above its block of imports."""
    i = lineno - 1
    while i > 0 and lines[i - 1].strip().startswith(("from ", "import ", "#")):
        i -= 1
    return any("start-up" in line for line in lines[i:lineno])


def test_the_core_imports_inside_a_function_only_for_start_up_speed():
    """A function-level import that hides a cycle is a defect; the only ones allowed keep
    what the read-only commands never use out of their start-up (a slow third-party package:
    tinydb, filelock, platformdirs when --data names the workspace; the case file's models and the rules that read them: `list` reads only
    the index), say so, and would import as well at the top (no cycle through them)."""
    graph = grimp.build_graph("casefile")
    found = []
    for path in sorted((REPO / "casefile").rglob("*.py")):
        lines = path.read_text().splitlines()
        importer = ".".join(path.relative_to(REPO).with_suffix("").parts)
        for node, text in _function_level_imports(path):
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            found.append(module.split(".")[0])
            where = f"{path.relative_to(REPO)}:{node.lineno}: {text.strip()}"
            assert module.split(".")[0] in ("tinydb", "filelock", "platformdirs", "casefile"), where
            assert _said_why(lines, node.lineno), where
            if module.startswith("casefile."):
                assert not graph.chain_exists(importer=module, imported=importer), f"{where} hides a cycle"
    assert set(found) == {"tinydb", "filelock", "platformdirs", "casefile"}  # the check reads the imports it means to
