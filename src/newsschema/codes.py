"""Every stable finding code, defined in one place: the loader's, the importers' and the rules'.

This module holds the loader and model codes and gathers the importers' (``TABLE_CODES``,
``TOOL_CODES``, ``QUOTE_CODES``), so that the rules registry lists every code without
importing a format.

Codes never change meaning and are never reused. ``NS0xx`` are input and structure codes: the
bytes are not JSON (parse stage, ``NS001``–``NS009``), the JSON is not acceptable input
(``NS010``–``NS019``), or it does not fit the model (``NS020``–``NS029``). Semantic rule families
(``NS1xx`` and up) are documented beside their rules.
"""

from __future__ import annotations

from newsschema._code_doc import CodeDoc
from newsschema._quote_codes import QUOTE_CODES
from newsschema._table_codes import TABLE_CODES
from newsschema._tool_codes import TOOL_CODES
from newsschema.findings import Severity

__all__ = ["LOADER_CODES", "PARSE_CODES", "QUOTE_CODES", "TABLE_CODES", "TOOL_CODES", "CodeDoc"]


_E = Severity.ERROR

LOADER_CODES: dict[str, CodeDoc] = {
    doc.code: doc
    for doc in (
        CodeDoc(
            "NS001",
            "json-syntax",
            _E,
            "The input is not valid JSON.",
            "Everything downstream needs the exact document; a lenient parser would guess.",
            '{"schema_version": "1.0",}',
            '{"schema_version": "1.0"}',
        ),
        CodeDoc(
            "NS002",
            "encoding",
            _E,
            "The input is not UTF-8 without a byte-order mark.",
            "RFC 8259 requires UTF-8 between systems; a BOM or UTF-16 file shifts every offset.",
            "EF BB BF 7B ... (UTF-8 with BOM) or FF FE 7B 00 ... (UTF-16)",
            "7B ... (plain UTF-8)",
        ),
        CodeDoc(
            "NS003",
            "empty-input",
            _E,
            "The input is empty or only white space.",
            "An empty file is almost always a failed export upstream, not an empty corpus.",
            "",
            '{"schema_version": "1.0", "article": {...}}',
        ),
        CodeDoc(
            "NS004",
            "trailing-data",
            _E,
            "Something follows the JSON document.",
            "Concatenated or truncated-and-appended files silently lose data in lenient parsers.",
            '{"schema_version": "1.0", ...} {"schema_version": "1.0", ...}',
            "one document per .json file, or one per line in a .jsonl file",
        ),
        CodeDoc(
            "NS005",
            "non-finite-number",
            _E,
            "NaN or Infinity is not JSON.",
            "Python's json module writes them; no other JSON consumer reads them.",
            '{"start": NaN}',
            '{"start": 0}',
        ),
        CodeDoc(
            "NS006",
            "nesting-too-deep",
            _E,
            "Arrays and objects are nested deeper than the loader's limit (64).",
            "A news document nests five levels; deeper input is hostile or broken and is "
            "refused before it can exhaust the stack.",
            "[[[[[[...100,000 brackets...]]]]]]",
            '{"schema_version": "1.0", ...}',
        ),
        CodeDoc(
            "NS010",
            "duplicate-key",
            _E,
            "An object has the same key twice.",
            "Parsers disagree on which value wins; keeping either one silently loses the other.",
            '{"start": 3, "start": 5}',
            '{"start": 3}',
        ),
        CodeDoc(
            "NS011",
            "number-out-of-range",
            _E,
            "A number is outside what every JSON reader represents exactly: integers beyond "
            "±(2^53−1), or a value that overflows a double.",
            "JavaScript and many databases round such integers, so offsets would point elsewhere.",
            '{"start": 9007199254740993}',
            '{"start": 12}',
        ),
        CodeDoc(
            "NS012",
            "lone-surrogate",
            _E,
            "A string contains an unpaired UTF-16 surrogate escape such as \\ud800.",
            "Lone surrogates cannot be encoded as UTF-8, so exports would fail or corrupt text.",
            '{"headline": "\\ud800"}',
            '{"headline": "\\ud83d\\ude00"}',
        ),
        CodeDoc(
            "NS020",
            "unknown-field",
            _E,
            "A field that the schema does not define (often a misspelling).",
            "A misspelt optional field would otherwise be dropped without a word.",
            '{"id": "e1", "kind": "person", "nmae": "Lavrov"}',
            '{"id": "e1", "kind": "person", "name": "Lavrov"}',
        ),
        CodeDoc(
            "NS021",
            "missing-field",
            _E,
            "A required field is missing.",
            "Without it the document cannot be interpreted.",
            '{"id": "e1", "kind": "person"}',
            '{"id": "e1", "kind": "person", "name": "Sergey Lavrov"}',
        ),
        CodeDoc(
            "NS022",
            "wrong-type",
            _E,
            "A value has the wrong JSON type; nothing is coerced.",
            'Coercing "12" to 12 or "yes" to true hides upstream bugs.',
            '{"start": "12", "end": 20}',
            '{"start": 12, "end": 20}',
        ),
        CodeDoc(
            "NS023",
            "invalid-value",
            _E,
            "A value has the right type but breaks a constraint (pattern, bound, enumeration, "
            "calendar date, time zone).",
            "Controlled values are what make documents comparable across teams.",
            '{"kind": "persn"} or {"date_published": "2022-01-13T10:00:00"} (no offset)',
            '{"kind": "person"} or {"date_published": "2022-01-13T10:00:00Z"}',
        ),
        CodeDoc(
            "NS024",
            "foreign-format",
            _E,
            "The input is another format (JSON-LD, a Label Studio, doccano or brat-style "
            "export), not a newsschema document; the message names the `convert --from` to use.",
            "One finding naming the format says more than one unknown-field error per key.",
            '{"@context": "https://w3id.org/newsschema/1.0/context.jsonld", "@type": ...}',
            "newsschema convert --from jsonld article.jsonld --to json -o article.json",
        ),
        CodeDoc(
            "NS060",
            "jsonld-context-refused",
            _E,
            "A JSON-LD input carries a context other than newsschema's own: a remote context URL "
            "(never fetched) or an inline context that would redefine its terms.",
            "Fetching contexts leaks data and lets a third party change what the input means; a "
            "redefined term would silently turn one field into another.",
            '{"@context": "https://example.org/other.jsonld", ...}',
            '{"@context": "https://w3id.org/newsschema/1.0/context.jsonld", ...}',
        ),
        CodeDoc(
            "NS061",
            "jsonld-shape",
            _E,
            "A JSON-LD input is not in the shape `newsschema convert --to jsonld` writes (unknown "
            "key, wrong @type or @id, a reference to the wrong kind of node).",
            "The importer rebuilds the canonical document exactly; anything it cannot place "
            "would be lost.",
            '{"@type": "NewsArticle", "headlin": "..."}',
            '{"@type": "NewsArticle", "headline": "..."}',
        ),
        CodeDoc(
            "NS030",
            "unreadable-input",
            _E,
            "The input file cannot be read (missing, a directory, no permission), or a run "
            "found no document to validate.",
            "CI must fail loudly rather than validate nothing.",
            "newsschema validate missing.json",
            "newsschema validate seeds/",
        ),
    )
}
"""Codes reported by the loader and the model checks, keyed by code."""

PARSE_CODES = frozenset({"NS001", "NS002", "NS003", "NS004", "NS005", "NS006"})
"""Codes that mean the input is not JSON text at all (the parse stage)."""
