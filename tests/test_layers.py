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


# --- import circles ---------------------------------------------------------------------------------------------
# Every import counts, at module level or inside a function: a lazy import hides a circle from the interpreter, not
# from the design. A circle between two packages (xiaoneng.<pkg>) or between two modules of one package fails.

ALLOWED_CIRCLE_EDGES: set[tuple[str, str]] = set()  # module pairs allowed to import each other: none


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imported_modules(name: str, path: Path) -> set[str]:
    """The xiaoneng modules `name` imports anywhere in its file (`from pkg import mod` counts as importing mod)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m in MODULES and m != name}


def import_graph() -> dict[str, set[str]]:
    return {name: imported_modules(name, path) - {b for a, b in ALLOWED_CIRCLE_EDGES if a == name}
            for name, path in MODULES.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_circles():
    found = circles(import_graph())
    assert not found, "import circles: " + "; ".join(" ↔ ".join(group) for group in found)


@pytest.mark.parametrize(("graph", "expected"), [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
])
def test_circles_are_found(graph, expected):
    assert circles(graph) == expected


def test_function_level_imports_count(tmp_path):
    pkg = tmp_path / "xiaoneng" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "one.py").write_text("def f():\n    from xiaoneng.pkg import two\n")
    (pkg / "two.py").write_text("from . import one\n")
    names = {"xiaoneng.pkg", "xiaoneng.pkg.one", "xiaoneng.pkg.two"}
    saved = dict(MODULES)
    MODULES.clear()
    MODULES.update({n: None for n in names})
    try:
        assert imported_modules("xiaoneng.pkg.one", pkg / "one.py") == {"xiaoneng.pkg", "xiaoneng.pkg.two"}
        assert imported_modules("xiaoneng.pkg.two", pkg / "two.py") == {"xiaoneng.pkg", "xiaoneng.pkg.one"}
    finally:
        MODULES.clear()
        MODULES.update(saved)
