"""Imports point down only (DESIGN.md "Layers"): interfaces → services → storage/interop → core.

Walks every module's imports (absolute and relative) and fails on any that climbs a layer, and on
third-party frameworks used outside the layer that owns them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "fibrotrack"

CORE = {"errors", "catalog", "diary", "instruments", "triage", "knowledge", "analysis", "experiments"}
# Which fibrotrack packages each area may import. Core packages may import each other (acyclic by review).
ALLOWED: dict[str, set[str]] = {
    **{name: CORE for name in CORE},
    "config": {"errors"},
    "storage": CORE,
    "interop": CORE,
    "report": CORE | {"interop"},
    "services": CORE | {"storage", "interop", "report", "config"},
    "cli": CORE | {"services", "config", "cli", "web"},  # `serve` starts the web app
    "web": CORE | {"services", "config", "web"},
    "docgen": {"cli"},
    "__init__": set(),
    "__main__": {"cli"},
}
# Third-party packages that only one layer may use.
OWNED = {"sqlalchemy": {"storage"}, "alembic": {"storage"}, "psycopg": {"storage"}, "fastapi": {"web"},
         "starlette": {"web"}, "jinja2": {"web"}, "uvicorn": {"cli", "web"}, "typer": {"cli", "docgen"},
         "click": {"cli"}, "rich": {"cli"}}


def _area(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if package[-1] != "__init__":
        package = package[:-1]
    else:
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if not node.module:
                    found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
                    continue
                found.append((target, node.lineno))
            elif node.module:
                found.append((node.module, node.lineno))
    return found


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down_only(path):
    area = _area(path)
    if "migrations" in path.parts:
        area = "storage"
    allowed = ALLOWED.get(area)
    assert allowed is not None, f"{area} is not a known layer: add it to ALLOWED in this test"
    problems = []
    for name, line in _imports(path):
        top, *rest = name.split(".")
        if top == "fibrotrack":
            target = rest[0] if rest else "__init__"
            if target != area and target not in allowed and target != "__version__":
                problems.append(f"line {line}: {area} imports fibrotrack.{target}")
        elif top in OWNED and area not in OWNED[top]:
            problems.append(f"line {line}: {area} imports {top} (only {sorted(OWNED[top])} may)")
    assert problems == []


def test_every_area_is_covered():
    areas = {_area(p) for p in _modules()}
    assert areas <= set(ALLOWED)
