"""Imports flow one way: model <- pipeline, gazetteer, store <- resources <- stages <- partition, workflows
<- api, cli (DEVELOPERS.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "marsad"

# The per-document stages, one folder each, and the modules that build pipelines from them.
STAGE_FOLDERS = {"nlp", "toponyms", "events", "geocode"}
ABOVE_STAGES = {"stages", "partition", "sources", "workflows", "api", "cli"}

# package (or top-level module) -> marsad packages and modules it must never import. ``resources``
# (the services the stages get) sits above the gazetteer and below the stages; it loads a user's
# model with ``events.learned`` inside a function. ``partition`` (the worker pool) is above the stages.
FORBIDDEN: dict[str, set[str]] = {
    "model": {"pipeline", "gazetteer", "store", "sources", "exports", "dedup", "workflows", "api", "cli", "web",
              "settings", "evaluation", "resources", *STAGE_FOLDERS, *ABOVE_STAGES},
    "pipeline": {"gazetteer", "store", "dedup", "resources", *STAGE_FOLDERS, *ABOVE_STAGES},
    "gazetteer": {"pipeline", "store", "dedup", "resources", *STAGE_FOLDERS, *ABOVE_STAGES},
    "store": {"pipeline", "gazetteer", "resources", *STAGE_FOLDERS, *ABOVE_STAGES},
    "dedup": {"pipeline", "gazetteer", "store", "resources", *STAGE_FOLDERS, *ABOVE_STAGES},
    "resources": {"pipeline", "store", "dedup", "nlp", "toponyms", "geocode", *ABOVE_STAGES},
    "sources": {"pipeline", "gazetteer", "store", "dedup", "resources", *STAGE_FOLDERS, "stages", "partition",
                "workflows", "api", "cli"},
    "exports": {"pipeline", "gazetteer", "store", "dedup", "resources", *STAGE_FOLDERS, *ABOVE_STAGES},
    "nlp": {"store", "dedup", "toponyms", "events", "geocode", *ABOVE_STAGES},
    "toponyms": {"store", "dedup", "geocode", *ABOVE_STAGES},
    "events": {"store", "dedup", "geocode", *ABOVE_STAGES},
    "geocode": {"store", "dedup", *ABOVE_STAGES},
    "partition": {"store", "dedup", "workflows", "api", "cli"},
    "api": {"cli"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n.split(".")[1] for n in names if n.startswith("marsad.") and n.count(".") >= 1}


def _files(pkg: str) -> list[Path]:
    """The files of a package, or the one file of a top-level module."""
    if (SRC / pkg).is_dir():
        return sorted((SRC / pkg).rglob("*.py"))
    return [SRC / f"{pkg}.py"] if (SRC / f"{pkg}.py").is_file() else []


CASES = [(pkg, p) for pkg in FORBIDDEN for p in _files(pkg)]


def test_every_layered_name_exists() -> None:
    """A misspelt or removed package in FORBIDDEN would silently check nothing."""
    assert all(_files(pkg) for pkg in FORBIDDEN)


@pytest.mark.parametrize("pkg,path", CASES, ids=[str(p.relative_to(SRC)) for _, p in CASES])
def test_imports_flow_one_way(pkg: str, path: Path) -> None:
    bad = imported_packages(path) & FORBIDDEN[pkg]
    assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}, against the layering"


def test_nothing_outside_the_top_imports_api_or_cli() -> None:
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] in {"api", "cli"}:
            continue
        bad = imported_packages(path) & {"api", "cli"}
        assert not bad, f"{rel} imports {sorted(bad)}"


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Every module of ``marsad`` -> the ``marsad`` modules it imports, at module level or inside a
    function alike (a function-level import is a cycle put off, not removed). ``from a.b import c``
    is an edge to ``a.b.c`` when that is a module, else to ``a.b``; importing a submodule is not
    counted as importing its package's ``__init__``."""
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                if not base.startswith("marsad"):
                    continue
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    edges.add(target if target in modules else base)
        graph[name] = {e for e in edges if e in modules and e != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles_anywhere() -> None:
    graph = import_graph()
    assert len(graph) > 50  # the walk found the package
    assert not cycles(graph), "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles(graph))


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
