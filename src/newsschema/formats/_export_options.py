"""The options of each format, as frozen data, and the flags ``newsschema convert`` offers.

A format reads and writes with one options type of its family (:class:`ToolReadOptions`,
:class:`CsvOptions`, :class:`HtmlOptions`...), a frozen dataclass that pickles, so that the
command line builds it once at the edge and the engines carry it to the format unchanged (to a
Dask worker too). :data:`READ_OPTIONS` and :data:`WRITE_OPTIONS` say, by registry name, which
type each format takes: the one place it is written (``Format.read_options`` and
``Format.write_options`` read their entries here). The ``--NAME`` flags of ``convert`` are
fields of these types; the formats that read a flag are found from the tables.

This module imports nothing heavy (the label and metadata modules only when a mapping is
converted), so that ``convert --help`` lists the flags without importing any format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self from Python 3.11

    from newsschema.formats.anchoring import AnchorPolicy
    from newsschema.formats.labels import LabelMap
    from newsschema.formats.metadata import MetaTable

__all__ = [
    "EXCEL",
    "LAYERS",
    "MARKUP",
    "NO_FORMULA_ESCAPE",
    "READ_OPTIONS",
    "WRITE_OPTIONS",
    "BratReadOptions",
    "CsvOptions",
    "DoccanoOptions",
    "ExportOption",
    "FormatOptions",
    "GivenOptions",
    "HtmlOptions",
    "NoOptions",
    "OptionError",
    "QuoteReadOptions",
    "ToolReadOptions",
    "ToolWriteOptions",
    "options_for",
]

OptionsT = TypeVar("OptionsT", bound="FormatOptions")


class OptionError(TypeError):
    """Options a format does not take (an unknown name, or another format's options type)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FormatOptions:
    """Base of every format's options: frozen, keyword-only, picklable, compared by value.

    A format's verbs take an instance of its options type. For the documented library calls
    that pass a mapping (``{"labels": "attribution"}``), :meth:`of` converts it at the format's
    edge and refuses a name the type does not have.

    Options are not hashable, whatever they hold: a label map or a metadata table holds
    read-only mappings, and a hash that worked only for options without them would fail far
    from its cause. ``hash()`` of any options type raises ``TypeError`` naming the type; compare
    options with ``==``.
    """

    _KEYS: ClassVar[Mapping[str, str]] = {}
    """Mapping keys that are not the field's name (``set`` -> ``settings``)."""

    # Set in the class itself, so that @dataclass(frozen=True) adds no field hash to it or to
    # any subclass (it keeps a __hash__ the class sets itself).
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Set before the subclass's own @dataclass runs (super() named: the class is slotted).
        super(FormatOptions, cls).__init_subclass__(**kwargs)
        cls.__hash__ = None

    @classmethod
    def of(cls, given: GivenOptions) -> Self:
        """Return ``given`` as this type: as it is, built from a mapping, or the defaults.

        Raises:
            OptionError: a name this type does not have, or options of an unrelated type.
            LabelError, MetaError: a mapping's ``labels`` or ``meta`` cannot be loaded.
        """
        if given is None:
            return cls()
        if isinstance(given, cls):
            return given
        if isinstance(given, FormatOptions):
            # Options of a family's base type (ToolReadOptions for brat) keep their values.
            names = {f.name for f in fields(given)}
            unknown = names - {f.name for f in fields(cls)}
            if unknown:
                raise OptionError(
                    f"{cls.__name__} has no option {', '.join(sorted(unknown))} "
                    f"(given {type(given).__name__})"
                )
            return cls(**{name: getattr(given, name) for name in names})
        if not isinstance(given, Mapping):
            raise OptionError(
                f"options are {cls.__name__} or a mapping, not {type(given).__name__}"
            )
        return cls(**dict(cls._converted(key, value) for key, value in given.items()))

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The names a mapping given to :meth:`of` may use."""
        renamed = {field: key for key, field in cls._KEYS.items()}
        return tuple(renamed.get(f.name, f.name.replace("_", "-")) for f in fields(cls))

    @classmethod
    def _converted(cls, key: str, value: Any) -> tuple[str, Any]:
        """The field and value a mapping's ``key`` stands for."""
        name = cls._KEYS.get(key, key.replace("-", "_"))
        if name not in {f.name for f in fields(cls)}:
            takes = ", ".join(cls.names()) or "no options"
            raise OptionError(f"unknown option {key!r}: {cls.__name__} takes {takes}")
        return name, cls._value(name, value)

    @classmethod
    def _value(cls, name: str, value: Any) -> Any:  # noqa: ARG003 - a subclass reads it
        """A mapping's value as the field holds it (a subclass converts names and paths)."""
        return value


GivenOptions = FormatOptions | Mapping[str, Any] | None
"""What a format's verbs accept: its options type; a mapping (documented library calls,
converted by :meth:`FormatOptions.of`); or None for the defaults."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NoOptions(FormatOptions):
    """The options of a format that has none (an empty mapping is accepted, any name refused)."""


def _labels(value: Any) -> LabelMap | None:
    from newsschema.formats.labels import labels_option

    return None if value is None else labels_option({"labels": value})


def _settings(value: Any) -> tuple[tuple[str, str], ...]:
    """``--set`` values as pairs: from a mapping, pairs, or ``FIELD=VALUE`` strings."""
    if value is None:
        return ()
    if isinstance(value, Mapping):
        return tuple((str(k), str(v)) for k, v in value.items())
    pairs = []
    for entry in value:
        if isinstance(entry, tuple):
            pairs.append((str(entry[0]), str(entry[1])))
            continue
        key, sep, text = str(entry).partition("=")
        if not sep:
            from newsschema.formats.labels import LabelError

            raise LabelError(f"--set {entry}: expected FIELD=VALUE")
        pairs.append((key.strip(), text))
    return tuple(pairs)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Settings(FormatOptions):
    """Options that carry ``--set FIELD=VALUE`` pairs (the article fields tool data lacks)."""

    _KEYS: ClassVar[Mapping[str, str]] = {"set": "settings"}

    settings: tuple[tuple[str, str], ...] = ()

    def article_settings(self) -> dict[str, str]:
        """The ``article.FIELD`` settings, checked (``brat.*`` ones are the brat importer's).

        Raises:
            LabelError: a setting is not ``article.NAME=VALUE``.
        """
        from newsschema.formats.labels import settings_option

        return settings_option({"set": [f"{key}={value}" for key, value in self.settings]})

    @classmethod
    def _value(cls, name: str, value: Any) -> Any:
        return _settings(value) if name == "settings" else value


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolReadOptions(_Settings):
    """How the annotation-tool importers read (``--labels``, ``--set``, ``--meta``).

    Attributes:
        labels: The label map (None: ``newsschema``); a mapping may name it or its TOML file.
        settings: ``--set FIELD=VALUE`` pairs, in order (mapping key ``set``).
        meta: The ``--meta`` table that fills each article (a mapping may give
            ``(PATH, "COLUMN=FIELD,...")``).
        companions: The folder inputs of the run, where brat finds the texts of its
            annotation files.
    """

    labels: LabelMap | None = None
    meta: MetaTable | None = None
    companions: tuple[str, ...] = ()

    def label_map(self) -> LabelMap:
        """The label map read with (the built-in ``newsschema`` one when none was given)."""
        from newsschema.formats.labels import load_labels

        return self.labels if self.labels is not None else load_labels("newsschema")

    @classmethod
    def _value(cls, name: str, value: Any) -> Any:
        if name == "labels":
            return _labels(value)
        if name == "meta" and value is not None:
            from newsschema.formats.metadata import meta_option

            return meta_option({"meta": value})
        if name == "companions":
            return tuple(str(v) for v in value or ())
        return super(ToolReadOptions, cls)._value(name, value)


@dataclass(frozen=True, slots=True, kw_only=True)
class BratReadOptions(ToolReadOptions):
    """The brat importer's options: the tool options and whose annotation files to read.

    Attributes:
        annotator: Read only this annotator's files (``NAME_ANNOTATOR.ann``); also given as
            ``--set brat.annotator=NAME``.
    """

    annotator: str | None = None

    def chosen_annotator(self) -> str | None:
        """The annotator asked for, as a field or a ``brat.annotator`` setting."""
        if self.annotator is not None:
            return self.annotator
        return next((v for k, v in self.settings if k == "brat.annotator"), None)

    @classmethod
    def _value(cls, name: str, value: Any) -> Any:
        if name == "annotator":
            return None if value is None else str(value)
        return super(BratReadOptions, cls)._value(name, value)


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteReadOptions(_Settings):
    """How the machine-quote importers read (``--set``, ``--anchor``).

    Attributes:
        settings: ``--set FIELD=VALUE`` pairs, in order (mapping key ``set``).
        anchor: How quotes are found in the text: ``exact``, ``normalised`` (None: the
            default), ``fuzzy`` or ``fuzzy:T``, or an
            :class:`~newsschema.formats.anchoring.AnchorPolicy`.
    """

    anchor: str | AnchorPolicy | None = None

    def policy(self) -> AnchorPolicy:
        """The anchoring policy (default: normalised).

        Raises:
            ValueError: ``anchor`` is not exact, normalised, fuzzy or fuzzy:T.
        """
        from newsschema.formats.anchoring import AnchorPolicy, parse_policy

        if isinstance(self.anchor, AnchorPolicy):
            return self.anchor
        return parse_policy(self.anchor) if self.anchor else AnchorPolicy()


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolWriteOptions(FormatOptions):
    """How the annotation-tool and standards exporters write: under which labels.

    Attributes:
        labels: The label map (None: ``newsschema``); a mapping may name it or its TOML file.
    """

    labels: LabelMap | None = None

    def label_map(self) -> LabelMap:
        """The label map written with (the built-in ``newsschema`` one when none was given)."""
        from newsschema.formats.labels import load_labels

        return self.labels if self.labels is not None else load_labels("newsschema")

    @classmethod
    def _value(cls, name: str, value: Any) -> Any:
        return _labels(value) if name == "labels" else value


@dataclass(frozen=True, slots=True, kw_only=True)
class DoccanoOptions(ToolWriteOptions):
    """The doccano exporter's options.

    Attributes:
        layers: Write each article as several records, none holding overlapping spans.
    """

    layers: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvOptions(FormatOptions):
    """The CSV bundle exporter's options.

    Attributes:
        excel: Start every file with a byte-order mark, for spreadsheet programs.
        formula_escape: Escape text cells a spreadsheet would run as formulas (the default;
            ``--no-formula-escape`` turns it off).
    """

    _KEYS: ClassVar[Mapping[str, str]] = {"no-formula-escape": "formula_escape"}

    excel: bool = False
    formula_escape: bool = True

    @classmethod
    def _value(cls, name: str, value: Any) -> Any:
        # The mapping's key is the flag, which says the opposite of the field.
        return not value if name == "formula_escape" else bool(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlOptions(FormatOptions):
    """The HTML exporter's options.

    Attributes:
        markup: How the page carries schema.org data: ``jsonld``, ``microdata`` or ``both``.
    """

    markup: str = "jsonld"

    def __post_init__(self) -> None:
        if self.markup not in MARKUP.choices:
            raise ValueError(f"markup must be one of {', '.join(MARKUP.choices)}")

    @classmethod
    def _value(cls, name: str, value: Any) -> Any:  # noqa: ARG003 - one field
        return MARKUP.default if value is None else value


READ_OPTIONS: Mapping[str, type[FormatOptions]] = {
    "brat": BratReadOptions,
    "inception": ToolReadOptions,
    "labelstudio": ToolReadOptions,
    "doccano": ToolReadOptions,
    "webannotation": ToolReadOptions,
    "quotes": QuoteReadOptions,
    "citron": QuoteReadOptions,
    "ggt": QuoteReadOptions,
}
"""The options type each importer reads with, by registry name (others: :class:`NoOptions`)."""

WRITE_OPTIONS: Mapping[str, type[FormatOptions]] = {
    "html": HtmlOptions,
    "csv": CsvOptions,
    "brat": ToolWriteOptions,
    "inception": ToolWriteOptions,
    "labelstudio": ToolWriteOptions,
    "doccano": DoccanoOptions,
    "webannotation": ToolWriteOptions,
    "ninjs": ToolWriteOptions,
}
"""The options type each exporter writes with, by registry name (others: :class:`NoOptions`)."""


def options_for(kind: type[OptionsT], **values: Any) -> OptionsT:
    """Build ``kind`` from the values it has a field for (the others are not its options).

    The command line's edge: it holds ``labels`` (and the like) for whatever format was asked
    for, and each format's type takes what it reads.
    """
    names = {f.name for f in fields(kind)}
    return kind(**{name: value for name, value in values.items() if name in names})


@dataclass(frozen=True, slots=True)
class ExportOption:
    """A format-specific choice that ``newsschema convert`` offers as ``--NAME``.

    Attributes:
        name: The option's name on the command line (and its key in a mapping of options).
        help: One line for ``--help``.
        formats: Registry keys of the exporters that read it (whose options type has it).
        choices: Allowed values; empty for an on/off flag (its value is then ``True``).
        default: Value used when the option is not given.
    """

    name: str
    help: str
    formats: frozenset[str]
    choices: tuple[str, ...] = ()
    default: str | bool = False


def _readers(key: str) -> frozenset[str]:
    """The exporters whose options type takes ``key``: from :data:`WRITE_OPTIONS`, not restated."""
    return frozenset(name for name, kind in WRITE_OPTIONS.items() if key in kind.names())


MARKUP = ExportOption(
    name="markup",
    choices=("jsonld", "microdata", "both"),
    default="jsonld",
    help="How the page carries schema.org data: a JSON-LD block, inline microdata, or both.",
    formats=_readers("markup"),
)
"""``--markup`` of the HTML exporter."""

EXCEL = ExportOption(
    name="excel",
    help="Tables for Excel: start each CSV file with a UTF-8 byte-order mark.",
    formats=_readers("excel"),
)
"""``--excel`` of the CSV bundle exporter."""

NO_FORMULA_ESCAPE = ExportOption(
    name="no-formula-escape",
    help=(
        "Tables for machines: write text cells as they are, without the apostrophe that keeps "
        "a spreadsheet from running a cell as a formula (unsafe to open in a spreadsheet)."
    ),
    formats=_readers("no-formula-escape"),
)
"""``--no-formula-escape`` of the CSV bundle exporter (declared in ``datapackage.json``)."""

LAYERS = ExportOption(
    name="layers",
    help=(
        "doccano without overlapping spans: write each article as several records (layers), "
        "none holding overlapping spans; relations across layers are left out and counted."
    ),
    formats=_readers("layers"),
)
"""``--layers`` of the doccano exporter."""
