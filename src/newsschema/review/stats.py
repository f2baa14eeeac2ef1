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
from typing import Any

__all__ = ["Estimate", "StatsUnavailable", "alpha", "alpha_of_codes", "kappa", "kappa_of_table"]


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
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise StatsUnavailable(str(exc)) from exc
    # Labels neither annotator used in these pairs add an all-zero row and column, which leave
    # kappa unchanged: leaving them out keeps the table small with many labels (speakers).
    used = {label for pair in pairs for label in pair}
    index = {label: n for n, label in enumerate(x for x in labels if x in used)}
    table = np.zeros((len(index), len(index)))
    for left, right in pairs:
        table[index[left], index[right]] += 1
    return kappa_of_table(table)


def kappa_of_table(table: Any) -> Estimate | None:
    """Return Cohen's kappa of a square confusion matrix (rows: A's labels), or None."""
    try:
        import numpy as np
        from statsmodels.stats.inter_rater import cohens_kappa
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise StatsUnavailable(str(exc)) from exc
    table = np.asarray(table, dtype=np.float64)
    if table.shape[0] < 2 or not table.sum():
        return None
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


def _nominal_alpha(
    np: Any, item: Any, label: Any, count: Any, weights: Any, labels: int
) -> float | None:
    """Nominal alpha from sparse value counts, each item weighted (bootstrap resampling).

    The coincidence-matrix definition reduced to what nominal alpha needs: with ``n_uc`` the
    count of value c in item u and ``m_u`` its pairable values, observed agreement is
    ``sum_u w_u sum_c n_uc (n_uc - 1) / (m_u - 1)`` and ``n_c = sum_u w_u n_uc``. Linear in the
    number of (item, value) cells, where the package's dense coincidence tensor is quadratic in
    the number of distinct labels.
    """
    m = np.bincount(item, weights=count)
    same = np.bincount(item, weights=count * (count - 1)) / (m - 1)
    n = float(np.dot(weights, m))
    n_c = np.bincount(label, weights=count * weights[item], minlength=labels)
    expected = n * n - float(np.dot(n_c, n_c))
    if n <= 1 or expected == 0:
        return None
    return 1.0 - (n - 1) * (n - float(np.dot(weights, same))) / expected


_CHUNK = 50  # resamples computed together (a chunk x items weight matrix)


def _bootstrap(
    np: Any, item: Any, label: Any, count: Any, rows: int, labels: int, times: int, seed: int
) -> Any:
    """Nominal alpha of ``times`` resamples of the items (same terms as :func:`_nominal_alpha`).

    The per-item terms (pairable values, observed agreement) do not depend on the weights, so
    they are summed once; each resample is a weighted sum of them, computed a chunk of
    resamples at a time as matrix products. Label totals use a dense item x label matrix when
    it is small (few labels), else a sparse one (scipy, which statsmodels requires).
    """
    m = np.bincount(item, weights=count, minlength=rows)
    same = np.bincount(item, weights=count * (count - 1), minlength=rows) / (m - 1)
    if rows * labels <= 2_000_000:
        table: Any = np.zeros((rows, labels))
        table[item, label] = count
    else:
        from scipy.sparse import csr_matrix

        table = csr_matrix((count, (item, label)), shape=(rows, labels))
    rng = np.random.default_rng(seed)
    samples = np.empty(times)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - an install without the review extra's pins
        return _resample(np, rng, table, m, same, rows, times, samples)
    # The products are small: BLAS threads cost more than they give (twice the CPU measured).
    with threadpool_limits(limits=1, user_api="blas"):
        return _resample(np, rng, table, m, same, rows, times, samples)


def _resample(
    np: Any, rng: Any, table: Any, m: Any, same: Any, rows: int, times: int, samples: Any
) -> Any:
    for first in range(0, times, _CHUNK):
        size = min(_CHUNK, times - first)
        weights = np.stack(
            [np.bincount(rng.integers(0, rows, rows), minlength=rows) for _ in range(size)]
        ).astype(np.float64)
        n = weights @ m
        observed = weights @ same
        n_c = np.asarray((table.T @ weights.T).T)
        squares = np.einsum("ij,ij->i", n_c, n_c)
        expected = n * n - squares
        with np.errstate(invalid="ignore", divide="ignore"):
            value = 1.0 - (n - 1) * (n - observed) / expected
        # One label only in a resample: full agreement.
        samples[first : first + size] = np.where((n <= 1) | (expected == 0), 1.0, value)
    return samples


