"""``validate --skip-foreign`` (the pre-commit hook) skips only JSON that is clearly not ours.

Foreign means nothing in the file tries to be a newsschema document: no ``article`` and no
``schema_version`` key, in any casing, in the value, in an item of a list or on any line of
JSON Lines. A broken annotation file that tries to be a document is checked and fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from newsschema._foreign import is_foreign
from newsschema.cli import cli

from ._docs import good_document


def _broken() -> dict[str, Any]:
    document = good_document()
    document["article"]["language"] = 42  # a broken field validation must report
    return document


def _miscased() -> dict[str, Any]:
    document = good_document()
    return {"Schema_Version": document["schema_version"], "Article": document["article"]}


def _with_context() -> dict[str, Any]:
    return {"@context": "https://schema.org", **_broken()}


CASES: dict[str, bytes] = {
    "JSON Lines with a header line": orjson.dumps({"format": "annotations", "version": 2})
    + b"\n"
    + orjson.dumps(_broken())
    + b"\n",
    "miscased top-level keys": orjson.dumps(_miscased()),
    "a list of documents": orjson.dumps([_broken(), _broken()]),
    "a document with @context": orjson.dumps(_with_context()),
    "camelCase schemaVersion only": orjson.dumps({"schemaVersion": "1.1", "body": "x"}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_annotation_file_is_not_skipped_as_foreign(name: str, tmp_path: Path) -> None:
    """A file that tries to be a document is validated under --skip-foreign, and fails."""
    suffix = ".jsonl" if "Lines" in name else ".json"
    path = tmp_path / f"annotations{suffix}"
    path.write_bytes(CASES[name])
    assert not is_foreign(CASES[name])
    result = CliRunner().invoke(cli, ["validate", "--skip-foreign", str(path)])
    assert result.exit_code == 1, result.output
    assert "annotations" in result.output


@pytest.mark.parametrize(
    "value",
    [
        {"name": "x", "version": "1.0.0", "dependencies": {}},
        [{"id": 1, "data": {"text": "x"}, "annotations": []}],
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "x"},
        [],
    ],
)
def test_json_that_is_clearly_not_ours_is_still_skipped(value: Any, tmp_path: Path) -> None:
    """package.json, a tool export, plain JSON-LD: skipped, and the hook passes."""
    path = tmp_path / "other.json"
    path.write_bytes(orjson.dumps(value))
    assert is_foreign(orjson.dumps(value))
    result = CliRunner().invoke(cli, ["validate", "--skip-foreign", str(path)])
    assert result.exit_code == 0, result.output


def test_a_file_cut_short_by_the_peek_is_judged_by_its_whole_lines() -> None:
    """Only the start of a foreign JSON Lines file was read: its cut last line is not judged."""
    line = orjson.dumps({"text": "other data", "label": []}) + b"\n"
    assert is_foreign(line * 3 + line[:10], complete=False)
    assert not is_foreign(line * 3 + line[:10])
