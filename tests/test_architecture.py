"""The import direction reports → evaluations → budgets → departments holds in the code."""

import ast
from pathlib import Path

import grimp
import pytest

from scripts import import_cycles
from scripts.import_cycles import app_cycles

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


def test_no_import_cycle_inside_an_app():
    """What `make lint` checks (scripts/import_cycles.py): no cycle between the modules of one app,
    function-level imports included, so a cycle closed by an import inside a function cannot come
    back unnoticed (the statuses live in ``evaluations.statuses`` for this)."""
    assert app_cycles() == []


def test_a_cycle_inside_an_app_is_reported_module_by_module(capsys, monkeypatch):
    graph = grimp.ImportGraph()
    for module in ("evaluations", "evaluations.models", "evaluations.scoring.models", "budgets", "budgets.money"):
        graph.add_module(module)
    graph.add_import(importer="evaluations.models", imported="evaluations.scoring.models")
    graph.add_import(importer="evaluations.scoring.models", imported="budgets.money")  # another app: no cycle
    assert app_cycles(graph) == []

    graph.add_import(importer="evaluations.scoring.models", imported="evaluations.models")
    assert app_cycles(graph) == [("evaluations.models", "evaluations.scoring.models", "evaluations.models")]
    monkeypatch.setattr(import_cycles, "import_graph", lambda: graph)
    assert import_cycles.main() == 1
    assert (
        "import cycle: evaluations.models → evaluations.scoring.models → evaluations.models" in capsys.readouterr().err
    )
