"""The Data Package descriptor and the mapping file of the table bundles, from the layout.

Both are generated from :data:`~newsschema.formats.tables._tables.TABLES`: the Frictionless
``datapackage.json`` every bundle carries (:func:`data_package`) and the declarative column
mapping ``exporters/csv.toml`` (:func:`mapping_toml`, kept in sync by a test).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from newsschema.formats._bundle_files import BUNDLE_NAME
from newsschema.formats.tables._formula import FORMULA_PREFIX, FORMULA_TRIGGERS
from newsschema.formats.tables._tables import BUNDLE_VERSION, TABLES, VIA_SEPARATOR
from newsschema.models import SCHEMA_VERSION

__all__ = ["data_package", "formula_convention", "mapping_toml"]


def data_package(
    *,
    extension: str,
    media_type: str,
    encoding: str | None = None,
    parts: Mapping[str, list[str]] | None = None,
    formula_escape: bool | None = None,
) -> dict[str, Any]:
    """Return the Frictionless Data Package descriptor of a bundle.

    Args:
        extension: File extension of the tables (``csv`` or ``parquet``); also the resource
            ``format``, which names the importer.
        media_type: Media type of the table files.
        encoding: Text encoding of the files, for text formats.
        parts: The files of each table when it is written in parts (read in order); by
            default each table is the one file ``<table>.<extension>``.
        formula_escape: For CSV, whether text cells carry the formula escape; declared as
            ``newsschema.formula_escape`` so that a consumer knows to undo it (None: not a
            text format, nothing declared).
    """
    resources = []
    for table in TABLES:
        fields = []
        for column in table.columns:
            field: dict[str, Any] = {
                "name": column.name,
                "type": column.type,
                "description": column.description,
            }
            constraints: dict[str, Any] = {}
            if column.required:
                constraints["required"] = True
            if column.enum:
                constraints["enum"] = list(column.enum)
            if column.type == "integer":
                constraints["minimum"] = 0
            if column.type == "boolean":
                field["trueValues"] = ["true"]
                field["falseValues"] = ["false"]
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        schema: dict[str, Any] = {
            "fields": fields,
            "primaryKey": list(table.primary_key),
            "missingValues": [""],
        }
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": list(fk.fields),
                    "reference": {"resource": fk.table, "fields": list(fk.reference)},
                }
                for fk in table.foreign_keys
            ]
        resource: dict[str, Any] = {
            "name": table.name,
            "path": parts[table.name] if parts else f"{table.name}.{extension}",
            "profile": "tabular-data-resource",
            "format": extension,
            "mediatype": media_type,
            "description": table.row,
        }
        if encoding is not None:
            resource["encoding"] = encoding
        resource["schema"] = schema
        resources.append(resource)
    about: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "bundle_version": BUNDLE_VERSION}
    if formula_escape is not None:
        about["formula_escape"] = formula_convention(escaped=formula_escape)
    return {
        "profile": "tabular-data-package",
        "name": BUNDLE_NAME,
        "title": "Annotated news articles as tables",
        "newsschema": about,
        "resources": resources,
    }


def formula_convention(*, escaped: bool) -> dict[str, Any]:
    """Return the ``newsschema.formula_escape`` declaration of a CSV bundle's descriptor."""
    if not escaped:
        return {"applied": False, "description": "Text cells are written as they are."}
    return {
        "applied": True,
        "prefix": FORMULA_PREFIX,
        "triggers": list(FORMULA_TRIGGERS),
        "fields": "every field of type string",
        "description": (
            "A text cell whose first character is one of the triggers starts with the prefix, "
            "which a spreadsheet does not run as a formula; to read the value, remove exactly "
            "one leading prefix from every string cell that starts with it."
        ),
    }


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(type(value))


def mapping_toml() -> str:
    """Render the declarative column mapping (``exporters/csv.toml``) from :data:`TABLES`."""
    lines = [
        "# Column mapping of the CSV and Parquet bundles: which document value goes to which",
        "# column of which table. Generated from newsschema.formats.tables._tables.TABLES; a test",
        "# keeps it in sync. `source` is a path in the document (`[]` walks a list, `[x]` looks",
        "# up the entity or event whose id is in column x); `human` columns are derived for",
        "# readers and checked on import; `values_from` names the controlled list of the model",
        "# that a column's values come from (the lists themselves are in each datapackage.json);",
        "# `added_in` names the schema version that added a table or column: a bundle written",
        "# before it may lack them (an absent table has no rows, an absent column its default).",
        "",
        f'bundle_version = "{BUNDLE_VERSION}"',
        f"via_separator = {_toml_value(VIA_SEPARATOR)}",
        f"formula_prefix = {_toml_value(FORMULA_PREFIX)}",
        f"formula_triggers = {_toml_value(FORMULA_TRIGGERS)}",
    ]
    for table in TABLES:
        lines += [
            "",
            "[[tables]]",
            f"name = {_toml_value(table.name)}",
            f"row = {_toml_value(table.row)}",
            f"primary_key = {_toml_value(table.primary_key)}",
        ]
        if table.added_in:
            lines.append(f"added_in = {_toml_value(table.added_in)}")
        for fk in table.foreign_keys:
            lines += [
                "",
                "[[tables.foreign_keys]]",
                f"fields = {_toml_value(fk.fields)}",
                f"table = {_toml_value(fk.table)}",
                f"reference = {_toml_value(fk.reference)}",
            ]
        for column in table.columns:
            lines += [
                "",
                "[[tables.columns]]",
                f"name = {_toml_value(column.name)}",
                f"type = {_toml_value(column.type)}",
                f"source = {_toml_value(column.source)}",
                f"description = {_toml_value(column.description)}",
                f"required = {_toml_value(column.required)}",
                f"human = {_toml_value(column.human)}",
            ]
            if column.vocabulary:
                lines.append(f"values_from = {_toml_value(column.vocabulary)}")
            if column.added_in:
                lines.append(f"added_in = {_toml_value(column.added_in)}")
    return "\n".join(lines) + "\n"
