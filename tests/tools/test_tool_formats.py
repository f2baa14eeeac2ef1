"""Label Studio, doccano, INCEpTION (built with cassis) and spaCy: files as the tools write them."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given

from newsschema.formats import get_bundle_exporter, get_importer
from newsschema.formats.labels import LabelError, load_labels
from newsschema.models import Document
from newsschema.validation import validate_document

from .tools_support import tool_documents

TEXT = "😀 “We met,” Lavrov said. Analysts think talks stalled."
ATTRIBUTION = {"labels": "attribution", "set": ["article.language=en"]}


def _at(piece: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def _utf16(offset: int, text: str = TEXT) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def _ls_region(rid: str, piece: str, label: str, *, utf16: bool = False) -> dict[str, Any]:
    start, end = _at(piece)
    if utf16:
        start, end = _utf16(start), _utf16(end)
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {"start": start, "end": end, "text": piece, "labels": [label]},
    }


def _ls_export(*, utf16: bool = False) -> bytes:
    """A Label Studio 1.x JSON export, written from its documented shape."""
    result = [
        _ls_region("a1", "We met", "Content", utf16=utf16),
        _ls_region("a2", "Lavrov", "Source", utf16=utf16),
        _ls_region("a3", "said", "Cue", utf16=utf16),
        {"from_id": "a1", "to_id": "a2", "type": "relation", "direction": "right",
         "labels": ["Source"]},
        {"from_id": "a1", "to_id": "a3", "type": "relation", "direction": "right",
         "labels": ["Cue"]},
        {"id": "a1", "from_name": "Kind", "to_name": "text", "type": "choices",
         "value": {"start": 3, "end": 9, "choices": ["Direct"]}},
        {"id": "a1", "from_name": "Type", "to_name": "text", "type": "choices",
         "value": {"start": 3, "end": 9, "choices": ["Speech"]}},
    ]  # fmt: skip
    task = {
        "id": 41,
        "data": {"text": TEXT},
        "annotations": [{"id": 7, "completed_by": 1, "was_cancelled": False, "result": result}],
        "predictions": [],
    }
    return orjson.dumps([task])


def test_labelstudio_export_imports_as_expected() -> None:
    """Regions, relations and per-region choices become a quote with speaker, cue and kind."""
    [loaded] = get_importer("labelstudio").read_bytes(_ls_export(), "export.json", ATTRIBUTION)
    document = loaded.document
    assert document is not None, loaded.findings
    assert document.article.id == "task-41"
    [quote] = document.quotes
    assert (quote.text, quote.kind, quote.attribution) == ("We met", "direct", "speech")
    assert document.entity(quote.speaker or "").name == "Lavrov"
    assert quote.cue is not None and document.text(quote.cue) == "said"
    assert loaded.findings == []


def test_labelstudio_utf16_offsets_are_converted_with_a_warning() -> None:
    """Offsets from Label Studio versions that counted UTF-16 units are detected and converted."""
    [loaded] = get_importer("labelstudio").read_bytes(
        _ls_export(utf16=True), "export.json", ATTRIBUTION
    )
    assert loaded.document is not None
    assert loaded.document.quotes[0].text == "We met"
    assert [f.code for f in loaded.findings] == ["NS081"]


def test_labelstudio_export_ships_a_matching_config(tmp_path: Path) -> None:
    """The labeling config declares every label, relation and choice the predictions use."""
    [loaded] = get_importer("labelstudio").read_bytes(_ls_export(), "export.json", ATTRIBUTION)
    assert loaded.document is not None
    get_bundle_exporter("labelstudio").write(
        [loaded.document], tmp_path / "ls", {"labels": "attribution"}
    )
    config = ET.fromstring((tmp_path / "ls" / "config.xml").read_text("utf-8"))
    labels = {e.get("value") for e in config.iter("Label")}
    relations = {e.get("value") for e in config.iter("Relation")}
    choices = {c.get("name"): {e.get("value") for e in c.iter("Choice")}
               for c in config.iter("Choices")}  # fmt: skip
    assert config.find("Text").get("value") == "$text"  # type: ignore[union-attr]
    [task] = orjson.loads((tmp_path / "ls" / "tasks.json").read_bytes())
    assert task["data"]["text"] == TEXT and "annotations" not in task
    for result in task["predictions"][0]["result"]:
        if result["type"] == "labels":
            assert set(result["value"]["labels"]) <= labels
        elif result["type"] == "relation":
            assert set(result["labels"]) <= relations
        else:
            assert set(result["value"]["choices"]) <= choices[result["from_name"]]


def test_doccano_both_jsonl_shapes_import() -> None:
    """doccano's entities/relations records and the older label triples both import."""
    content, source, cue = _at("We met"), _at("Lavrov"), _at("said")
    lines = [
        {"id": 1, "text": TEXT, "entities": [
            {"id": 10, "label": "Content", "start_offset": content[0], "end_offset": content[1]},
            {"id": 11, "label": "Source", "start_offset": source[0], "end_offset": source[1]},
            {"id": 12, "label": "Cue", "start_offset": cue[0], "end_offset": cue[1]}],
         "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "Source"},
                       {"id": 2, "from_id": 10, "to_id": 12, "type": "Cue"}]},
        {"text": TEXT, "label": [[content[0], content[1], "Content"]]},
    ]  # fmt: skip
    data = b"\n".join(orjson.dumps(line) for line in lines) + b"\n"
    first, second = get_importer("doccano").read_bytes(data, "corpus.jsonl", ATTRIBUTION)
    assert first.document is not None and second.document is not None
    assert (first.document.article.id, second.document.article.id) == ("corpus", "corpus-2")
    [quote] = first.document.quotes
    assert first.document.entity(quote.speaker or "").name == "Lavrov"
    assert second.document.quotes[0].text == "We met"
    # No stored span texts and an emoji before the spans: the unit used is always reported.
    assert "NS081" in [f.code for f in first.findings]


