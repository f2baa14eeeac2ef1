"""brat records (``imported``) against edits made after the import.

A record gives the annotators' spans back only while it agrees with the canonical fields: an
entity whose kind changed, a quote whose speaker was removed or added, and a mention the
annotator split in brat must come back as the document now says, never as the record said.
The texts are written for these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from newsschema.formats import get_bundle_exporter, get_importer
from newsschema.formats._export_options import BratReadOptions
from newsschema.formats.metadata import MetaError
from newsschema.loader import load_bytes
from newsschema.models import Document
from newsschema.serialize import dumps

from .test_brat_exact_round_trip import ANNS, OPTIONS, STEM, WRITE

TEXT = "Mira Osk of Harbour Works said the tolls will rise.\n"
LANGUAGE = {"set": ["article.language=en"]}


def _read(folder: Path, labels: str) -> Any:
    """The one document (and its findings) the brat importer reads from ``folder``."""
    [loaded] = list(get_importer("brat").read(folder, {"labels": labels, **LANGUAGE}))
    assert loaded.document is not None, loaded.findings
    return loaded


def _corpus(tmp: Path, ann: str) -> Path:
    folder = tmp / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, "utf-8")
    (folder / "a.ann").write_text(ann, "utf-8")
    return folder


def _edited(document: Document, change: Any) -> Document:
    """The document after ``change`` edits its JSON data (as a user edits the JSON file)."""
    raw = orjson.loads(dumps(document))
    change(raw)
    [loaded] = list(load_bytes(orjson.dumps(raw)))
    assert loaded.document is not None, loaded.findings
    return loaded.document


def _t_lines(folder: Path, stem: str = "a") -> list[str]:
    """The text-bound lines of an exported ``.ann``, without their ids."""
    ann = (folder / f"{stem}.ann").read_text("utf-8")
    return [line.split("\t", 1)[1] for line in ann.splitlines() if line.startswith("T")]


def _e_lines(folder: Path, stem: str) -> list[list[str]]:
    """Each event line of an exported ``.ann``: its type and its argument roles."""
    ann = (folder / f"{stem}.ann").read_text("utf-8")
    return [
        [arg.split(":")[0] for arg in line.split("\t")[1].split()]
        for line in ann.splitlines()
        if line.startswith("E")
    ]


@pytest.mark.parametrize("labels", ["newsschema", "attribution"])
def test_a_mention_whose_entity_kind_changed_is_written_under_its_new_kind(
    tmp_path: Path, labels: str
) -> None:
    """A two-fragment Person made an organization is exported and read back as one."""
    loaded = _read(_corpus(tmp_path, "T1\tPerson 0 4;5 8\tMira Osk\n"), labels)
    assert loaded.document.entities[0].mentions[0].imported is not None

    def kind(raw: dict[str, Any]) -> None:
        raw["entities"][0]["kind"] = "organization"

    out = tmp_path / "out"
    get_bundle_exporter("brat").write([_edited(loaded.document, kind)], out, {"labels": labels})
    # An edited mention is exported from its canonical span (one fragment), under its kind.
    assert _t_lines(out) == ["Organization 0 8\tMira Osk"]
    assert [e.kind for e in _read(out, labels).document.entities] == ["organization"]


def test_an_unused_source_whose_kind_changed_is_no_longer_a_source(tmp_path: Path) -> None:
    """A Source span no quote uses, its entity made a group, is not written back as Source."""
    loaded = _read(_corpus(tmp_path, "T1\tSource 12 25\tHarbour Works\n"), "attribution")
    [mention] = loaded.document.entities[0].mentions
    assert mention.imported is not None and mention.imported.spans[0].label == "Source"

    def kind(raw: dict[str, Any]) -> None:
        raw["entities"][0]["kind"] = "group"

    out = tmp_path / "out"
    get_bundle_exporter("brat").write([_edited(loaded.document, kind)], out, WRITE)
    assert _t_lines(out) == ["Group 12 25\tHarbour Works"]


def test_a_speaker_annotated_with_an_entity_label_keeps_its_label(tmp_path: Path) -> None:
    """A speaker's Person span (an entity label, not Source) is written back as Person."""
    ann = (
        "T1\tPerson 0 8\tMira Osk\nT2\tCue 26 30\tsaid\nT3\tContent 31 50\tthe tolls will rise\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    )
    loaded = _read(_corpus(tmp_path, ann), "attribution")
    assert loaded.document.quotes[0].speaker == loaded.document.entities[0].id
    out = tmp_path / "out"
    get_bundle_exporter("brat").write([loaded.document], out, WRITE)
    assert "Person 0 8\tMira Osk" in _t_lines(out)
    assert not any(line.startswith("Source") for line in _t_lines(out))


def _imported_corpus() -> Document:
    [loaded] = list(get_importer("brat").read(ANNS, OPTIONS))
    assert loaded.document is not None, loaded.findings
    return loaded.document


def test_a_quote_whose_speaker_was_removed_is_an_event_without_source(tmp_path: Path) -> None:
    """Without its speaker, the Attribution with Content2 becomes Attribution-no-source."""
    document = _imported_corpus()
    [held] = [q for q in document.quotes if q.text.startswith("We held")]
    assert held.imported is not None and held.imported.event == "Attribution"

    def unspoken(raw: dict[str, Any]) -> None:
        for quote in raw["quotes"]:
            if quote["text"].startswith("We held"):
                del quote["speaker"]

    edited = _edited(document, unspoken)
    get_bundle_exporter("brat").write([edited], tmp_path / "out", WRITE)
    events = _e_lines(tmp_path / "out", STEM)
    # The corpus's one event with a continuation: still one event, now without a source.
    [continued] = [e for e in events if "Content2" in e]
    assert continued[0] == "Attribution-no-source"
    assert "Source" not in continued
    [back] = list(get_importer("brat").read(tmp_path / "out", OPTIONS))
    assert back.document is not None
    [again] = [q for q in back.document.quotes if q.text.startswith("We held")]
    assert again.speaker is None
    assert again.cue == held.cue
    assert again.span == held.span and again.interruptions == held.interruptions


def test_a_quote_given_a_speaker_is_an_event_with_a_source(tmp_path: Path) -> None:
    """A speaker added to an Attribution-no-source quote makes its event an Attribution."""
    document = _imported_corpus()
    [argued] = [q for q in document.quotes if q.text.startswith("that the rise")]
    assert argued.imported is not None and argued.imported.event == "Attribution-no-source"
    [osk] = [e for e in document.entities if e.name == "Osk"]

    def spoken(raw: dict[str, Any]) -> None:
        for quote in raw["quotes"]:
            if quote["text"].startswith("that the rise"):
                quote["speaker"] = osk.id

    get_bundle_exporter("brat").write([_edited(document, spoken)], tmp_path / "out", WRITE)
    events = _e_lines(tmp_path / "out", STEM)
    assert len(events) == 4 and all(e[0] == "Attribution" for e in events)
    [back] = list(get_importer("brat").read(tmp_path / "out", OPTIONS))
    assert back.document is not None
    [again] = [q for q in back.document.quotes if q.text.startswith("that the rise")]
    assert again.speaker is not None and again.cue == argued.cue
    # The content's own two fragments (a line break between) are still given back.
    assert again.imported == argued.imported.model_copy(update={"event": "Attribution"})


@pytest.mark.parametrize(
    "meta",
    ["meta.tsv", ("meta.tsv",), ("meta.tsv", "filename=name", "extra"), 7, ("meta.tsv", 3)],
)
def test_a_meta_option_not_of_the_documented_form_is_a_clear_error(meta: object) -> None:
    """``meta`` that is not a table or ``(PATH, MAP)`` is a MetaError naming that form."""
    with pytest.raises(MetaError, match=r"\(PATH, \"COLUMN=FIELD"):
        BratReadOptions.of({"meta": meta})


def test_a_bad_meta_option_is_a_finding_of_the_import(tmp_path: Path) -> None:
    """The brat importer turns a malformed ``meta`` into a finding, not a traceback."""
    folder = _corpus(tmp_path, "T1\tPerson 0 8\tMira Osk\n")
    [loaded] = list(get_importer("brat").read(folder, {"meta": "meta.tsv", **LANGUAGE}))
    assert loaded.document is None
    assert any("(PATH," in f.message for f in loaded.findings)


def test_a_mention_split_in_brat_under_the_newsschema_labels(tmp_path: Path) -> None:
    """A mention split after a newsschema export is warned (NS086), joined and recorded."""
    loaded = _read(_corpus(tmp_path, "T1\tPerson 0 8\tMira Osk\n"), "newsschema")
    out = tmp_path / "out"
    get_bundle_exporter("brat").write([loaded.document], out, {})
    assert (out / "a.newsschema.json").exists()  # the record path of the import
    ann = (out / "a.ann").read_text("utf-8").replace("Person 0 8", "Person 0 4;5 8")
    # And a split mention the annotator adds (not in the record).
    (out / "a.ann").write_text(ann + "T9\tOrganization 12 19;20 25\tHarbour Works\n", "utf-8")
    back = _read(out, "newsschema")
    joined = [f for f in back.findings if f.code == "NS086"]
    assert [f.line for f in joined] == [1, 2]
    assert all(f.file is not None and f.file.endswith("a.ann") for f in joined)
    assert [(m.start, m.end) for e in back.document.entities for m in e.mentions] == [
        (0, 8),
        (12, 25),
    ]
    # The splits come back on the next export, as under the attribution labels.
    again = tmp_path / "again"
    get_bundle_exporter("brat").write([back.document], again, {})
    assert _t_lines(again) == [
        "Person 0 4;5 8\tMira Osk",
        "Organization 12 19;20 25\tHarbour Works",
    ]
    # Through JSON too: the record is part of the document.
    through = next(load_bytes(dumps(back.document))).document
    assert through == back.document
