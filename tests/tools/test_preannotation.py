"""Pre-annotation round trips under the newsschema labels: what an annotator adds in the tool
to an exported document comes back as new annotations; exports re-import as they are written.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsschema.convert import convert
from newsschema.formats import get_bundle_exporter, get_importer
from newsschema.models import Document

# Written for these tests (no corpus text).
BODY = (
    "Recount ordered\n\nThe election board said the count was flawed, officials confirmed.\n\n"
    "“It is not over,” the challenger told reporters.\n"
)


def _at(piece: str) -> dict[str, int]:
    start = BODY.index(piece)
    return {"start": start, "end": start + len(piece)}


def _documents() -> list[Document]:
    data = {
        "schema_version": "1.1",
        "article": {"id": "courier_vote", "body": BODY, "language": "en"},
        "entities": [
            {
                "id": "e_board",
                "kind": "organization",
                "name": "The election board",
                "mentions": [_at("The election board")],
            },
            {
                "id": "e_challenger",
                "kind": "person",
                "name": "the challenger",
                "mentions": [_at("the challenger")],
            },
        ],
        "quotes": [
            {
                "id": "q1",
                "kind": "indirect",
                "text": "the count was flawed",
                "span": _at("the count was flawed"),
                "speaker": "e_board",
                "cue": _at("said"),
            },
            {
                "id": "q2",
                "kind": "direct",
                "text": "It is not over,",
                "span": _at("It is not over,"),
                "speaker": "e_challenger",
                "cue": _at("told"),
            },
        ],
    }
    return [Document.model_validate(data)]


def test_labelstudio_export_folder_reimports(tmp_path: Path) -> None:
    """--to labelstudio -o DIR then --from labelstudio DIR gives the same documents back."""
    documents = _documents()
    get_bundle_exporter("labelstudio").write(documents, tmp_path / "ls", {})
    result, _ = convert(
        [str(tmp_path / "ls")],
        to="jsonl",
        output=str(tmp_path / "back.jsonl"),
        source_format="labelstudio",
    )
    assert result.documents == len(documents)
    back = [
        Document.model_validate_json(line)
        for line in (tmp_path / "back.jsonl").read_text("utf-8").splitlines()
    ]
    assert back == documents


def test_region_added_in_labelstudio_is_a_new_quote(tmp_path: Path) -> None:
    """A Quote region and Speaker relation added to a pre-annotated task import as a quote."""
    [document] = _documents()
    get_bundle_exporter("labelstudio").write([document], tmp_path / "ls", {})
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text("utf-8"))
    text = tasks[0]["data"]["text"]
    results = tasks[0]["predictions"][0]["result"]
    start = text.index("officials confirmed")
    end = start + len("officials confirmed")
    speaker = document.quotes[0].speaker
    mention = document.entity(speaker or "").mentions[0]
    [region] = [
        r
        for r in results
        if r["type"] == "labels"
        and (r["value"]["start"], r["value"]["end"]) == (mention.start, mention.end)
    ]
    results.append(
        {
            "id": "added",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": ["Quote"]},
        }
    )
    results.append(
        {"from_id": "added", "to_id": region["id"], "type": "relation", "labels": ["Speaker"]}
    )
    (tmp_path / "edited.json").write_text(json.dumps(tasks), encoding="utf-8")
    [loaded] = get_importer("labelstudio").read(tmp_path / "edited.json", {})
    assert loaded.document is not None, loaded.findings
    quotes = loaded.document.quotes
    assert quotes[: len(document.quotes)] == document.quotes
    [added] = quotes[len(document.quotes) :]
    assert (added.text, added.speaker) == ("officials confirmed", speaker)


def test_span_added_in_brat_is_a_new_annotation(tmp_path: Path) -> None:
    """A T line added to a brat export under the newsschema labels imports as an entity."""
    [document] = _documents()
    get_bundle_exporter("brat").write([document], tmp_path / "brat", {})
    ann = tmp_path / "brat" / f"{document.article.id}.ann"
    start = document.article.body.index("officials")
    ann.write_text(
        ann.read_text("utf-8") + f"T99\tGroup {start} {start + 9}\tofficials\n", encoding="utf-8"
    )
    [loaded] = get_importer("brat").read(tmp_path / "brat", {})
    assert loaded.document is not None, loaded.findings
    added = [e for e in loaded.document.entities if e.id not in {x.id for x in document.entities}]
    assert [(e.kind, e.name) for e in added] == [("group", "officials")]
    assert not [f for f in loaded.findings if f.code == "NS084"]


def test_labelstudio_findings_point_into_the_task(tmp_path: Path) -> None:
    """Importer findings about a task carry its JSON pointer, never the bare root."""
    task = {
        "id": 1,
        "data": {"text": "He said we won."},
        "annotations": [
            {
                "id": 7,
                "result": [
                    {
                        "id": "a",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 8, "end": 14, "text": "we won", "labels": ["Quote"]},
                    }
                ],
            }
        ],
    }
    (tmp_path / "t.json").write_text(json.dumps([{"id": 0, "data": {"text": "x"}}, task]))
    loaded = list(get_importer("labelstudio").read(tmp_path / "t.json", {}))
    findings = [f for one in loaded for f in one.findings]
    assert findings
    assert all(f.pointer.split("/")[1] in ("0", "1") for f in findings), findings
    assert {f.document for f in findings if f.pointer.startswith("/1/")} == {1}