def test_doccano_utf16_offsets_that_fit_only_as_utf16_are_converted() -> None:
    """A span that runs past the end in code points but fits in UTF-16 units is converted."""
    text = "😀😀 ok"
    line = {"text": text, "label": [[5, 7, "Content"]]}
    [loaded] = get_importer("doccano").read_bytes(orjson.dumps(line), "x.jsonl", ATTRIBUTION)
    assert loaded.document is not None and loaded.document.quotes[0].text == "ok"
    [warning] = [f for f in loaded.findings if f.code == "NS081"]
    assert "UTF-16" in warning.message


def test_doccano_bad_line_is_located() -> None:
    """A line that is not a doccano record is NS080 with its line number."""
    data = orjson.dumps({"text": "Hi", "label": []}) + b"\n" + b'{"txt": 1}\n'
    results = list(get_importer("doccano").read_bytes(data, "x.jsonl", ATTRIBUTION))
    assert results[0].document is not None
    assert [(f.code, f.line) for f in results[1].findings] == [("NS080", 2)]


def _inception_cas() -> Any:
    """A CAS as INCEpTION keeps it: NamedEntity, custom span layers and a relation layer."""
    cassis = pytest.importorskip("cassis")
    ts = cassis.TypeSystem()
    entity = ts.create_type("de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity")
    ts.create_feature(entity, "value", "uima.cas.String")
    ts.create_feature(entity, "identifier", "uima.cas.String")
    content = ts.create_type("webanno.custom.Content")
    ts.create_feature(content, "kind", "uima.cas.String")
    cue = ts.create_type("webanno.custom.Cue")
    relation = ts.create_type("webanno.custom.ContentSource")
    ts.create_feature(relation, "Governor", "uima.tcas.Annotation")
    ts.create_feature(relation, "Dependent", "uima.tcas.Annotation")
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = TEXT
    cas.document_language = "en"
    quote = content(begin=_at("We met")[0], end=_at("We met")[1], kind="direct")
    speaker = entity(begin=_at("Lavrov")[0], end=_at("Lavrov")[1], value="PER",
                     identifier="http://www.wikidata.org/entity/Q150463")  # fmt: skip
    verb = cue(begin=_at("said")[0], end=_at("said")[1])
    cas.add_all([quote, speaker, verb])
    cas.add(relation(begin=quote.begin, end=quote.end, Governor=quote, Dependent=speaker))
    return cas, ts


def _project_labels(tmp_path: Path) -> Path:
    path = tmp_path / "project.toml"
    path.write_text(
        '[spans]\nContent = "quote"\nCue = "cue"\nPER = "entity:person"\n'
        '[relations]\nContentSource = "speaker"\n[attributes]\nquote_kind = "kind"\n',
        encoding="utf-8",
    )
    return path


