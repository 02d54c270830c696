"""No import cycle between the modules of one app: `make lint` runs this, tests/test_architecture.py
calls ``app_cycles`` too.

import-linter's ``acyclic_siblings`` contract compares the children of a package; this looks at
every module of departments, budgets, evaluations and reports, imports inside functions included
(grimp, the graph import-linter builds on), so a cycle closed by a function-level import is found as
well. Exit status 1, with each cycle printed, when there is one.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("departments", "budgets", "evaluations", "reports")


def import_graph():
    import grimp

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return grimp.build_graph(*APPS, cache_dir=None)


def _in_app(module: str, app: str) -> bool:
    return module == app or module.startswith(app + ".")


def _components(modules: list[str], imports: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(imports[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(imports[target])))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _shortest_cycle(start: str, imports: dict[str, list[str]], members: set[str]) -> list[str]:
    """start → … → start through the component's modules (breadth first: the shortest)."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for target in imports[module]:
                if target not in members:
                    continue
                if target == start:
                    path = [module]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if target not in previous:
                    previous[target] = module
                    following.append(target)
        frontier = following
    return [start]


def app_cycles(graph=None) -> list[tuple[str, ...]]:
    """One cycle (a → b → … → a) per group of modules of one app that import each other round."""
    graph = graph if graph is not None else import_graph()
    cycles = []
    for app in APPS:
        modules = sorted(module for module in graph.modules if _in_app(module, app))
        imports = {
            module: sorted(
                target
                for target in graph.find_modules_directly_imported_by(module)
                if _in_app(target, app) and target != module
            )
            for module in modules
        }
        for component in _components(modules, imports):
            cycles.append(tuple(_shortest_cycle(component[0], imports, set(component))))
    return cycles


def main() -> int:
    cycles = app_cycles()
    for cycle in cycles:
        print("import cycle: " + " → ".join(cycle), file=sys.stderr)
    if cycles:
        print(f"{len(cycles)} import cycle(s) inside an app: break each (move what both need lower).", file=sys.stderr)
        return 1
    print(f"No import cycle inside {', '.join(APPS)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
