"""How inputs are read: the options every reading command shares, checked once at the edge.

``validate``, ``convert``, ``format``, ``diff`` and ``agree`` read their inputs the same way:
``--from`` names the importer (default: from each file's suffix), ``--labels`` the label map of
annotation-tool formats and ``--set`` the article fields tool data lacks. :func:`read_options`
turns those strings into a frozen :class:`ReadOptions` before any input is read, so that a bad
label file is the same usage error in every command and is parsed once, not per importer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsschema.errors import UsageError

if TYPE_CHECKING:
    from newsschema.formats.labels import LabelMap

__all__ = ["ReadOptions", "read_options"]


def _restore(
    source_format: str | None,
    labels: str | None,
    settings: tuple[tuple[str, str], ...],
    anchor: str | None,
) -> ReadOptions:
    read = read_options(source_format, labels, [f"{k}={v}" for k, v in settings])
    return ReadOptions(read.source_format, read.labels, read.labels_name, read.settings, anchor)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How importers read the inputs (frozen; built by :func:`read_options`).

    Attributes:
        source_format: The importer's name (``--from``); None: from each file's suffix.
        labels: The label map of annotation-tool formats, loaded and checked (None: the
            importer's default, ``newsschema``).
        labels_name: How ``--labels`` named it (a built-in name or a TOML file).
        settings: ``--set FIELD=VALUE`` pairs, checked, in order.
        anchor: How the machine-quote importers find quotes in the text (``--anchor``).
    """

    source_format: str | None = None
    labels: LabelMap | None = None
    labels_name: str | None = None
    settings: tuple[tuple[str, str], ...] = ()
    anchor: str | None = None

    def importer_options(self) -> Mapping[str, Any]:
        """The options as importers take them (the label map already loaded)."""
        options: dict[str, Any] = {}
        if self.labels is not None:
            options["labels"] = self.labels
        if self.settings:
            options["set"] = tuple(f"{key}={value}" for key, value in self.settings)
        if self.anchor is not None:
            options["anchor"] = self.anchor
        return options

    def __reduce__(self) -> tuple[Any, ...]:
        # A label map holds read-only mappings, which do not pickle: a worker process loads
        # the same map again by its name.
        return (_restore, (self.source_format, self.labels_name, self.settings, self.anchor))


def read_options(
    source_format: str | None = None,
    labels: str | None = None,
    settings: Sequence[str] = (),
) -> ReadOptions:
    """Check ``--from``, ``--labels`` and ``--set`` once, before any input is read.

    Raises:
        UsageError: the label map cannot be read or is not of the documented shape, or a
            ``--set`` value is not ``FIELD=VALUE`` (exit status 2 in every command).
    """
    pairs: list[tuple[str, str]] = []
    for setting in settings:
        key, sep, value = setting.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set {setting!r}: expected FIELD=VALUE")
        pairs.append((key.strip(), value))
    if labels is None and not pairs:
        return ReadOptions(source_format)
    # The label module belongs to the formats: only a command given these options loads it.
    from newsschema.formats.labels import LabelError, load_labels, settings_option

    try:
        label_map = None if labels is None else load_labels(labels)
        settings_option({"set": tuple(settings)})
    except LabelError as exc:
        raise UsageError(str(exc)) from exc
    return ReadOptions(source_format, label_map, labels, tuple(pairs))