def alpha(
    labels: Sequence[str], items: Sequence[Sequence[str | None]], *, bootstrap: int, seed: int
) -> Estimate | None:
    """Return nominal Krippendorff's alpha of labelled items, or None when undefined.

    The estimate comes from the ``krippendorff`` package when its dense computation fits
    (few labels); with many distinct labels (speaker names, dates) and for the bootstrap, the
    same statistic is computed from sparse counts (:func:`_nominal_alpha`, tested equal to the
    package's).

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
    cells: dict[tuple[int, int], int] = {}
    row = 0
    for values in items:
        present = [index[v] for v in values if v is not None]
        if len(present) < 2:
            continue  # only units two or more annotators labelled are pairable
        for code in present:
            cells[(row, code)] = cells.get((row, code), 0) + 1
        row += 1
    if row == 0 or len({code for _, code in cells}) < 2:
        return None
    item = np.fromiter((u for u, _ in cells), dtype=np.int64, count=len(cells))
    label = np.fromiter((c for _, c in cells), dtype=np.int64, count=len(cells))
    count = np.fromiter(cells.values(), dtype=np.float64, count=len(cells))
    if row * len(labels) ** 2 <= 20_000_000:
        counts = np.zeros((row, len(labels)))
        counts[item, label] = count
        value: float | None = _finite(
            float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal"))
        )
    else:
        value = _nominal_alpha(np, item, label, count, np.ones(row), len(labels))
    if value is None:
        return None
    if bootstrap <= 0:
        return Estimate(value, None, None, "none")
    samples = _bootstrap(np, item, label, count, row, len(labels), bootstrap, seed)
    low, high = np.percentile(samples, [2.5, 97.5])
    return Estimate(value, float(low), float(high), "bootstrap")


def alpha_of_codes(
    codes: Any, labels: int, groups: Any, *, bootstrap: int, seed: int
) -> Estimate | None:
    """Nominal alpha of a dense label matrix, with a bootstrap over groups of rows.

    Args:
        codes: Integer array, one row per item (a token) and one column per annotator: the
            label's index, or -1 when missing.
        labels: How many labels there are.
        groups: One group number per row (the document): tokens of one document are not
            independent, so the interval resamples whole documents.
        bootstrap: Resamples (0: no interval).
        seed: Seed of the resampling.

    The value comes from the ``krippendorff`` package (``value_counts``); each resample is
    computed from per-group sums of the statistic's terms, so it costs the number of groups.
    """
    try:
        import krippendorff
        import numpy as np
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise StatsUnavailable(str(exc)) from exc
    codes = np.asarray(codes, dtype=np.int64)
    if codes.ndim != 2 or codes.shape[0] == 0 or labels < 2:
        return None
    counts = np.zeros((codes.shape[0], labels), dtype=np.float64)
    for column in range(codes.shape[1]):
        present = codes[:, column] >= 0
        np.add.at(counts, (np.nonzero(present)[0], codes[present, column]), 1.0)
    m = counts.sum(axis=1)
    pairable = m >= 2
    counts, m, groups = counts[pairable], m[pairable], np.asarray(groups)[pairable]
    if counts.shape[0] == 0 or np.count_nonzero(counts.sum(axis=0)) < 2:
        return None
    value = _finite(float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")))
    if value is None:
        return None
    if bootstrap <= 0:
        return Estimate(value, None, None, "none")
    # Per group: pairable values, the observed-agreement term and the value totals.
    ngroups = int(groups.max()) + 1
    g_m = np.bincount(groups, weights=m, minlength=ngroups)
    g_same = np.bincount(
        groups, weights=(counts * (counts - 1)).sum(axis=1) / (m - 1), minlength=ngroups
    )
    g_c = np.zeros((ngroups, labels))
    np.add.at(g_c, groups, counts)
    present = np.unique(groups)
    rng = np.random.default_rng(seed)
    samples = []
    for _ in range(bootstrap):
        weights = np.zeros(ngroups)
        np.add.at(weights, rng.choice(present, len(present)), 1.0)
        n = float(weights @ g_m)
        n_c = weights @ g_c
        expected = n * n - float(n_c @ n_c)
        if n <= 1 or expected == 0:
            samples.append(1.0)  # one label only: full agreement
            continue
        samples.append(1.0 - (n - 1) * (n - float(weights @ g_same)) / expected)
    low, high = np.percentile(np.array(samples), [2.5, 97.5])
    return Estimate(value, float(low), float(high), "bootstrap over documents")
