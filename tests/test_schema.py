from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from newsschema import Document
from newsschema.schema import (
    SCHEMA_FILENAME,
    SCHEMA_ID,
    check_schema_files,
    document_schema,
    jsonschema_validator,
    write_schema_files,
)
from newsschema.strategies import document_dicts

from .conftest import ROOT


def test_committed_schema_is_current() -> None:
    """`newsschema schema --check` finds the committed schema/ files up to date."""
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "schema", "--check", "--dir", str(ROOT / "schema")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_schema_command_writes_every_generated_file(tmp_path: Path) -> None:
    """`newsschema schema --dir D` in a fresh process writes all four files, as committed."""
    subprocess.run(
        [sys.executable, "-m", "newsschema", "schema", "--dir", str(tmp_path)],
        capture_output=True,
        check=True,
    )
    names = ("document.schema.json", "quotes.schema.json", "context.jsonld", "vocab.ttl")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(names)
    for name in names:
        assert (tmp_path / name).read_bytes() == (ROOT / "schema" / name).read_bytes(), name


def test_check_reports_stale_files(tmp_path: Path) -> None:
    """Schema check flags missing or edited files and the CLI check then exits 1."""
    assert check_schema_files(tmp_path) != []
    write_schema_files(tmp_path)
    assert check_schema_files(tmp_path) == []
    (tmp_path / SCHEMA_FILENAME).write_text("{}")
    assert SCHEMA_FILENAME in check_schema_files(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "schema", "--check", "--dir", str(tmp_path)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1


def test_schema_is_versioned_draft_2020_12() -> None:
    """The JSON Schema is draft 2020-12, has a 1.1 `$id` and forbids extra properties."""
    schema = document_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID and "/1.1/" in SCHEMA_ID
    assert schema["additionalProperties"] is False


def pydantic_accepts(value: Any) -> bool:
    try:
        Document.model_validate(value)
    except ValidationError:
        return False
    return True


JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "",
            "2022",
            "2022-02-29",
            "2024-02-29",
            "2022-01-13T10:00:00Z",
            "2022-01-13T10:00:00",
            "PT4H",
            "P",
            "person",
            "direct",
            "actual",
            "work",
            "pronoun",
            "belief",
            "1.1",
            "1.2",
            "en",
            "e0",
            "1.0",
            "https://x.org/",
            "2022\n",
            "e0\n",
            "a" * 200,
        ]
    )
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(paths(child, (*prefix, index)))
    return found


# Documents of either version, schema 1.1 with every field it adds.
ANY_VERSION = document_dicts() | document_dicts(schema_version="1.1")


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(draw(ANY_VERSION))
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(paths(doc)))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if not target:
            return draw(JSON_VALUES)
        parent: Any = doc
        for key in target[:-1]:
            parent = parent[key]
        last = target[-1]
        if action == "replace":
            parent[last] = draw(JSON_VALUES)
        elif action == "delete":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=6))] = draw(JSON_VALUES)
        else:
            parent.append(draw(JSON_VALUES))
    return doc


@given(ANY_VERSION)
def test_generated_documents_pass_both_validators(doc: dict[str, Any]) -> None:
    """Generated documents are accepted by both Pydantic and the JSON Schema."""
    assert pydantic_accepts(doc)
    errors = list(jsonschema_validator().iter_errors(doc))
    assert errors == []


@given(mutated())
def test_pydantic_and_jsonschema_agree_on_mutated_documents(doc: Any) -> None:
    """Pydantic and the JSON Schema agree on accepting or refusing mutated documents."""
    assert pydantic_accepts(doc) == jsonschema_validator().is_valid(doc)
