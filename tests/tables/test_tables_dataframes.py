"""newsschema.tables(): the bundle's tables as pandas DataFrames, for notebooks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import newsschema
from newsschema.formats import ExportError
from newsschema.formats.tables._parquet_layout import typed_columns
from newsschema.formats.tables._tables import TABLES
from newsschema.models import Document

from .tables_support import corpora, export, sample_document

pytest.importorskip("pyarrow")

_SLOW = settings(deadline=None, suppress_health_check=list(HealthCheck))


@_SLOW
@given(documents=corpora(max_size=3, big=False))
def test_frames_equal_the_parquet_bundle(
    documents: list[Document], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """With the pyarrow backend every frame equals what pandas reads from the Parquet bundle."""
    frames = newsschema.tables(documents, dtype_backend="pyarrow")
    bundle = export("parquet", documents, tmp_path_factory.mktemp("pq") / "bundle")
    assert list(frames) == [table.name for table in TABLES]
    for table in TABLES:
        stored = pd.read_parquet(bundle / f"{table.name}.parquet", dtype_backend="pyarrow")
        pd.testing.assert_frame_equal(frames[table.name], stored, check_dtype=True)


def test_column_types() -> None:
    """Integers are Int64, text is string, timestamps UTC with an offset, event days dates."""
    frames = newsschema.tables(sample_document())
    articles = frames["articles"]
    assert str(articles["date_published"].dtype) == "datetime64[us, UTC]"
    assert str(articles["date_published_offset"].dtype) == "Int16"
    assert str(articles["headline"].dtype) == "string"
    assert str(frames["quotes"]["span_start"].dtype) == "Int64"
    assert str(frames["entities"]["anonymous"].dtype) == "boolean"
    assert str(frames["events"]["date_start"].dtype) == "datetime64[s]"
    assert str(frames["events"]["date_start_text"].dtype) == "string"  # partial dates stay text
    for table in TABLES:
        assert list(frames[table.name].columns) == [c.name for c in typed_columns(table)]


def test_timestamps_are_converted_to_utc() -> None:
    """A timestamp with an offset (+03:00) becomes the same instant in UTC, offset 180 beside it."""
    document = sample_document()
    assert document.model_dump(mode="json")["article"]["date_published"].endswith("+03:00")
    frames = newsschema.tables(document)
    assert frames["articles"]["date_published"][0] == pd.Timestamp("2022-01-13T09:30:00Z")
    assert frames["articles"]["date_published_offset"][0] == 180


def test_pyarrow_backend() -> None:
    """dtype_backend="pyarrow" gives Arrow-backed columns with the same values."""
    numpy = newsschema.tables(sample_document())
    arrow = newsschema.tables(sample_document(), dtype_backend="pyarrow")
    assert str(arrow["quotes"]["span_start"].dtype) == "int64[pyarrow]"
    assert str(arrow["articles"]["date_published"].dtype) == "timestamp[us, tz=UTC][pyarrow]"
    assert numpy["quotes"]["text"].tolist() == arrow["quotes"]["text"].tolist()


def test_unknown_backend_is_refused() -> None:
    """A misspelt dtype_backend is a ValueError naming the choices."""
    with pytest.raises(ValueError, match="pyarrow"):
        newsschema.tables(sample_document(), dtype_backend="arrow")  # type: ignore[arg-type]


def test_repeated_article_ids_are_refused() -> None:
    """Two documents with one article id are refused, as by the bundle exporters."""
    with pytest.raises(ExportError, match="article id"):
        newsschema.tables([sample_document(), sample_document()])


def test_importing_newsschema_does_not_import_pandas() -> None:
    """pandas is imported only when tables() is called."""
    code = (
        "import sys, newsschema; assert 'pandas' not in sys.modules;"
        " newsschema.tables;"
        " assert 'pandas' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent)
