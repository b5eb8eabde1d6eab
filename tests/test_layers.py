"""Every rules.py stays pure: no database, web framework, settings or clock imports."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "xiaoneng"
FORBIDDEN = ("sqlalchemy", "fastapi", "starlette", "xiaoneng.db", "xiaoneng.config", "xiaoneng.kit.clock", "alembic")
RULES = sorted(SRC.rglob("rules.py"))


@pytest.mark.parametrize("path", RULES, ids=lambda p: str(p.relative_to(SRC)))
def test_rules_module_is_pure(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
    bad = [name for name in imported if name.startswith(FORBIDDEN)]
    assert not bad, f"{path.name} imports {bad}"


def test_there_are_rules_modules():
    assert len(RULES) >= 2
