"""The import graph keeps the architecture (docs/architecture.md, style.md rule 11).

Every module under ``src/koers`` is parsed (its AST, so imports inside functions
count as much as those at the top, and so do ``import_module("koers.…")`` calls):

1. the base knows no domain: no module of ``koers.core`` imports another Koers app,
   and ``koers.accounts`` imports only ``koers.core`` (besides the project's own
   ``koers.wsgi``); where the base needs a domain app's knowledge, the app registers
   it in ``core.registry`` from its ``AppConfig.ready()``;
2. the base names no domain model by string either, except the few listed in
   ``BASE_MODEL_NAMES`` with the reason (``apps.get_model("staff", …)``);
3. no import cycles between apps;
4. every import goes down the layers of ``LAYERS`` (the diagram in docs/architecture.md):
   an app imports only apps of a lower layer, never one of its own layer or above.

An import under ``if TYPE_CHECKING:`` never runs, so it makes no cycle; it still counts,
unless its pair of apps is listed in ``TYPE_ONLY_IMPORTS`` with the reason.
"""

import ast
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
ROOT = SRC / "koers"
BASE = {"core": {"core"}, "accounts": {"core", "accounts"}}
PROJECT_MODULES_THE_BASE_MAY_IMPORT = {"wsgi"}  # `koers serve` runs the WSGI application
# The layer of each app: an app imports only apps of a lower layer. Keep the diagram in
# docs/architecture.md the same when you change it.
LAYERS = {
    "core": 0,
    "accounts": 1,
    "people": 2,
    "staff": 2,
    "cooperation": 3,
    "coaching": 4,
    "legal": 4,
    "matching": 4,
    "groups": 4,
    "contacts": 5,
    "documents": 5,
    "deadlines": 6,
    "integration": 7,
    "transfers": 7,
    "indicators": 8,
    "privacy": 8,
    "reports": 9,
    "exchange": 10,
    "api": 11,
    "demo": 12,
}
# (importing app, imported app) -> why an ``if TYPE_CHECKING:`` import may go up a layer.
TYPE_ONLY_IMPORTS = {
    ("core", "accounts"): "core.actors names the project's user model for the type checker",
}
# (base app, named app) -> why the base may name that app's model by string.
BASE_MODEL_NAMES = {
    ("core", "people"): "the client: the access log and the household reach are about people",
    ("core", "staff"): "access is earned: the clearance of a volunteer's staff record",
    ("core", "accounts"): "a user's memberships, read by the role table",
}


@dataclass(frozen=True)
class Edge:
    source: str  # app (package under koers) or project module of the importing module
    target: str  # app or project module imported
    module: str  # the importing module, dotted
    line: int
    name: str  # what was imported

    def where(self) -> str:
        return f"{self.module} imports {self.name} (line {self.line})"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def unit_of(dotted: str) -> str | None:
    """The app (``koers.<app>``) or project module a dotted name belongs to."""
    parts = dotted.split(".")
    if parts[0] != "koers" or len(parts) < 2:
        return None
    return parts[1]


def type_checking_lines(tree: ast.AST) -> set[int]:
    """The lines of the ``if TYPE_CHECKING:`` blocks: imports for the type checker only."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                lines.update(range(statement.lineno, (statement.end_lineno or 0) + 1))
    return lines


def imported_names(tree: ast.AST, module: str, is_package: bool):
    """(line, dotted name) of every import in the module, wherever it stands."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}" if base else alias.name
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def model_names(tree: ast.AST):
    """(line, app label) of every ``apps.get_model("label", …)`` with a literal label."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value.partition(".")[0]


def python_files():
    return sorted(ROOT.rglob("*.py"))


def import_edges() -> list[Edge]:
    edges = []
    for path in python_files():
        module = module_name(path)
        source = unit_of(module)
        tree = ast.parse(path.read_text(), filename=str(path))
        type_only = type_checking_lines(tree)
        for line, name in imported_names(tree, module, path.name == "__init__.py"):
            target = unit_of(name)
            if target is None or source is None or target == source:
                continue
            if line in type_only and (source, target) in TYPE_ONLY_IMPORTS:
                continue
            edges.append(Edge(source, target, module, line, name))
    return edges


def base_violations(edges: list[Edge]) -> list[str]:
    return [
        f"{edge.where()}: koers.{edge.source} is the base and may import only "
        f"{', '.join(sorted(f'koers.{app}' for app in BASE[edge.source]))}. Let the domain "
        "app register what the base needs in core.registry from its AppConfig.ready() "
        "(docs/architecture.md), or move the code to the app that owns it."
        for edge in edges
        if edge.source in BASE
        and edge.target not in BASE[edge.source]
        and edge.target not in PROJECT_MODULES_THE_BASE_MAY_IMPORT
    ]


def base_model_names() -> list[str]:
    found = []
    for path in python_files():
        module = module_name(path)
        app = unit_of(module)
        if app not in BASE or ".migrations." in module:
            continue
        for line, label in model_names(ast.parse(path.read_text())):
            if label not in BASE[app] and (app, label) not in BASE_MODEL_NAMES:
                found.append(
                    f"{module} names a model of {label!r} (line {line}): the base asks the "
                    "domain through core.registry instead (or, for a relation the base itself "
                    "owns, add it to BASE_MODEL_NAMES with the reason)"
                )
    return found


def app_graph(edges: list[Edge]) -> dict[str, dict[str, Edge]]:
    """app -> {imported app: the first import that makes the edge}, apps only."""
    apps = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    graph: dict[str, dict[str, Edge]] = {}
    for edge in edges:
        if edge.source in apps and edge.target in apps:
            graph.setdefault(edge.source, {}).setdefault(edge.target, edge)
    return graph


def cycles(graph: dict[str, dict[str, Edge]]) -> list[tuple[set[str], list[Edge]]]:
    """Each group of apps that import each other, with one cycle through it (as edges)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    found = []
    for group in groups:
        start = min(group)
        path, seen = [start], {start}
        while True:  # walk inside the group until a node repeats: that is a cycle
            step = min(t for t in graph[path[-1]] if t in group)
            if step in seen:
                loop = [*path[path.index(step) :], step]
                found.append((group, [graph[a][b] for a, b in pairwise(loop)]))
                break
            path.append(step)
            seen.add(step)
    return found


