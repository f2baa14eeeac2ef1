"""Renderers of an :class:`~newsschema.review.agreement.AgreementReport`.

``table`` (a rich terminal table), ``json`` (a stable shape: ``{"layers": {LAYER: {"pairs":
[{"annotators": [A, B], "exact_f1": …, "overlap_f1": …}], …}}, …}``), ``csv`` (one row per layer
and pair, plus a ``mean`` row per layer) and ``html`` (a self-contained page with charts, see
:mod:`newsschema.review.agree_html`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any, TextIO

import orjson

from newsschema._names import display_name
from newsschema.review._stats import Estimate
from newsschema.review.agreement import (
    AgreementReport,
    Disagreement,
    LayerAgreement,
    Marked,
    PairAgreement,
)

__all__ = ["AGREE_REPORTERS", "METRICS", "agreement_dict"]

METRICS = (
    "exact_precision",
    "exact_recall",
    "exact_f1",
    "overlap_precision",
    "overlap_recall",
    "overlap_f1",
    "kappa",
)
"""Per-pair metrics, in column order."""


def _estimate(estimate: Estimate | None) -> dict[str, Any] | None:
    if estimate is None:
        return None
    return {
        "value": estimate.value,
        "ci95": None if estimate.low is None else [estimate.low, estimate.high],
        "ci_method": estimate.method,
    }


def _marked(unit: Marked | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {
        "start": unit.start,
        "end": unit.end,
        "text": unit.text,
        "label": unit.label,
        "id": unit.ref,
    }


def _disagreement(item: Disagreement) -> dict[str, Any]:
    return {
        "document": item.document,
        "kind": item.kind,
        "annotators": list(item.annotators),
        "a": _marked(item.a),
        "b": _marked(item.b),
    }


def _pair(pair: PairAgreement) -> dict[str, Any]:
    data: dict[str, Any] = {
        "annotators": list(pair.annotators),
        "documents": pair.documents,
        "units": list(pair.units),
        "exact_matches": pair.exact.matches,
        "overlap_matches": pair.overlap.matches,
    }
    for metric in METRICS[:-1]:
        matching, _, measure = metric.partition("_")
        data[metric] = getattr(getattr(pair, matching), measure)
    data["kappa"] = _estimate(pair.kappa)
    if pair.labels:
        data["confusion"] = {
            "labels": list(pair.labels),
            "matrix": [list(r) for r in pair.confusion],
        }
        data["by_label"] = {
            label: {
                "exact_f1": exact.f1,
                "overlap_f1": overlap.f1,
                "exact_matches": exact.matches,
                "overlap_matches": overlap.matches,
            }
            for label, (exact, overlap) in pair.by_label.items()
        }
    data["disagreements"] = [_disagreement(d) for d in pair.disagreements]
    return data


def _layer(layer: LayerAgreement) -> dict[str, Any]:
    return {
        "description": layer.description,
        "labelled": layer.labelled,
        "labels": list(layer.labels),
        "mean": {metric: layer.mean(metric) for metric in METRICS},
        "alpha": _estimate(layer.alpha),
        "items": layer.items,
        "pairs": [_pair(pair) for pair in layer.pairs],
    }


def agreement_dict(report: AgreementReport) -> dict[str, Any]:
    """Return the JSON form of an agreement report (the contract shape)."""
    return {
        "annotators": list(report.annotators),
        "articles": report.articles,
        "documents": dict(report.documents),
        "missing_documents": {name: list(ids) for name, ids in report.missing.items()},
        "layers": {name: _layer(layer) for name, layer in report.layers.items()},
    }


def render_json(report: AgreementReport, stream: TextIO, /) -> None:
    """Write the report as one JSON object."""
    stream.write(orjson.dumps(agreement_dict(report), option=orjson.OPT_INDENT_2).decode() + "\n")


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def render_csv(report: AgreementReport, stream: TextIO, /) -> None:
    """Write one row per layer and annotator pair, then a ``mean`` row per layer.

    Annotator names come from file names: one that starts like a formula (``=``, ``+``...) is
    escaped as the CSV bundle escapes text cells, so a spreadsheet shows it and runs nothing.
    """
    from newsschema.formats.csv_bundle import escape_cell

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(
        ["layer", "annotator_a", "annotator_b", "units_a", "units_b", *METRICS,
         "kappa_low", "kappa_high", "alpha", "alpha_low", "alpha_high"]
    )  # fmt: skip
    for name, layer in report.layers.items():
        for pair in layer.pairs:
            k = pair.kappa
            writer.writerow(
                [name, *(escape_cell(annotator) for annotator in pair.annotators), *pair.units]
                + [_cell(_value(pair, metric)) for metric in METRICS]
                + [_cell(None if k is None else k.low), _cell(None if k is None else k.high)]
                + ["", "", ""]
            )
        a = layer.alpha
        alpha = ["", "", ""] if a is None else [_cell(a.value), _cell(a.low), _cell(a.high)]
        writer.writerow(
            [name, "mean", "", "", ""]
            + [_cell(layer.mean(metric)) for metric in METRICS]
            + ["", "", *alpha]
        )


def _value(pair: PairAgreement, metric: str) -> float | None:
    if metric == "kappa":
        return None if pair.kappa is None else pair.kappa.value
    matching, _, measure = metric.partition("_")
    value: float | None = getattr(getattr(pair, matching), measure)
    return value


def render_table(report: AgreementReport, stream: TextIO, /) -> None:
    """Write a terminal table: per layer the mean over pairs and alpha, then each pair."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    def shown(text: str) -> str:
        # Names come from file names: escaped as validate escapes them, and never rich markup.
        return escape(display_name(text))

    console = Console(file=stream, width=120, soft_wrap=False)
    names = ", ".join(map(shown, report.annotators))
    table = Table(title=f"Agreement of {names} on {report.articles} article(s)")
    for column in ("layer", "pair", "exact F1", "overlap F1", "kappa", "alpha", "disagreements"):
        table.add_column(column, justify="left" if column in ("layer", "pair") else "right")
    for name, layer in report.layers.items():
        alpha = layer.alpha
        table.add_row(
            name,
            "mean",
            _cell(layer.mean("exact_f1")),
            _cell(layer.mean("overlap_f1")),
            _cell(layer.mean("kappa")),
            "" if alpha is None else _cell(alpha.value),
            str(sum(len(p.disagreements) for p in layer.pairs)),
            style="bold",
        )
        if len(layer.pairs) > 1:
            for pair in layer.pairs:
                table.add_row(
                    "",
                    " ~ ".join(map(shown, pair.annotators)),
                    _cell(pair.exact.f1),
                    _cell(pair.overlap.f1),
                    _cell(_value(pair, "kappa")),
                    "",
                    str(len(pair.disagreements)),
                )
    console.print(table)
    for name, missing in report.missing.items():
        if missing:
            console.print(
                f"{shown(name)} did not annotate {len(missing)} article(s): "
                + shown(", ".join(missing))
            )


def render_html(report: AgreementReport, stream: TextIO, /) -> None:
    """Write the self-contained HTML report."""
    from newsschema.review.agree_html import agreement_html

    stream.write(agreement_html(report))


AGREE_REPORTERS: dict[str, Callable[[AgreementReport, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
    "html": render_html,
}
"""Agreement renderers by ``--format`` name."""
