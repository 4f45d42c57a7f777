"""The core's shape holds: stage packages depend one way, knowledge stands alone, no streamlit."""

import ast
from collections import defaultdict
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "core"


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def package_of(path: Path) -> str:
    parts = path.relative_to(CORE).parts
    return parts[0] if len(parts) > 1 else ""


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in CORE.rglob("*.py"):
        here = package_of(path)
        for module in imports_of(path):
            if module.startswith("core."):
                there = module.split(".")[1]
                if there != here and here:
                    graph[here].add(there)
    return graph


def test_core_never_imports_streamlit() -> None:
    offenders = [str(p) for p in CORE.rglob("*.py") if any(m.split(".")[0] == "streamlit" for m in imports_of(p))]
    assert offenders == []


def test_knowledge_imports_nothing_else_of_core() -> None:
    assert package_graph().get("knowledge", set()) == set()


def test_stage_packages_have_no_cycle() -> None:
    graph = package_graph()
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        assert node not in visiting, f"import cycle: {' -> '.join([*path, node])}"
        if node in done:
            return
        visiting.add(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, [*path, node])
        visiting.discard(node)
        done.add(node)

    for package in sorted(graph):
        visit(package, [])


def test_every_package_says_what_it_owns() -> None:
    for init in CORE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc and len(doc) > 40, f"{init.parent.name} has no docstring saying what it owns"
