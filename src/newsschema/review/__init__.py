"""Annotation review: what changed between two versions (diff) and how far annotators agree.

``diff_sources`` / ``diff_documents`` report added, removed and changed annotations in
annotation terms; ``agree`` measures agreement per layer (unit F1, Cohen's kappa, Krippendorff's
alpha) and lists the disagreements. Agreement statistics need the ``review`` extra; nothing here
imports numpy until ``agree`` runs.
"""

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
