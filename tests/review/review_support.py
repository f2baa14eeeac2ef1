"""Variants of the seed article, each with one known annotation change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsschema import Document, loads
from newsschema.formats.canonical import dump_canonical

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_ea502ccfb2dde799.json"


def seed_dict() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8"))
    return data


def document(data: dict[str, Any]) -> Document:
    return loads(json.dumps(data, ensure_ascii=False))


def shift_quote(data: dict[str, Any], index: int, by: int) -> dict[str, Any]:
    """Move the start of quote ``index`` right by ``by`` code points (text kept consistent)."""
    quote = data["quotes"][index]
    quote["span"]["start"] += by
    quote["text"] = data["article"]["body"][quote["span"]["start"] : quote["span"]["end"]]
    return data


def set_speaker(data: dict[str, Any], index: int, entity_id: str) -> dict[str, Any]:
    data["quotes"][index]["speaker"] = entity_id
    return data


def rename_entity(data: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """Rename an entity id everywhere it is used (a pure rename: nothing else changes)."""
    text = json.dumps(data, ensure_ascii=False).replace(f'"{old}"', f'"{new}"')
    renamed: dict[str, Any] = json.loads(text)
    return renamed


def write(path: Path, data: dict[str, Any] | Document) -> Path:
    """Write canonical pretty JSON (one annotation object per few lines, as people commit it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = data if isinstance(data, Document) else document(data)
    path.write_bytes(dump_canonical(doc))
    return path
