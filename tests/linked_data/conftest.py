"""Fixtures for the linked-data tests: offline contexts, schema.org tables, sample documents."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from pyld.documentloader.frozen import FrozenDocumentLoader

from newsschema.formats.jsonld.context import CONTEXT_IRI
from newsschema.loader import load_document
from newsschema.models import Document

from .ld_support import SCHEMA_DIR, SCHEMA_ORG_CONTEXTS, SEEDS, VOCAB
from .ld_support import sample_dict as _sample_dict


@pytest.fixture(scope="session")
def schemaorg_vocab() -> Path:
    if not (VOCAB / "schemaorgcontext.jsonld").is_file():
        pytest.skip("../shared/vocab/schemaorg-30.0 is not available")
    return VOCAB


@pytest.fixture(scope="session")
def schemaorg_terms(schemaorg_vocab: Path) -> set[str]:
    """Local names of every schema.org type and property (pending ones included)."""
    names: set[str] = set()
    for table in ("schemaorg-all-https-types.csv", "schemaorg-all-https-properties.csv"):
        with open(schemaorg_vocab / table, newline="", encoding="utf-8") as handle:
            names.update(
                row["id"].removeprefix("https://schema.org/") for row in csv.DictReader(handle)
            )
    return names


@pytest.fixture(scope="session")
def our_loader() -> FrozenDocumentLoader:
    """Serves only our committed context; refuses every other URL."""
    return FrozenDocumentLoader(documents={CONTEXT_IRI: SCHEMA_DIR / "context.jsonld"})


@pytest.fixture(scope="session")
def schemaorg_loader(schemaorg_vocab: Path) -> FrozenDocumentLoader:
    """Serves only schema.org's published context, from the offline copy."""
    path = schemaorg_vocab / "schemaorgcontext.jsonld"
    return FrozenDocumentLoader(documents=dict.fromkeys(SCHEMA_ORG_CONTEXTS, path))


@pytest.fixture(scope="session")
def sample_dict() -> dict[str, Any]:
    return _sample_dict()


@pytest.fixture(scope="session")
def sample(sample_dict: dict[str, Any]) -> Document:
    return Document.model_validate(sample_dict)


@pytest.fixture(scope="session")
def seed() -> Document:
    found = sorted(SEEDS.glob("*.json")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip("seeds/ has no seed document")
    return load_document(found[0])
