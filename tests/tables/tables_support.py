"""Strategies and helpers for the table-format tests.

The strategies post-process ``newsschema.strategies.document_dicts()`` to add what breaks naive
CSV code: CRLF, lone CR and U+2028 inside cells, quotes and commas, cells a spreadsheet would run
as formulas, fields over 128 KB, non-ASCII text, empty lists, None next to "".
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from newsschema.formats import IMPORTERS, get_bundle_exporter
from newsschema.formats.canonical import to_canonical_dict
from newsschema.models import SCHEMA_VERSIONS, Document
from newsschema.strategies import document_dicts

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

_PIECES = [
    "a,b",
    'say "hi"',
    '"',
    ",",
    "line\r\nbreak",
    "lone\rCR",
    "lone\nLF",
    "ls\u2028sep",
    "ps\u2029sep",
    "=SUM(A1)",
    "+1",
    "-2",
    "@cmd",
    "\ttab",
    "\rCR first",
    "\nLF first",
    "'apostrophe",
    "''",
    "Ωμέγα 北京 Київ 🇺🇦 👩‍💻",
    "e\u0301",
    "\u00a0nbsp",
    " lead",
    "trail ",
    "\\N",
    "NULL",
    "\ufeffbom",
]
# CSV readers before Python 3.11 refuse NUL characters.
_ALPHABET = st.characters(
    blacklist_categories=["Cs"],
    blacklist_characters="" if sys.version_info >= (3, 11) else "\x00",
)
TRICKY = st.lists(
    st.sampled_from(_PIECES) | st.text(_ALPHABET, min_size=1, max_size=12), min_size=1, max_size=4
).map("".join)
"""Non-empty text with the characters that break CSV and spreadsheets."""

_BIG = (
    'Длинный текст, "quoted"\r\nnext line\rcr\u2028=not a formula ' * 3000
)  # ~165,000 code points


def _shift(value: Any, by: int) -> None:
    """Move every span in a document dict by ``by`` code points."""
    if isinstance(value, dict):
        # A span, or a mention (a span with a form); event dates have text start/end.
        if set(value) - {"form"} == {"start", "end"} and all(
            isinstance(value[k], int) for k in ("start", "end")
        ):
            value["start"] += by
            value["end"] += by
            return
        for item in value.values():
            _shift(item, by)
    elif isinstance(value, list):
        for item in value:
            _shift(item, by)


@st.composite
def tricky_document_dicts(draw: st.DrawFn, *, big: bool = True) -> dict[str, Any]:
    """A valid document whose text fields hold the hard cases (model-valid; spans consistent).

    Schema 1.0 and 1.1 documents both; 1.1 ones use the fields added in 1.1.
    """
    doc = draw(document_dicts(schema_version=draw(st.sampled_from(SCHEMA_VERSIONS))))
    article = doc["article"]
    article.pop("text_sha256", None)  # the body changes below
    if draw(st.booleans()):
        article["headline"] = draw(TRICKY)
    prefix = draw(st.sampled_from(["", "=", "+1 ", "-", "@", "\t", "\r\n", "'", "\r", "\u2028"]))
    if prefix:
        _shift({k: v for k, v in doc.items() if k != "article"}, len(prefix))
        article["body"] = prefix + article["body"]
    body = article["body"] + draw(TRICKY)
    extra = 0
    if big and draw(st.integers(0, 9)) == 0:
        start = len(body)
        body += _BIG
        doc["quotes"].append(
            {
                "id": "q_big",
                "kind": "direct",
                "text": _BIG,
                "span": {"start": start, "end": len(body)},
            }
        )
        extra += 1
    if draw(st.booleans()):
        # The empty text (never None) at an empty span.
        doc["quotes"].append(
            {"id": "q_empty", "kind": "scare", "text": "", "span": {"start": 0, "end": 0}}
        )
    article["body"] = body
    for quote in doc["quotes"]:
        if quote["id"] not in ("q_big", "q_empty"):
            quote["text"] = body[quote["span"]["start"] : quote["span"]["end"]]
    for entity in doc["entities"]:
        if draw(st.booleans()):
            entity["name"] = draw(TRICKY)
        if draw(st.booleans()):
            entity["aliases"] = [*entity.get("aliases", []), draw(TRICKY)]
    for event in doc["events"]:
        if draw(st.booleans()):
            event["name"] = draw(TRICKY)
    return doc


def corpora(max_size: int = 3, *, big: bool = True) -> st.SearchStrategy[list[Document]]:
    """Lists of tricky documents with distinct article ids (possibly empty)."""
    return st.lists(
        tricky_document_dicts(big=big), max_size=max_size, unique_by=lambda d: d["article"]["id"]
    ).map(lambda dicts: [Document.model_validate(d) for d in dicts])


def canonical(documents: list[Document]) -> list[dict[str, Any]]:
    return [to_canonical_dict(document) for document in documents]


@contextmanager
def scratch() -> Iterator[Path]:
    """A temporary directory (hypothesis tests cannot use function-scoped fixtures)."""
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def export(fmt: str, documents: list[Document], target: Path, **options: Any) -> Path:
    get_bundle_exporter(fmt).write(iter(documents), target, options)
    return target


def reimport(fmt: str, path: Path) -> list[Any]:
    """Read a bundle back; return the documents, failing with the findings if any."""
    loaded = list(IMPORTERS[fmt].read(path, {}))
    problems = [f for item in loaded for f in item.findings]
    assert not problems, problems[:5]
    return [item.document for item in loaded]


def sample_document() -> Document:
    """A small hand-made document that uses every table."""
    body = "=Lavrov said: “We told them (Jens) to hurry,” RIA Novosti reported on Jan. 13.\r\n"
    quoted = "We told them (Jens) to hurry,"
    q_start = body.index(quoted)
    ins = body.index("(Jens)")
    return Document.model_validate(
        {
            "schema_version": "1.0",
            "article": {
                "id": "a1",
                "headline": '-Lavrov: "hurry", says RIA',
                "body": body,
                "language": "en",
                "date_published": "2022-01-13T12:30:00+03:00",
                "publisher": "e_ria",
                "authors": ["e_lavrov"],
            },
            "entities": [
                {
                    "id": "e_lavrov",
                    "kind": "person",
                    "name": "Sergey Lavrov",
                    "aliases": ["=Lavrov", "the minister"],
                    "same_as": ["https://www.wikidata.org/wiki/Q178528"],
                    "mentions": [{"start": 0, "end": 7}],
                },
                {
                    "id": "e_ria",
                    "kind": "outlet",
                    "name": "RIA Novosti",
                    "mentions": [{"start": body.index("RIA"), "end": body.index("RIA") + 11}],
                },
            ],
            "events": [
                {
                    "id": "ev1",
                    "kind": "statement",
                    "name": "Lavrov's remarks",
                    "date": {"start": "2022-01-13", "inferred": ["year"]},
                    "participants": [{"entity": "e_lavrov", "role": "speaker"}],
                    "mentions": [{"start": 8, "end": 12}],
                },
            ],
            "quotes": [
                {
                    "id": "q1",
                    "kind": "direct",
                    "text": quoted,
                    "span": {"start": q_start, "end": q_start + len(quoted)},
                    "speaker": "e_lavrov",
                    "cue": {"start": 8, "end": 12},
                    "via": ["e_ria"],
                    "event": "ev1",
                    "insertions": [{"start": ins, "end": ins + 6}],
                },
            ],
        }
    )


CORPUS_1_1 = ROOT / "tests" / "corpus_1_1"
EXPORTS_1_1 = ROOT / "tests" / "exports_1_1"


def corpus_1_1() -> list[Document]:
    """Every hand-written schema 1.1 document: the corpus, then the export fixtures.

    ``tests/corpus_1_1`` holds the documents written from real attribution phenomena;
    ``tests/exports_1_1`` two more for the exporters (a research article with every attribution
    phenomenon at once, and a fully published article with the fields Google asks for).
    """
    from newsschema.loader import load_document

    paths = sorted(CORPUS_1_1.glob("*.json")) + sorted(EXPORTS_1_1.glob("*.json"))
    return [load_document(path) for path in paths]


def export_fixture(name: str) -> Document:
    """One document of ``tests/exports_1_1`` by its file name (without ``.json``)."""
    from newsschema.loader import load_document

    return load_document(EXPORTS_1_1 / f"{name}.json")


Rows = list[list[str]]
"""A CSV table as its rows of cells (the header first)."""


def read_table(path: Path) -> Rows:
    """Read a bundle's CSV table as written (a byte-order mark allowed)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_table(path: Path, rows: Rows) -> None:
    """Write ``rows`` as a CSV table the way the bundle writer does (CRLF records)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
