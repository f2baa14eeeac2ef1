"""The Dask engine under its first public path; it lives in :mod:`newsschema.engines.dask`."""

from __future__ import annotations

from newsschema.engines.dask import (
    DEFAULT_BLOCKSIZE,
    DaskEngine,
    DaskExecutor,
    Record,
    cluster_client,
    convert,
    read_documents,
    to_csv_bundle,
    to_jsonld,
    to_parquet,
    validate,
    validate_inputs,
)

__all__ = [
    "DEFAULT_BLOCKSIZE",
    "DaskEngine",
    "DaskExecutor",
    "Record",
    "cluster_client",
    "convert",
    "read_documents",
    "to_csv_bundle",
    "to_jsonld",
    "to_parquet",
    "validate",
    "validate_inputs",
]