def describe(found: tuple[set[str], list[Edge]]) -> str:
    group, cycle = found
    chain = " -> ".join([cycle[0].source, *(edge.target for edge in cycle)])
    lines = "\n".join(f"    {edge.where()}" for edge in cycle)
    return (
        f"import cycle between apps: {chain}\n{lines}\n"
        f"  (these apps import each other, directly or not: {', '.join(sorted(group))})\n"
        "  Invert one edge: the lower app registers in core.registry, or the code moves to "
        "the app that owns it."
    )


def test_the_base_imports_no_domain_app():
    violations = base_violations(import_edges())
    assert not violations, "\n".join(violations)


def test_the_base_names_no_domain_model_by_string():
    violations = base_model_names()
    assert not violations, "\n".join(violations)


def test_no_import_cycles_between_apps():
    found = cycles(app_graph(import_edges()))
    assert not found, "\n\n".join(describe(group) for group in found)


def layer_violations(edges: list[Edge]) -> list[str]:
    apps = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    unplaced = sorted(apps - set(LAYERS))
    found = [
        f"koers.{app} has no layer: add it to LAYERS in tests/core/test_import_graph.py and "
        "to the diagram in docs/architecture.md"
        for app in unplaced
    ]
    for source, targets in sorted(app_graph(edges).items()):
        for target, edge in sorted(targets.items()):
            if source in LAYERS and target in LAYERS and LAYERS[target] >= LAYERS[source]:
                found.append(
                    f"{edge.where()}: koers.{source} (layer {LAYERS[source]}) may import only "
                    f"apps of a lower layer, and koers.{target} is on layer {LAYERS[target]} "
                    "(docs/architecture.md)"
                )
    return found


def test_every_import_goes_down_the_layers():
    violations = layer_violations(import_edges())
    assert not violations, "\n".join(violations)


def test_the_checks_see_imports_inside_functions_and_report_them_clearly():
    """The detector works: a function-level import of a domain app in the base, and a
    cycle of three apps, are both found and named with module and line."""
    tree = ast.parse("def f():\n    from koers.people.selectors import x\n")
    assert list(imported_names(tree, "koers.core.views", False)) == [
        (2, "koers.people.selectors.x")
    ]
    edges = [
        Edge("core", "people", "koers.core.views", 2, "koers.people.selectors.x"),
        Edge("people", "coaching", "koers.people.selectors", 6, "koers.coaching.models"),
        Edge("coaching", "matching", "koers.coaching.views", 9, "koers.matching.models"),
        Edge("matching", "people", "koers.matching.models", 3, "koers.people.models"),
        Edge("coaching", "core", "koers.coaching.models", 1, "koers.core.models"),
    ]
    assert base_violations(edges) == [
        "koers.core.views imports koers.people.selectors.x (line 2): koers.core is the base "
        "and may import only koers.core. Let the domain app register what the base needs in "
        "core.registry from its AppConfig.ready() (docs/architecture.md), or move the code "
        "to the app that owns it."
    ]
    (found,) = cycles(app_graph(edges[1:]))
    assert describe(found).splitlines()[0] == (
        "import cycle between apps: coaching -> matching -> people -> coaching"
    )
    assert "koers.people.selectors imports koers.coaching.models (line 6)" in describe(found)
    assert layer_violations(edges[2:3]) == [
        "koers.coaching.views imports koers.matching.models (line 9): koers.coaching (layer 4) "
        "may import only apps of a lower layer, and koers.matching is on layer 4 "
        "(docs/architecture.md)"
    ]


def test_relative_imports_are_resolved():
    tree = ast.parse("from ..people import selectors\nfrom . import models\n")
    assert list(imported_names(tree, "koers.core.views", False)) == [
        (1, "koers.people.selectors"),
        (2, "koers.core.models"),
    ]


def test_only_listed_type_checking_imports_are_let_through():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from koers.accounts.models import User\n"
        "from koers.people.models import Person\n"
    )
    assert type_checking_lines(tree) == {3}
    assert ("core", "accounts") in TYPE_ONLY_IMPORTS
    assert ("core", "people") not in TYPE_ONLY_IMPORTS
