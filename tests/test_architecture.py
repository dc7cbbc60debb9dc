"""Imports flow one way: model <- pipeline, gazetteer, store <- stages <- api, cli (DEVELOPERS.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "marsad"

# package -> marsad packages it must never import
FORBIDDEN: dict[str, set[str]] = {
    "model": {"pipeline", "gazetteer", "store", "stages", "sources", "exports", "resolution", "workflows",
              "api", "cli", "web", "settings", "evaluation"},
    "pipeline": {"gazetteer", "store", "stages", "sources", "resolution", "workflows", "api", "cli"},
    "gazetteer": {"pipeline", "store", "stages", "sources", "resolution", "workflows", "api", "cli"},
    "store": {"pipeline", "gazetteer", "stages", "sources", "workflows", "api", "cli"},
    "sources": {"pipeline", "gazetteer", "store", "stages", "resolution", "workflows", "api", "cli"},
    "exports": {"pipeline", "gazetteer", "store", "stages", "sources", "workflows", "api", "cli"},
    "stages": {"store", "sources", "workflows", "api", "cli"},
    "resolution": {"stages", "sources", "workflows", "api", "cli"},
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


CASES = [(pkg, p) for pkg in FORBIDDEN for p in sorted((SRC / pkg).rglob("*.py")) if (SRC / pkg).is_dir()]


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
