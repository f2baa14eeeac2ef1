"""--to ninjs: items valid under the official ninjs 3.1 and 3.0 schemas, annotations beside them."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from newsschema.cli import cli
from newsschema.formats import ExportError, get_bundle_exporter, get_importer
from newsschema.loader import load_document
from newsschema.models import Document
from newsschema.strategies import documents

from .standards_support import collection_failures, ninjs_validator

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.json"))


def _bundle(documents_: list[Document], target: Path) -> dict[str, bytes]:
    get_bundle_exporter("ninjs").write(documents_, target, {})
    # The folder's hidden list of its own files is not part of the export's content.
    return {p.name: p.read_bytes() for p in sorted(target.iterdir()) if not p.name.startswith(".")}


def _errors(item: Any, version: str) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in ninjs_validator(version).iter_errors(item)]


@pytest.fixture(scope="module")
def seed() -> Document:
    return load_document(SEED)


@pytest.fixture
def seed_bundle(seed: Document, tmp_path: Path) -> dict[str, Any]:
    files = _bundle([seed], tmp_path / "out")
    return {name: orjson.loads(data) for name, data in files.items()}


@pytest.mark.parametrize("version", ["3.1", "3.0"])
def test_seed_item_is_valid_ninjs(seed_bundle: dict[str, Any], version: str) -> None:
    """The seed's ninjs item validates against the official schema (draft 2020-12, formats)."""
    item = seed_bundle["ea502ccfb2dde799.ninjs.json"]
    assert _errors(item, version) == []


@settings(settings.get_profile("slow"), suppress_health_check=list(HealthCheck))
@given(document=documents())
def test_generated_items_are_valid_ninjs_and_web_annotation(document: Document) -> None:
    """Every generated item is valid ninjs 3.1 and 3.0; its sibling passes the W3C MUSTs."""
    with tempfile.TemporaryDirectory() as tmp:
        files = _bundle([document], Path(tmp) / "out")
    name = document.article.id
    item = orjson.loads(files[f"{name}.ninjs.json"])
    assert _errors(item, "3.1") == [] and _errors(item, "3.0") == []
    assert collection_failures(orjson.loads(files[f"{name}.annotations.jsonld"])) == []


def test_schema_refuses_what_ninjs_cannot_hold(seed_bundle: dict[str, Any]) -> None:
    """The validator is strict: a root property ninjs lacks, or a relative uri, is an error."""
    item = dict(seed_bundle["ea502ccfb2dde799.ninjs.json"])
    assert _errors({**item, "quotes": []}, "3.1")
    assert _errors({**item, "uri": "ea502ccfb2dde799"}, "3.1")


def test_item_maps_the_article(seed: Document, seed_bundle: dict[str, Any]) -> None:
    """uri, type, headline, text/plain body with charCount, language, entities, infoSources."""
    item = seed_bundle["ea502ccfb2dde799.ninjs.json"]
    article = seed.article
    assert item["uri"] == (article.url or f"urn:newsschema:article:{article.id}")
    assert item["type"] == "text" and item["language"] == article.language
    assert item["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": article.headline}
    ]
    [body] = item["bodies"]
    assert body["value"] == article.body and body["charCount"] == len(article.body)
    assert body["contentType"] == "text/plain"
    named = {
        p["literal"]: p
        for group in ("people", "organisations", "places")
        for p in item.get(group, [])
    }
    for entity in seed.entities:
        if entity.id in named and entity.same_as:
            assert named[entity.id]["uri"] == entity.same_as[0]
    outlets = {o for q in seed.quotes for o in q.via}
    assert {s["literal"] for s in item.get("infoSources", [])} >= outlets
    assert {"role": "newsschema", "value": article.id} in item["altIds"]


def test_association_names_the_sibling_annotations(
    seed: Document, seed_bundle: dict[str, Any], tmp_path: Path
) -> None:
    """The item's association names its Web Annotation file, which reads back as the document."""
    item = seed_bundle["ea502ccfb2dde799.ninjs.json"]
    [association] = item["associations"]
    [file_id] = [a["value"] for a in association["altIds"] if a["role"] == "file"]
    collection = seed_bundle[file_id]
    assert association["uri"] == collection["id"]
    assert (
        association["renditions"][0]["sizeInBytes"]
        == len(orjson.dumps(collection, option=orjson.OPT_INDENT_2)) + 1
    )
    [loaded] = get_importer("webannotation").read_bytes(orjson.dumps(collection), file_id, {})
    assert loaded.document == seed


def test_zip_output_and_cli(seed: Document, tmp_path: Path) -> None:
    """convert --to ninjs -o out.zip writes an archive with both files of each article."""
    target = tmp_path / "out.zip"
    done = CliRunner().invoke(cli, ["convert", str(SEED), "--to", "ninjs", "-o", str(target)])
    assert done.exit_code == 0, done.output
    with zipfile.ZipFile(target) as archive:
        names = sorted(archive.namelist())
    assert names == [f"{seed.article.id}.annotations.jsonld", f"{seed.article.id}.ninjs.json"]


def test_duplicate_article_ids_are_refused(seed: Document, tmp_path: Path) -> None:
    """Two documents with one article id would collide: ExportError, and nothing is written."""
    target = tmp_path / "out"
    with pytest.raises(ExportError, match="article id"):
        get_bundle_exporter("ninjs").write([seed, seed], target, {})
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_exporting_again_replaces_its_own_folder(seed: Document, tmp_path: Path) -> None:
    """A second export into the folder an export wrote replaces it; a stranger's is refused."""
    target = tmp_path / "out"
    get_bundle_exporter("ninjs").write([seed], target, {})
    get_bundle_exporter("ninjs").write([seed], target, {})
    assert sorted(p.name for p in target.iterdir() if not p.name.startswith(".")) == [
        f"{seed.article.id}.annotations.jsonld",
        f"{seed.article.id}.ninjs.json",
    ]
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError):
        get_bundle_exporter("ninjs").write([seed], target, {})
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
