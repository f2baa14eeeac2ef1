"""Label mappings: which tool label is a quote, a cue, a source, an entity or an event.

Annotation tools use each project's own label names. A :class:`LabelMap` says how they map onto
the canonical model. Two are built in (``newsschema``: our own labels, lossless; and
``attribution``: Source / Cue / Content spans tied by an ``Attribution`` event or relation); a
project writes its own as a TOML file of the same shape (see ``docs/annotation-tools.md``).
Each built-in map is one TOML file shipped with the package: that file is its only source.
"""

from __future__ import annotations

import os
import stat
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, get_args

from newsschema.formats._uima_names import feature_name_problem
from newsschema.types import EntityKind, EventKind, QuoteKind

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "BUILTIN_LABELS",
    "MAX_LABELS_BYTES",
    "LabelError",
    "LabelMap",
    "Role",
    "labels_option",
    "load_labels",
    "parse_labels",
    "settings_option",
]

Role = Literal["quote", "cue", "source", "insertion", "interruption", "event"]
"""What a span label stands for, besides an entity kind (``entity:KIND``)."""

_ROLES: tuple[str, ...] = get_args(Role)
_LINKS = ("speaker", "cue")
# An event argument's role: what it gives the quote; ``continuation`` is more of its content.
_EVENT_ROLES = ("quote", "cue", "source", "continuation")
BUILTIN_LABELS = ("newsschema", "attribution")
"""Names of the built-in label maps."""

MAX_LABELS_BYTES = 1024 * 1024
"""A ``--labels`` file larger than this is refused (a mapping is a few hundred bytes)."""

_MAX_LABEL_CHARS = 256
# Control, format, line/paragraph-separator and surrogate characters: a label is written as it
# is into brat's annotation.conf and .ann lines and Label Studio's config.xml, where a newline
# or TAB would start a forged line or field.
_NOT_IN_LABELS = {"Cc", "Cf", "Zl", "Zp", "Cs"}


class LabelError(ValueError):
    """A label mapping file is unreadable or not of the documented shape."""


@dataclass(frozen=True, slots=True)
class LabelMap:
    """How one project's tool labels map onto the canonical model (frozen data).

    Attributes:
        name: ``newsschema``, ``attribution`` or the file's name.
        spans: Span label -> role (``quote``, ``cue``, ``source``, ``insertion``, ``event``)
            or ``entity:KIND``.
        relations: Relation label -> ``speaker`` (quote and source or entity) or ``cue``.
        events: Event type (brat ``E``) -> argument role -> ``quote``/``cue``/``source``, or
            ``continuation`` (more fragments of the same quote's content: ``Content2``).
        quote_kind: Attribute that holds a quote's kind, if any.
        attribution_type: Attribute that holds an attribution type, if any.
        event_kind: Attribute that holds an event's kind, if any.
        anonymous: Attribute that marks an entity or source as anonymous, if any.
        quote_kinds: Attribute value -> quote kind (values that are kinds map to themselves).
        source_kind: Entity kind given to a source span.
        lossless: True for ``newsschema``: exports also carry the fields spans cannot hold.
        triggers: Span labels of event triggers that only repeat an argument (brat's
            ``Attribution`` span over the cue): read without a warning, never exported.
        notes: Span labels of annotators' notes (``Discuss``): left out, counted once.
        marks_in_content: The tool's content spans include the quotation marks of quoted
            material: an import moves them out of a direct quote's span (the model's span
            excludes them) and an export under the same labels puts them back.
    """

    name: str
    spans: Mapping[str, str]
    relations: Mapping[str, str]
    events: Mapping[str, Mapping[str, str]]
    quote_kind: str | None = None
    attribution_type: str | None = None
    event_kind: str | None = None
    anonymous: str | None = None
    quote_kinds: Mapping[str, QuoteKind] = field(default_factory=lambda: MappingProxyType({}))
    source_kind: EntityKind = "person"
    lossless: bool = False
    triggers: frozenset[str] = frozenset()
    notes: frozenset[str] = frozenset()
    marks_in_content: bool = False

    def label_for(self, role: str) -> str:
        """Return the label exports use for ``role`` (the first one mapped to it)."""
        for label, mapped in self.spans.items():
            if mapped == role:
                return label
        return role.rsplit(":", maxsplit=1)[-1].capitalize()

    def relation_for(self, link: str) -> str | None:
        """Return the relation label exports use for ``link`` (``speaker`` or ``cue``)."""
        return next((label for label, mapped in self.relations.items() if mapped == link), None)

    def kind_of(self, value: str) -> QuoteKind | None:
        """Return the quote kind an attribute value stands for, if any."""
        if value in self.quote_kinds:
            return self.quote_kinds[value]
        lowered = value.lower()
        return lowered if lowered in get_args(QuoteKind) else None  # type: ignore[return-value]

    def __reduce__(self) -> tuple[Any, ...]:
        # Read-only mappings do not pickle: options that carry a map go to Dask workers.
        plain = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for name in ("spans", "relations", "quote_kinds"):
            plain[name] = dict(plain[name])
        plain["events"] = {label: dict(roles) for label, roles in self.events.items()}
        return (_rebuilt, (plain,))


def _rebuilt(plain: dict[str, Any]) -> LabelMap:
    """A label map from its pickled fields, its mappings read-only again."""
    for name in ("spans", "relations", "quote_kinds"):
        plain[name] = MappingProxyType(plain[name])
    plain["events"] = MappingProxyType(
        {label: MappingProxyType(roles) for label, roles in plain["events"].items()}
    )
    return LabelMap(**plain)


def _label_problem(label: object) -> str | None:
    """Return why ``label`` cannot be a tool label, or None when it can."""
    if not isinstance(label, str):
        return f"a label is text, not {type(label).__name__}"
    if not label.strip():
        return "a label is not empty or white space only"
    if len(label) > _MAX_LABEL_CHARS:
        return f"a label has at most {_MAX_LABEL_CHARS} characters (this one {len(label)})"
    for char in label:
        if unicodedata.category(char) in _NOT_IN_LABELS:
            return (
                f"a label holds no control, format or line-break character "
                f"(U+{ord(char):04X} found)"
            )
    return None


def _shown(label: str) -> str:
    """Return ``label`` quoted and escaped for a message, at most 60 characters of it."""
    return ascii(label if len(label) <= 60 else f"{label[:40]}...{label[-10:]}")


def _check_labels(where: str, table: str, labels: Any) -> None:
    for label in labels:
        problem = _label_problem(label)
        if problem is not None:
            raise LabelError(f"{where}: [{table}] key {_shown(label)}: {problem}")


def _table(data: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise LabelError(f"{where}: [{key}] must be a table")
    return value


def parse_labels(data: Mapping[str, Any], name: str, *, where: str | None = None) -> LabelMap:
    """Build a :class:`LabelMap` from the parsed TOML ``data``.

    Raises:
        LabelError: an unknown key, role, kind or link (the message names it).
    """
    where = where or name
    unknown = set(data) - {
        "description",
        "spans",
        "relations",
        "events",
        "attributes",
        "quote_kinds",
        "source_kind",
        "triggers",
        "notes",
        "marks_in_content",
    }
    if unknown:
        raise LabelError(f"{where}: unknown key {min(unknown)!r}")
    for table in ("spans", "relations", "events", "quote_kinds"):
        _check_labels(where, table, _table(data, table, where))
    spans: dict[str, str] = {}
    for label, role in _table(data, "spans", where).items():
        kind = role.split(":", 1)[1] if isinstance(role, str) and role.startswith("entity:") else ""
        if not isinstance(role, str) or (role not in _ROLES and kind not in get_args(EntityKind)):
            raise LabelError(
                f"{where}: [spans] {label} = {role!r}: expected one of "
                f"{', '.join(_ROLES)} or entity:KIND ({', '.join(get_args(EntityKind))})"
            )
        spans[label] = role
    relations: dict[str, str] = {}
    for label, link in _table(data, "relations", where).items():
        if link not in _LINKS:
            raise LabelError(f"{where}: [relations] {label} = {link!r}: expected speaker or cue")
        relations[label] = link
    events: dict[str, Mapping[str, str]] = {}
    for label, roles in _table(data, "events", where).items():
        if not isinstance(roles, dict) or any(r not in _EVENT_ROLES for r in roles.values()):
            raise LabelError(
                f"{where}: [events.{label}] maps argument roles to quote, cue, source or "
                "continuation (more fragments of the quote)"
            )
        _check_labels(where, f"events.{label}", roles)
        events[label] = MappingProxyType(dict(roles))
    attributes = _table(data, "attributes", where)
    bad = set(attributes) - {"quote_kind", "attribution_type", "event_kind", "anonymous"}
    if bad:
        raise LabelError(f"{where}: [attributes] unknown key {min(bad)!r}")
    for key, attribute in attributes.items():
        # An attribute becomes a brat attribute, a Label Studio control and a UIMA feature
        # (whose name cassis pastes into Python source): an identifier, and nothing else.
        problem = feature_name_problem(attribute)
        if problem is not None:
            shown = _shown(attribute) if isinstance(attribute, str) else repr(attribute)
            raise LabelError(f"{where}: [attributes] {key} = {shown}: {problem}")
    kinds: dict[str, QuoteKind] = {}
    for value, kind in _table(data, "quote_kinds", where).items():
        if kind not in get_args(QuoteKind):
            raise LabelError(f"{where}: [quote_kinds] {value} = {kind!r} is not a quote kind")
        kinds[value] = kind
    source_kind = data.get("source_kind", "person")
    if source_kind not in get_args(EntityKind):
        raise LabelError(f"{where}: source_kind = {source_kind!r} is not an entity kind")
    marks = data.get("marks_in_content", False)
    if not isinstance(marks, bool):
        raise LabelError(f"{where}: marks_in_content must be true or false")
    return LabelMap(
        name=name,
        spans=MappingProxyType(spans),
        relations=MappingProxyType(relations),
        events=MappingProxyType(events),
        quote_kind=attributes.get("quote_kind"),
        attribution_type=attributes.get("attribution_type"),
        event_kind=attributes.get("event_kind"),
        anonymous=attributes.get("anonymous"),
        quote_kinds=MappingProxyType(kinds),
        source_kind=source_kind,
        lossless=name == "newsschema",
        triggers=_labels(data, "triggers", where),
        notes=_labels(data, "notes", where),
        marks_in_content=marks,
    )


def _labels(data: Mapping[str, Any], key: str, where: str) -> frozenset[str]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise LabelError(f"{where}: {key} must be a list of span labels")
    for label in value:
        problem = _label_problem(label)
        if problem is not None:
            shown = _shown(label) if isinstance(label, str) else repr(type(label).__name__)
            raise LabelError(f"{where}: {key} {shown}: {problem}")
    return frozenset(value)


def load_labels(name_or_path: str | Path) -> LabelMap:
    """Return a built-in label map by name, or read one from a TOML file.

    Raises:
        LabelError: the name is unknown, or the file is unreadable or malformed.
    """
    text = str(name_or_path)
    try:
        if text in BUILTIN_LABELS:
            # A package resource: read the same way from a wheel and an editable install.
            source = files("newsschema.formats").joinpath("_label_data").joinpath(f"{text}.toml")
            return parse_labels(tomllib.loads(source.read_text("utf-8")), text)
        path = Path(text)
        if path.suffix.lower() != ".toml":
            raise LabelError(
                f"--labels {text}: expected {' or '.join(BUILTIN_LABELS)} or a .toml file"
            )
        data = tomllib.loads(_read_mapping(path).decode("utf-8"))
    except OSError as exc:
        raise LabelError(f"{text}: cannot read: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LabelError(f"{text}: not valid TOML: {exc}") from exc
    return parse_labels(data, path.name, where=text)


def _read_mapping(path: Path) -> bytes:
    """Return the bytes of a mapping file: a regular file of at most MAX_LABELS_BYTES.

    ``O_NONBLOCK`` keeps a FIFO from blocking the open; the type is checked on the open
    descriptor, so ``/dev/zero``, a FIFO or a directory is refused before anything is read.

    Raises:
        LabelError: not a regular file, or larger than the limit.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LabelError(f"--labels {path}: not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_LABELS_BYTES:
            chunk = os.read(fd, MAX_LABELS_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > MAX_LABELS_BYTES:
        raise LabelError(
            f"--labels {path}: larger than {MAX_LABELS_BYTES // 1024} KiB; a mapping file is small"
        )
    return b"".join(chunks)


# Event kinds are validated by the model; re-exported for mapping files' documentation.
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)


def labels_option(options: Mapping[str, Any]) -> LabelMap:
    """Return the label map the options name (default ``newsschema``).

    Raises:
        LabelError: the name or file is not a label map.
    """
    value = options.get("labels") or "newsschema"
    return value if isinstance(value, LabelMap) else load_labels(value)


def settings_option(options: Mapping[str, Any]) -> dict[str, str]:
    """Return the ``--set FIELD=VALUE`` options as a mapping (``article.language`` -> ``en``).

    Raises:
        LabelError: a setting is not ``article.FIELD=VALUE``.
    """
    raw = options.get("set") or ()
    if isinstance(raw, Mapping):
        items = list(raw.items())
    else:
        items = []
        for entry in raw:
            name, sep, value = str(entry).partition("=")
            if not sep:
                raise LabelError(f"--set {entry}: expected FIELD=VALUE")
            items.append((name.strip(), value))
    settings: dict[str, str] = {}
    for name, value in items:
        if name.startswith("brat."):
            continue  # read by the brat importer (brat.annotator)
        if not name.startswith("article.") or not name[len("article.") :].isidentifier():
            raise LabelError(f"--set {name}={value}: FIELD must be article.NAME")
        if name == "article.body":
            raise LabelError("--set article.body: the body is the tool's text")
        settings[name] = str(value)
    return settings
