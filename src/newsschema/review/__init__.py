"""Annotation review: what changed between two versions (diff) and how far annotators agree.

``diff_sources`` / ``diff_documents`` report added, removed and changed annotations in
annotation terms; ``agree`` measures agreement per layer (unit F1, Cohen's kappa, Krippendorff's
alpha) and lists the disagreements. Agreement statistics need the ``review`` extra; nothing here
imports numpy until ``agree`` runs.

Names are imported on first use, so that the ``diff`` and ``agree`` commands, which live in
:mod:`newsschema.cli`, cost the other commands nothing.
"""

from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsschema.review._read import ReviewInputError, Source, read_sources
    from newsschema.review.agreement import (
        AgreementError,
        AgreementReport,
        Disagreement,
        LayerAgreement,
        PairAgreement,
        agree,
    )
    from newsschema.review.diff import Change, DiffReport, FieldChange, diff_documents, diff_sources
    from newsschema.review.layers import LAYERS, Layer, Unit

__all__ = [
    "LAYERS",
    "AgreementError",
    "AgreementReport",
    "Change",
    "DiffReport",
    "Disagreement",
    "FieldChange",
    "Layer",
    "LayerAgreement",
    "PairAgreement",
    "ReviewInputError",
    "Source",
    "Unit",
    "agree",
    "diff_documents",
    "diff_sources",
    "read_sources",
]

# Public name -> the module of this package that defines it (imported on first use).
_HOMES: dict[str, str] = {
    **dict.fromkeys(("ReviewInputError", "Source", "read_sources"), "_read"),
    **dict.fromkeys(
        (
            "AgreementError",
            "AgreementReport",
            "Disagreement",
            "LayerAgreement",
            "PairAgreement",
            "agree",
        ),
        "agreement",
    ),
    **dict.fromkeys(
        ("Change", "DiffReport", "FieldChange", "diff_documents", "diff_sources"), "diff"
    ),
    **dict.fromkeys(("LAYERS", "Layer", "Unit"), "layers"),
}


def _module(name: str) -> ModuleType:
    """Import this package's module ``name`` (written out, so the import graph sees it)."""
    if name == "_read":
        from newsschema.review import _read

        return _read
    if name == "agreement":
        from newsschema.review import agreement

        return agreement
    if name == "diff":
        from newsschema.review import diff

        return diff
    from newsschema.review import layers

    return layers


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use and keep the name as a plain global."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
