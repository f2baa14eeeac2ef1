"""The code stays lint-clean, formatted and type-checked (`mypy --strict`, pydantic plugin)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def tool(name: str) -> list[str]:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it is in the test extra)")
    return [found]


def test_ruff_check_and_format() -> None:
    """`ruff check` and `ruff format --check` pass on src and tests."""
    for args in (["check", "src", "tests"], ["format", "--check", "src", "tests"]):
        result = subprocess.run(
            [*tool("ruff"), *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    """`mypy --strict` over the configured files reports success."""
    result = subprocess.run(tool("mypy"), cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout
