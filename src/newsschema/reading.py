"""How inputs are read: the options every reading command shares, checked once at the edge.

``validate``, ``convert``, ``format``, ``diff`` and ``agree`` read their inputs the same way:
``--from`` names the importer (default: from each file's suffix), ``--labels`` the label map of
annotation-tool formats and ``--set`` the article fields tool data lacks. :func:`read_options`
turns those strings into a frozen :class:`ReadOptions` before any input is read, so that a bad
label file is the same usage error in every command and is parsed once, not per importer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from newsschema.errors import UsageError
from newsschema.findings import Finding, Severity

if TYPE_CHECKING:
    from newsschema.formats import FormatOptions
    from newsschema.formats.labels import LabelMap
    from newsschema.loader import Loaded

# Importers of annotation-tool data read --meta tables themselves (by the text's name).
_TOOL_IMPORTERS = frozenset({"brat", "inception", "labelstudio", "doccano"})


def _with_meta(loaded: Iterable[Loaded], meta: object) -> Iterator[Loaded]:
    """Fill each document from its row of the ``--meta`` table (matched on the article id)."""
    import orjson  # only when a table is given

    from newsschema.formats.metadata import MetaTable, apply_meta, meta_option
    from newsschema.loader import load_one
    from newsschema.serialize import dumps

    table = meta if isinstance(meta, MetaTable) else meta_option({"meta": meta})
    for one in loaded:
        if one.document is None or table is None:
            yield one
            continue
        # As the json exporter writes it, so that what a 1.0 document leaves out stays out.
        data = orjson.loads(dumps(one.document, indent=False))
        said = [
            Finding("NS041", Severity.WARNING, message, file=one.file, document=one.index)
            for message in apply_meta(data, table)
        ]
        # The filled document is checked by the model as if it had been read so.
        again = load_one(orjson.dumps(data), file=one.file, index=one.index)
        findings = [
            f.at(file=one.file, document=one.index, line=None, column=None) for f in again.findings
        ]
        # The bytes read no longer hold the document checked: findings keep their pointers.
        yield replace(
            one, document=again.document, findings=[*one.findings, *said, *findings], data=None
        )


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
        meta: The ``--meta`` table (read once), filling each document's article fields.
        companions: The folder inputs of the run, for formats that pair files across them.
    """

    source_format: str | None = None
    labels: LabelMap | None = None
    labels_name: str | None = None
    settings: tuple[tuple[str, str], ...] = ()
    anchor: str | None = None
    meta: Any = None
    companions: tuple[str, ...] = ()

    def for_importer(self, name: str) -> FormatOptions:
        """The typed options importer ``name`` reads with: what its options type takes of these.

        The label map is passed as loaded; a format without options gets ``NoOptions``.
        """
        from newsschema.formats import options_for, read_options_type

        return options_for(
            read_options_type(name),
            labels=self.labels,
            settings=self.settings,
            anchor=self.anchor,
            meta=self.meta,
            companions=self.companions,
        )

    def fill(self, loaded: Iterable[Loaded], importer: str) -> Iterable[Loaded]:
        """Fill documents of a non-tool importer from the ``--meta`` table (tools read it)."""
        if self.meta is None or importer in _TOOL_IMPORTERS:
            return loaded
        return _with_meta(loaded, self.meta)

    def __reduce__(self) -> tuple[Any, ...]:
        # A label map holds read-only mappings, which do not pickle: a worker process loads
        # the same map again by its name.
        if self.meta is not None or self.companions:
            # Read once in this process; such runs are not sent to workers (not pinned).
            raise TypeError("reading options with a --meta table are not sent to workers")
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