def _check_inception(loaded: list[Any]) -> None:
    [one] = loaded
    document = one.document
    assert document is not None, one.findings
    [quote] = document.quotes
    assert (quote.text, quote.kind) == ("We met", "direct")
    speaker = document.entity(quote.speaker or "")
    assert speaker.name == "Lavrov"
    assert speaker.same_as == ("http://www.wikidata.org/entity/Q150463",)
    assert document.article.language == "en"
    # The cue has no relation in this layer design: only speaker and kind are linked.
    assert [f.is_error for f in validate_document(document)].count(True) == 0


def test_inception_xmi_built_with_cassis_imports(tmp_path: Path) -> None:
    """An XMI + TypeSystem.xml folder, as INCEpTION exports it, imports (UTF-16 handled)."""
    cas, ts = _inception_cas()
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "TypeSystem.xml").write_text(ts.to_xml(), encoding="utf-8")
    (folder / "doc1.xmi").write_text(cas.to_xmi(), encoding="utf-8")
    options = {"labels": str(_project_labels(tmp_path))}
    _check_inception(list(get_importer("inception").read(folder, options)))
    _check_inception(list(get_importer("inception").read(folder / "doc1.xmi", options)))


def test_inception_cas_json_imports(tmp_path: Path) -> None:
    """UIMA CAS JSON (type system inside) imports as well."""
    cas, _ = _inception_cas()
    path = tmp_path / "doc1.json"
    path.write_text(cas.to_json(), encoding="utf-8")
    _check_inception(
        list(get_importer("inception").read(path, {"labels": str(_project_labels(tmp_path))}))
    )


def test_bad_labels_file_is_a_usage_error(tmp_path: Path) -> None:
    """A mapping file with an unknown role is refused before reading input (exit 2)."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[spans]\nContent = "quotation"\n', encoding="utf-8")
    with pytest.raises(LabelError, match="Content"):
        load_labels(bad)
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "convert", str(tmp_path), "--from", "brat",
         "--labels", str(bad), "--to", "jsonl"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "quotation" in result.stderr
    assert "Traceback" not in result.stderr


def test_builtin_label_maps_cover_every_quote_role() -> None:
    """Both built-in maps name a quote, a cue and a speaker link."""
    for name in ("newsschema", "attribution"):
        labels = load_labels(name)
        assert {"quote", "cue"} <= set(labels.spans.values())
        assert labels.relation_for("speaker") is not None


def _docbin(document: Document) -> bytes:
    """The bytes of the DocBin --to spacy writes for one document."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "one.spacy"
        get_bundle_exporter("spacy").write([document], target, {})
        return target.read_bytes()


@given(document=tool_documents())
def test_spacy_docbin_reads_back_with_spacy(document: Document) -> None:
    """spaCy reads the DocBin back with every quote, cue and entity mention at its place."""
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    data = _docbin(document)
    [doc] = DocBin().from_bytes(data).get_docs(spacy.blank("xx").vocab)
    assert doc.text == document.article.body
    quotes = [(s.start_char, s.end_char, s.label_) for s in doc.spans["quotes"]]
    assert quotes == [(q.span.start, q.span.end, q.kind) for q in document.quotes]
    cues = [(s.start_char, s.end_char) for s in doc.spans["cues"]]
    assert cues == [(q.cue.start, q.cue.end) for q in document.quotes if q.cue]
    mentions = sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["entities"])
    expected = sorted((m.start, m.end, e.kind) for e in document.entities for m in e.mentions)
    assert mentions == expected
    assert {(e.start_char, e.end_char, e.label_) for e in doc.ents} <= set(expected)
    assert doc.user_data["newsschema"]["article_id"] == document.article.id


@pytest.mark.parametrize(
    ("body", "start", "end"),
    [("the Lavrov  End.", 3, 10), ("the Lavrov said.", 4, 11)],
    ids=["starts-on-a-space", "ends-on-the-space-after-a-word"],
)
def test_spacy_keeps_spans_that_start_or_end_in_white_space(
    body: str, start: int, end: int
) -> None:
    """A mention starting on a space, or ending on the one after a word, is kept exactly."""
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    from newsschema.loader import loads

    document = loads(
        orjson.dumps(
            {
                "schema_version": "1.0",
                "article": {"id": "a", "headline": "L", "body": body, "language": "en"},
                "entities": [
                    {
                        "id": "e0",
                        "kind": "person",
                        "name": "Lavrov",
                        "mentions": [{"start": start, "end": end}],
                    }
                ],
            }
        )
    )
    data = _docbin(document)
    [doc] = DocBin().from_bytes(data).get_docs(spacy.blank("xx").vocab)
    assert doc.text == document.article.body
    assert [(e.start_char, e.end_char) for e in doc.ents] == [(start, end)]
