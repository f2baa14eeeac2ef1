"""Every test says, in a one-line docstring, what behaviour it pins."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def undocumented(source: str, name: str) -> list[str]:
    """Return ``name:line:function`` for each test function lacking a one-line docstring."""
    problems = []
    for node in ast.walk(ast.parse(source, filename=name)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if not node.name.startswith("test"):
            continue
        doc = ast.get_docstring(node)
        if not doc or not doc.strip():
            problems.append(f"{name}:{node.lineno}:{node.name}: no docstring")
        elif "\n" in doc.strip():
            problems.append(f"{name}:{node.lineno}:{node.name}: docstring is not one line")
    return problems


def test_every_test_function_has_a_one_line_docstring() -> None:
    """Every test function under tests/ has a non-empty, one-line docstring."""
    files = sorted(TESTS.rglob("*.py"))
    assert len(files) > 50
    problems = [
        problem
        for path in files
        for problem in undocumented(path.read_text(encoding="utf-8"), str(path.relative_to(TESTS)))
    ]
    assert problems == []


def test_the_check_flags_missing_empty_and_multi_line_docstrings() -> None:
    """The docstring check reports test functions (also methods) without a one-line docstring."""
    source = (
        "def test_bare():\n    pass\n"
        'def test_empty():\n    """ """\n'
        'def test_long():\n    """First.\n\n    More."""\n'
        'def test_good():\n    """Pins one thing."""\n'
        "def helper():\n    pass\n"
        "class TestGroup:\n    async def test_method(self):\n        pass\n"
    )
    assert undocumented(source, "x.py") == [
        "x.py:1:test_bare: no docstring",
        "x.py:3:test_empty: no docstring",
        "x.py:5:test_long: docstring is not one line",
        "x.py:14:test_method: no docstring",
    ]
