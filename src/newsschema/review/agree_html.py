"""The agreement report as one self-contained HTML page.

Charts are inline SVG, styles are inline CSS: the page needs no script, no font and no network,
so it can be attached to an issue or opened from a CI artifact. Every piece of annotation text is
escaped.
"""

from __future__ import annotations

from html import escape

from newsschema.review.agreement import AgreementReport, Disagreement, LayerAgreement, Marked

__all__ = ["agreement_html"]

_SHOWN = 200  # disagreements listed per layer; the JSON report has all of them
_MAX_LABELS = 15  # larger confusion matrices (speakers, dates) are only in the JSON report

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .45rem;
vertical-align:top;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.wrap{overflow-x:auto}svg{max-width:100%;height:auto}.muted{color:#666}
mark{background:#ffe9a8}.k-missing{color:#a00}.k-boundary{color:#a60}.k-label{color:#05a}
"""

_COLOURS = {"exact F1": "#4c72b0", "overlap F1": "#55a868", "kappa": "#c44e52", "alpha": "#8172b2"}


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _layer_chart(report: AgreementReport) -> str:
    """Grouped horizontal bars: mean exact F1, overlap F1, kappa and alpha per layer."""
    layers = list(report.layers.values())
    row, bar, left, width = 70, 14, 150, 420
    height = 40 + row * len(layers)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 80} {height}" '
            'role="img" aria-label="Agreement per layer">'
        )
    ]
    for n, (name, colour) in enumerate(_COLOURS.items()):
        parts.append(
            f'<rect x="{left + n * 105}" y="4" width="12" height="12" fill="{colour}"/>'
            f'<text x="{left + n * 105 + 16}" y="15" font-size="12">{name}</text>'
        )
    for tick in (0, 0.5, 1):
        x = left + tick * width
        parts.append(
            f'<line x1="{x}" y1="24" x2="{x}" y2="{height - 8}" stroke="#ccc"/>'
            f'<text x="{x}" y="{height}" font-size="10" text-anchor="middle">{tick}</text>'
        )
    for i, layer in enumerate(layers):
        y = 30 + i * row
        parts.append(
            f'<text x="{left - 6}" y="{y + 2 * bar}" font-size="12" text-anchor="end">'
            f"{escape(layer.name)}</text>"
        )
        values = (
            layer.mean("exact_f1"),
            layer.mean("overlap_f1"),
            layer.mean("kappa"),
            None if layer.alpha is None else layer.alpha.value,
        )
        for k, (value, colour) in enumerate(zip(values, _COLOURS.values(), strict=True)):
            top = y + k * bar
            length = 0.0 if value is None else max(0.0, value) * width
            parts.append(
                f'<rect x="{left}" y="{top}" width="{length:.1f}" height="{bar - 2}" '
                f'fill="{colour}"/><text x="{left + length + 4:.1f}" y="{top + bar - 4}" '
                f'font-size="10">{_f(value)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _shade(value: float | None) -> str:
    if value is None:
        return "#eee"
    value = max(0.0, min(1.0, value))
    # From red (0) through yellow to green (1).
    red = int(220 if value < 0.5 else 220 - (value - 0.5) * 2 * 150)
    green = int(80 + value * 2 * 100 if value < 0.5 else 180)
    return f"rgb({red},{green},90)"


def _pair_chart(report: AgreementReport) -> str:
    """A heat map: overlap F1 per layer (rows) and annotator pair (columns)."""
    layers = list(report.layers.values())
    pairs = [" ~ ".join(p.annotators) for p in layers[0].pairs] if layers else []
    cell, left, top = 90, 150, 40
    width, height = left + cell * len(pairs) + 10, top + 26 * len(layers) + 10
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            'aria-label="Overlap F1 per annotator pair">'
        )
    ]
    for c, name in enumerate(pairs):
        parts.append(
            f'<text x="{left + c * cell + cell / 2}" y="{top - 10}" font-size="11" '
            f'text-anchor="middle">{escape(name)}</text>'
        )
    for r, layer in enumerate(layers):
        y = top + r * 26
        parts.append(
            f'<text x="{left - 6}" y="{y + 17}" font-size="12" text-anchor="end">'
            f"{escape(layer.name)}</text>"
        )
        for c, pair in enumerate(layer.pairs):
            value = pair.overlap.f1
            parts.append(
                f'<rect x="{left + c * cell}" y="{y}" width="{cell - 2}" height="24" '
                f'fill="{_shade(value)}"/><text x="{left + c * cell + cell / 2}" y="{y + 16}" '
                f'font-size="11" text-anchor="middle">{_f(value)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _confusion(layer: LayerAgreement) -> str:
    """One SVG matrix per pair: rows the first annotator's labels, columns the second's."""
    out = []
    for pair in layer.pairs:
        labels = pair.labels
        if not labels or len(labels) > _MAX_LABELS or not any(map(any, pair.confusion)):
            continue
        most = max(max(row) for row in pair.confusion) or 1
        cell, left, top = 44, 120, 110
        size_x, size_y = left + cell * len(labels) + 10, top + cell * len(labels) + 10
        parts = [
            (
                f"<figure><figcaption>{escape(layer.name)}: {escape(pair.annotators[0])} (rows) × "
                f"{escape(pair.annotators[1])} (columns)</figcaption>"
            ),
            (
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size_x} {size_y}" '
                f'role="img" aria-label="Confusion matrix of {escape(layer.name)}">'
            ),
        ]
        for i, label in enumerate(labels):
            parts.append(
                f'<text x="{left - 6}" y="{top + i * cell + cell / 2 + 4}" font-size="11" '
                f'text-anchor="end">{escape(label)}</text><text font-size="11" '
                f'transform="translate({left + i * cell + cell / 2 + 4},{top - 6}) rotate(-60)">'
                f"{escape(label)}</text>"
            )
        for i, row in enumerate(pair.confusion):
            for j, count in enumerate(row):
                strength = count / most
                fill = f"rgba(76,114,176,{0.08 + 0.92 * strength:.2f})" if count else "#f7f7f7"
                colour = "#fff" if strength > 0.6 else "#222"
                parts.append(
                    f'<rect x="{left + j * cell}" y="{top + i * cell}" width="{cell - 2}" '
                    f'height="{cell - 2}" fill="{fill}" stroke="{"#222" if i == j else "none"}"/>'
                    f'<text x="{left + j * cell + cell / 2}" y="{top + i * cell + cell / 2 + 4}" '
                    f'font-size="11" text-anchor="middle" fill="{colour}">{count}</text>'
                )
        parts.append("</svg></figure>")
        out.append("".join(parts))
    return "".join(out)


def _unit(unit: Marked | None) -> str:
    if unit is None:
        return '<span class="muted">(not marked)</span>'
    label = f" <small>{escape(unit.label)}</small>" if unit.label is not None else ""
    return f"<mark>{escape(unit.text)}</mark> <small>[{unit.start}:{unit.end}]</small>{label}"


def _disagreements(layer: LayerAgreement) -> str:
    items: list[Disagreement] = [d for pair in layer.pairs for d in pair.disagreements]
    if not items:
        return "<p>No disagreements.</p>"
    rows = "".join(
        f"<tr><td>{escape(d.document)}</td><td class='k-{d.kind}'>{d.kind}</td>"
        f"<td>{escape(d.annotators[0])}: {_unit(d.a)}</td>"
        f"<td>{escape(d.annotators[1])}: {_unit(d.b)}</td></tr>"
        for d in items[:_SHOWN]
    )
    more = (
        f'<p class="muted">{len(items) - _SHOWN} more in the JSON report.</p>'
        if len(items) > _SHOWN
        else ""
    )
    return (
        "<div class='wrap'><table><tr><th>article</th><th>kind</th><th>first</th>"
        f"<th>second</th></tr>{rows}</table></div>{more}"
    )


def _summary_table(report: AgreementReport) -> str:
    head = "".join(
        f"<th>{h}</th>"
        for h in ("layer", "exact F1", "overlap F1", "kappa", "alpha (95% CI)", "items")
    )
    rows = []
    for layer in report.layers.values():
        a = layer.alpha
        alpha = "–" if a is None else _f(a.value)
        if a is not None and a.low is not None:
            alpha += f" ({_f(a.low)}–{_f(a.high)})"
        rows.append(
            f"<tr><td>{escape(layer.name)}</td><td class=n>{_f(layer.mean('exact_f1'))}</td>"
            f"<td class=n>{_f(layer.mean('overlap_f1'))}</td>"
            f"<td class=n>{_f(layer.mean('kappa'))}</td><td class=n>{alpha}</td>"
            f"<td class=n>{layer.items or ''}</td></tr>"
        )
    return f"<div class='wrap'><table><tr>{head}</tr>{''.join(rows)}</table></div>"


def agreement_html(report: AgreementReport) -> str:
    """Return the complete HTML page of an agreement report."""
    names = ", ".join(report.annotators)
    missing = "".join(
        f"<li>{escape(name)} did not annotate {len(ids)} article(s): {escape(', '.join(ids))}</li>"
        for name, ids in report.missing.items()
        if ids
    )
    sections = [
        f"<h2 id='{escape(layer.name)}'>{escape(layer.name)} <small class=muted>"
        f"{escape(layer.description)}</small></h2>{_confusion(layer)}{_disagreements(layer)}"
        for layer in report.layers.values()
    ]
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>Annotator agreement: {escape(names)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Annotator agreement</h1><p>{escape(names)} on {report.articles} article(s). "
        "Means are over annotator pairs; kappa is Cohen's (95% CI in the JSON report), alpha is "
        f"Krippendorff's over all annotators.</p><ul>{missing}</ul>{_summary_table(report)}"
        f"<h2>Agreement per layer</h2>{_layer_chart(report)}"
        f"<h2>Overlap F1 per annotator pair</h2>{_pair_chart(report)}"
        f"{''.join(sections)}</body></html>\n"
    )
