"""Stable codes for what the table importers (CSV and Parquet bundles) check.

``NS070``–``NS079`` are bundle codes: each names a file of the bundle, the line (CSV) or row
(Parquet) and the column, and a JSON pointer into the document being rebuilt.
"""

from __future__ import annotations

from newsschema._code_doc import CodeDoc
from newsschema.findings import Severity

__all__ = ["TABLE_CODES"]

_E = Severity.ERROR

TABLE_CODES: dict[str, CodeDoc] = {
    doc.code: doc
    for doc in (
        CodeDoc(
            "NS070",
            "bundle-unreadable",
            _E,
            "The bundle cannot be read: no or invalid datapackage.json, a missing table file, "
            "a table in another format, or an unreadable archive.",
            "Without every table the documents cannot be rebuilt exactly.",
            "out/ without quotes.csv",
            "out/ as written by newsschema convert --to csv",
        ),
        CodeDoc(
            "NS071",
            "table-header",
            _E,
            "A table's columns are not those of the layout (missing, unknown or repeated).",
            "A renamed or dropped column would silently lose a field.",
            "article_id,quote,kind,...",
            "article_id,quote_id,position,kind,...",
        ),
        CodeDoc(
            "NS072",
            "cell-invalid",
            _E,
            "A cell does not fit its column: not a whole number, empty where required, a row "
            "with too many or too few cells, or half of a span.",
            "Nothing is coerced or guessed: 12.0 is not an offset, an empty name is not a name.",
            "span_start = 12.0",
            "span_start = 12",
        ),
        CodeDoc(
            "NS073",
            "human-column-mismatch",
            _E,
            "A human column (a name, text or date shown beside an id) disagrees with what the "
            "id says.",
            "Someone edited the name but not the id (or the other way round); either way the "
            "reader and the data no longer agree, so neither can be trusted.",
            "speaker_id = e_lavrov, speaker_name = Jens Stoltenberg",
            "speaker_id = e_lavrov, speaker_name = Sergey Lavrov",
        ),
        CodeDoc(
            "NS074",
            "orphan-row",
            _E,
            "A row belongs to an article, entity, event or quote that the bundle does not have.",
            "A row without its owner would be dropped silently.",
            "entity_aliases row for entity e9 when entities has no e9",
            "add the entity row or remove the alias row",
        ),
        CodeDoc(
            "NS075",
            "duplicate-row-key",
            _E,
            "Two rows have the same key (article id, or entity, event or quote id in one article).",
            "Keys must identify one thing; a repeated key makes references ambiguous.",
            "two entities rows for (a1, e1)",
            "one row per (article_id, entity_id)",
        ),
        CodeDoc(
            "NS076",
            "bad-position",
            _E,
            "The positions of a list are not 0, 1, 2, ... (a gap or a repeat).",
            "A gap means a deleted row; a repeat makes the order ambiguous.",
            "positions 0, 2",
            "positions 0, 1",
        ),
        CodeDoc(
            "NS077",
            "row-order",
            _E,
            "A table's rows are not grouped by article in the order of the articles table.",
            "Bundles are read in one streaming pass, one article at a time.",
            "quotes rows of article a1 after those of a2 when articles lists a1 first",
            "rows grouped by article, articles in the same order in every table",
        ),
    )
}
"""Codes reported by the table importers, keyed by code."""
