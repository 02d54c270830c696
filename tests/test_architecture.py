"""The import direction reports → evaluations → budgets → departments holds in the code."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["departments", "budgets", "evaluations", "reports"]


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_only_lower_layers(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) - allowed
    }
    assert offenders == {}


def test_no_module_imports_itself_back_inside_evaluations():
    """No cycle of modules inside evaluations (function-level imports included): import-linter's
    contracts check packages; this checks every module, so a cycle closed by an import inside a
    function cannot come back unnoticed (the statuses live in ``evaluations.statuses`` for this)."""
    import grimp

    graph = grimp.build_graph("evaluations", "budgets", "departments", "reports", "config")
    modules = sorted(module for module in graph.modules if module.startswith("evaluations."))
    cycles = []
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("evaluations.") and graph.chain_exists(importer=imported, imported=module):
                cycles.append(f"{module} → {imported} → … → {module}")
    assert cycles == []
