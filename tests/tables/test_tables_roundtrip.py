"""Export then import is the identity, for CSV (directory, zip, Excel BOM) and Parquet."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from newsschema.formats.canonical import dump_canonical
from newsschema.models import Document

from .tables_support import canonical, corpora, export, reimport, scratch

_SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(corpora())
def test_csv_directory_round_trip(documents: list[Document]) -> None:
    """Generated corpora round-trip through a CSV directory to the same canonical bytes."""
    with scratch() as tmp:
        back = reimport("csv", export("csv", documents, tmp / "bundle"))
    assert canonical(back) == canonical(documents)
    # Byte for byte, too: the canonical JSON of each document is unchanged.
    assert [dump_canonical(d) for d in back] == [dump_canonical(d) for d in documents]


@_SETTINGS
@given(corpora())
def test_csv_zip_with_excel_bom_round_trip(documents: list[Document]) -> None:
    """Generated corpora round-trip through a zipped CSV bundle with a BOM."""
    with scratch() as tmp:
        target = export("csv", documents, tmp / "bundle.zip", excel=True)
        back = reimport("csv", target)
    assert canonical(back) == canonical(documents)


@_SETTINGS
@given(corpora())
def test_parquet_round_trip(documents: list[Document]) -> None:
    """Generated corpora round-trip through a Parquet bundle."""
    pytest.importorskip("pyarrow")
    with scratch() as tmp:
        back = reimport("parquet", export("parquet", documents, tmp / "bundle"))
    assert canonical(back) == canonical(documents)
