"""Agreement statistics from maintained libraries, imported only when agreement is computed.

Cohen's kappa and its asymptotic 95% confidence interval come from statsmodels
(``statsmodels.stats.inter_rater.cohens_kappa``). Krippendorff's alpha (nominal, missing values
allowed) comes from the ``krippendorff`` package, which gives no interval: its 95% interval is a
percentile bootstrap over units (resampling the rows of the value-count matrix the package
accepts). Both need the ``review`` extra; numpy is never imported by other commands.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Estimate", "StatsUnavailable", "alpha", "kappa"]


class StatsUnavailable(RuntimeError):
    """The ``review`` extra (numpy, krippendorff, statsmodels) is not installed."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """A statistic with its 95% confidence interval (bounds None when not available).

    Attributes:
        value: The estimate.
        low: Lower bound of the 95% interval.
        high: Upper bound.
        method: How the interval was obtained (``asymptotic``, ``bootstrap``) or ``none``.
    """

    value: float
    low: float | None
    high: float | None
    method: str


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def kappa(labels: Sequence[str], pairs: Sequence[tuple[str, str]]) -> Estimate | None:
    """Return Cohen's kappa of paired labels, or None when undefined (fewer than two labels).

    Args:
        labels: Every label either annotator used, in a fixed order.
        pairs: One ``(label of A, label of B)`` per unit both annotated.
    """
    if len(labels) < 2 or not pairs:
        return None
    try:
        import numpy as np
        from statsmodels.stats.inter_rater import cohens_kappa
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise StatsUnavailable(str(exc)) from exc
    index = {label: n for n, label in enumerate(labels)}
    table = np.zeros((len(labels), len(labels)))
    for left, right in pairs:
        table[index[left], index[right]] += 1
    # A table with one label on a side has no variance: kappa or its interval is undefined (nan),
    # which is reported as None rather than warned about.
    with np.errstate(invalid="ignore", divide="ignore"):
        result = cohens_kappa(table)
    value = _finite(float(result.kappa))
    if value is None:
        return None
    low, high = _finite(float(result.kappa_low)), _finite(float(result.kappa_upp))
    # The normal approximation can step past kappa's range [-1, 1]; the interval cannot.
    low = None if low is None else max(-1.0, low)
    high = None if high is None else min(1.0, high)
    return Estimate(value, low, high, "asymptotic")


def alpha(
    labels: Sequence[str], items: Sequence[Sequence[str | None]], *, bootstrap: int, seed: int
) -> Estimate | None:
    """Return nominal Krippendorff's alpha of labelled items, or None when undefined.

    Args:
        labels: Every label used, in a fixed order.
        items: One row per unit: each annotator's label, or None when it is missing.
        bootstrap: Resamples for the confidence interval (0: no interval).
        seed: Seed of the resampling, so that reports are reproducible.
    """
    if len(labels) < 2 or not items:
        return None
    try:
        import krippendorff
        import numpy as np
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise StatsUnavailable(str(exc)) from exc
    index = {label: n for n, label in enumerate(labels)}
    counts = np.zeros((len(items), len(labels)))
    for row, item in enumerate(items):
        for label in item:
            if label is not None:
                counts[row, index[label]] += 1
    # Only units two or more annotators labelled are pairable.
    counts = counts[counts.sum(axis=1) >= 2]
    if len(counts) == 0 or np.count_nonzero(counts.sum(axis=0)) < 2:
        return None
    value = _finite(float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")))
    if value is None:
        return None
    if bootstrap <= 0:
        return Estimate(value, None, None, "none")
    rng = np.random.default_rng(seed)
    samples = []
    for _ in range(bootstrap):
        sample = counts[rng.integers(0, len(counts), len(counts))]
        if np.count_nonzero(sample.sum(axis=0)) < 2:
            samples.append(1.0)  # one label only: perfect agreement in this resample
            continue
        samples.append(
            float(krippendorff.alpha(value_counts=sample, level_of_measurement="nominal"))
        )
    low, high = np.nanpercentile(np.array(samples), [2.5, 97.5])
    return Estimate(value, float(low), float(high), "bootstrap")
