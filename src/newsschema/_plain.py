"""The structure check with plain data out: the models' own core schema, without the models.

``Document.model_validate`` builds a Pydantic object for every entity, mention, quote and span;
for a valid document that nothing else needs as models, that construction is most of the
structure check's cost. This module compiles, from ``Document``'s own core schema, a validator
that checks the same things and returns plain data: each ``model`` schema is replaced by a
``typed-dict`` schema with the same fields (the same inner schemas, validators, defaults,
aliases, strictness, ``extra="forbid"``; discriminated unions keep their tag), so a dict comes
out with every field, defaults filled in, where the model would have had an attribute; a
``FrozenList`` (a list made a tuple by a Python validator) is checked as a strict list and
stays a list, and ``PartialDate``'s validator, which only turns Python date objects into text,
is left out (JSON holds none; such an object is refused here and left to the model). The
models stay the one definition: nothing here restates a field.

Of JSON values it accepts exactly what the model accepts (it never accepts what the model
refuses), checked both ways by ``tests/validation/test_model_free.py``; what it refuses goes
to the model path, which alone words and locates structure findings. A schema it does not
know how to turn into plain data (a model validator, a custom ``__init__``, a root model, a
validator that sees a model or the other fields) leaves the path off: :func:`plain_document`
then always says "use the model".

The compiled schema is also committed as data (``_schema_data/plain_document.json``, written
by ``newsschema schema`` with the published JSON Schema and drift-checked the same way), so that
checking a valid document imports neither the models nor Pydantic's schema generator: most of a
one-file run's start-up. The file records a digest of the modules the models are made of; when
they differ from it (a model edited and the file not regenerated yet), the schema is compiled
from the models as before.

The switch is :data:`newsschema._fast.MODEL_FREE` (the ``NEWSSCHEMA_MODEL_FREE`` environment
variable; ``0`` turns it off).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from typing import Any

import orjson
from pydantic_core import SchemaError, SchemaValidator, ValidationError

from newsschema import _fast
from newsschema._datetimes import parse_datetime

__all__ = [
    "PLAIN_FILENAME",
    "Unsupported",
    "document_core_schema",
    "plain_document",
    "plain_schema",
    "plain_schema_bytes",
    "plain_validator",
]

PLAIN_FILENAME = "plain_document.json"
"""The compiled plain-data schema's file in the package's ``_schema_data/``."""

# The modules whose text decides the compiled schema (the models, their types, the timestamp
# parser, and this module, which compiles it): their digest says whether the committed schema
# is still theirs. Pydantic's version is not in it: the file would then be stale at every
# release; the differential tests check the committed schema against the installed Pydantic.
_SOURCES = ("models.py", "types.py", "_datetimes.py", "_field_docs.py", "_plain.py")
# Functions a compiled schema may call, by the name the file gives them: a file names one of
# these or is not used (it is data, never a way to call anything else).
_NAMED_FUNCTIONS: dict[str, Callable[[Any], Any]] = {"parse_datetime": parse_datetime}


class Unsupported(ValueError):
    """The core schema holds something with no plain-data equivalent known here."""


# Model schema keys that change what validating one does, beyond its fields.
_MODEL_BEHAVIOUR = ("custom_init", "root_model", "post_init")
# Function schemas whose function sees the data validated so far (a model's other fields
# would then be a dict here and a model there): their "info" types.
_INFO_FUNCTIONS = frozenset({"with-info"})
_FUNCTIONS = frozenset({"function-before", "function-after", "function-wrap", "function-plain"})
_SEES_OUTPUT = frozenset({"function-after", "function-wrap", "function-plain"})


def _holds_model(schema: Any) -> bool:
    """True when ``schema`` may hold a model (a reference may name one: assumed to)."""
    if isinstance(schema, list):
        return any(map(_holds_model, schema))
    if not isinstance(schema, dict):
        return False
    if schema.get("type") in ("model", "model-fields", "definition-ref"):
        return True
    return any(_holds_model(value) for key, value in schema.items() if key != "serialization")


def plain_schema(schema: Any) -> Any:
    """Return ``schema`` with every ``model`` schema replaced by an equivalent typed dict.

    Raises:
        Unsupported: a model or validator whose behaviour a typed dict would not reproduce.
    """
    if isinstance(schema, list):
        return [plain_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind == "model":
        return _typed_dict(schema)
    to_tuple, date_to_text = _model_functions()
    if kind == "function-before" and schema["function"].get("function") is to_tuple:
        as_list = _as_list(schema["schema"])
        if as_list is not None:
            return as_list
    if kind == "function-before" and schema["function"].get("function") is date_to_text:
        # Turns Python date objects into text and leaves anything else as it is: JSON has no
        # date objects, and a Python caller's are refused here and left to the model.
        return plain_schema(schema["schema"])
    if kind in _FUNCTIONS and schema.get("function", {}).get("type") in _INFO_FUNCTIONS:
        raise Unsupported(f"a {kind} validator that reads validation info")
    if kind in _SEES_OUTPUT and _holds_model(schema.get("schema")):
        # An after, wrap or plain validator around a model (a model validator) is handed
        # the model instance: a dict would not do.
        raise Unsupported(f"a {kind} validator that sees a model")
    if kind == "default" and schema.get("default_factory_takes_data"):
        raise Unsupported("a default computed from the other fields")
    if kind in ("model-fields", "dataclass", "dataclass-args", "call"):
        raise Unsupported(f"a {kind} schema outside a model")
    return {key: plain_schema(value) for key, value in schema.items() if key != "serialization"}


@cache
def _model_functions() -> tuple[Any, Any]:
    """FrozenList's and PartialDate's validator functions (imports the types: compiling only).

    FrozenList's turns a list into a tuple, which the strict tuple schema then checks. For
    JSON data (lists only) that is a strict list schema of the same items, without a call into
    Python for every list; a tuple given here is refused, and the model then decides.
    """
    from newsschema.types import FrozenList, PartialDate

    return (
        FrozenList.__metadata__[0].func,  # type: ignore[attr-defined]  # Annotated's
        PartialDate.__metadata__[-1].func,  # type: ignore[attr-defined]
    )


_TUPLE_KEYS = frozenset({"type", "items_schema", "variadic_item_index", "min_length", "max_length"})


def _as_list(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The strict list schema of a homogeneous tuple schema (None: not one)."""
    if (
        schema.get("type") != "tuple"
        or not _TUPLE_KEYS.issuperset(schema)
        or len(schema["items_schema"]) != 1
        or schema.get("variadic_item_index") != 0
    ):
        return None
    listed = {key: value for key, value in schema.items() if key in ("min_length", "max_length")}
    return {
        "type": "list",
        "items_schema": plain_schema(schema["items_schema"][0]),
        "strict": True,
        **listed,
    }


def _typed_dict(model: dict[str, Any]) -> dict[str, Any]:
    """The typed-dict schema that validates what ``model`` validates, with a dict out."""
    for key in _MODEL_BEHAVIOUR:
        if model.get(key):
            raise Unsupported(f"model {model['cls'].__name__} has {key}")
    fields_schema = model["schema"]
    if fields_schema.get("type") != "model-fields" or fields_schema.get("computed_fields"):
        raise Unsupported(f"model {model['cls'].__name__} is not plain fields")
    if fields_schema.get("extras_schema") is not None:
        raise Unsupported(f"model {model['cls'].__name__} types its extra fields")
    fields: dict[str, Any] = {}
    for name, field in fields_schema["fields"].items():
        inner = plain_schema(field["schema"])
        entry: dict[str, Any] = {
            "type": "typed-dict-field",
            "schema": inner,
            # A model field is optional exactly when its schema holds a default.
            "required": inner.get("type") != "default",
        }
        if "validation_alias" in field:
            entry["validation_alias"] = field["validation_alias"]
        fields[name] = entry
    typed: dict[str, Any] = {"type": "typed-dict", "fields": fields, "total": True}
    config = dict(model.get("config") or {})
    for key in ("strict", "extra_behavior"):
        if key in fields_schema:
            typed[key] = fields_schema[key]
    if "strict" in model:
        config["strict"] = model["strict"]
    if "extra_behavior" in model:
        config["extra_fields_behavior"] = model["extra_behavior"]
    typed["config"] = config
    if "ref" in model:
        typed["ref"] = model["ref"]
    return typed


@cache
def plain_validator() -> SchemaValidator | None:
    """``Document``'s structure validator with plain data out (built once); None: unsupported.

    Built from the committed schema when it is the models' own (no import of the models),
    else compiled from the models.
    """
    stored = _stored_schema()
    if stored is not None:
        try:
            return SchemaValidator(stored)
        except SchemaError:  # a pydantic-core that reads the schema otherwise: compile it
            pass
    try:
        return SchemaValidator(plain_schema(document_core_schema()))
    except Unsupported:
        return None


def _package_data(name: str) -> bytes | None:
    """A file of the package, read through its loader (a wheel, a checkout or a zip alike)."""
    # pkgutil asks the package's loader directly; importlib.resources would cost more than
    # everything else this module does at start-up.
    import pkgutil

    try:
        return pkgutil.get_data("newsschema", name)
    except OSError:
        return None


def _sources_digest() -> str | None:
    """The SHA-256 of the models' source modules (None: not readable)."""
    digest = hashlib.sha256()
    for name in _SOURCES:
        source = _package_data(name)
        if source is None:
            return None
        digest.update(source)
    return digest.hexdigest()


def _stored_schema() -> Any:
    """The committed compiled schema, or None when it is missing, unreadable or not current."""
    data = _package_data(f"_schema_data/{PLAIN_FILENAME}")
    if data is None:
        return None
    try:
        stored = orjson.loads(data)
        if stored["sources"] != _sources_digest():
            return None
        return _decode(stored["schema"])
    except (ValueError, KeyError, TypeError, Unsupported):
        return None


def plain_schema_bytes() -> bytes:
    """The compiled plain-data schema as the committed file holds it (``newsschema schema``).

    Raises:
        Unsupported: the models cannot be checked as plain data.
    """
    document = {
        "about": (
            "Document's core schema with models as typed dicts, compiled from the models by "
            "newsschema._plain; generated by `newsschema schema`, do not edit."
        ),
        "sources": _sources_digest(),
        "schema": _encode(_stable_refs(plain_schema(document_core_schema()))),
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _stable_refs(schema: Any) -> Any:
    """``schema`` with its definition names made stable across runs.

    Pydantic names a model's definition by its qualified name and the class's ``id()``; the
    file must be the same on every run, so each name loses its ``id()`` (refused when two
    definitions would then share a name).
    """
    names: dict[str, str] = {}

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("ref", "schema_ref") and isinstance(item, str):
                    names[item] = item.rsplit(":", 1)[0] if ":" in item else item
                else:
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    def rename(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: names[item] if key in ("ref", "schema_ref") and item in names else rename(item)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [rename(item) for item in value]
        return value

    collect(schema)
    if len(set(names.values())) != len(names):
        raise Unsupported("two definitions share a qualified name")
    return rename(schema)


def _encode(value: Any) -> Any:
    """``value`` (a core schema) as JSON data: named functions and tuples marked, no metadata."""
    if isinstance(value, dict):
        # A schema's metadata (JSON Schema hooks) plays no part in validating; a map of fields
        # may name a field "metadata", and it has no "type" string.
        schema = isinstance(value.get("type"), str)
        return {
            key: _encode(item) for key, item in value.items() if not (schema and key == "metadata")
        }
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, tuple):
        return {"$tuple": [_encode(item) for item in value]}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    for name, function in _NAMED_FUNCTIONS.items():
        if value is function:
            return {"$function": name}
    raise Unsupported(f"a schema value that is not data: {value!r}")


def _decode(value: Any) -> Any:
    """The core schema :func:`_encode` wrote (only ``_NAMED_FUNCTIONS`` may be named)."""
    if isinstance(value, dict):
        if len(value) == 1 and "$tuple" in value:
            return tuple(_decode(item) for item in value["$tuple"])
        if len(value) == 1 and "$function" in value:
            function = _NAMED_FUNCTIONS.get(value["$function"])
            if function is None:
                raise Unsupported(f"an unknown function {value['$function']!r}")
            return function
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def document_core_schema() -> Any:
    """``Document``'s core schema, without building its validator when it is not built yet.

    The models are built on first use (``defer_build``); building ``Document`` also builds its
    validator and serializer and runs Pydantic's plugin discovery (which reads the metadata of
    every installed distribution), most of the cost of a one-file ``validate``. A valid
    document needs only the schema, which Pydantic's schema generator gives as it would give
    it to the model (``tests/validation/test_model_free.py`` compares the two). A Pydantic
    whose generator is not where this looks builds the model instead.
    """
    from newsschema.models import Document

    if Document.__pydantic_complete__:
        return Document.__pydantic_core_schema__
    try:
        from pydantic._internal._config import ConfigWrapper
        from pydantic._internal._generate_schema import GenerateSchema
        from pydantic._internal._namespace_utils import NsResolver

        generator = GenerateSchema(ConfigWrapper(Document.model_config, check=False), NsResolver())
        return generator.clean_schema(generator.generate_schema(Document))
    except Exception:  # noqa: BLE001 - any change of Pydantic's internals: build the model
        Document.model_rebuild()
        return Document.__pydantic_core_schema__


def plain_document(raw: Any) -> dict[str, Any] | None:
    """``raw`` checked as a ``Document`` with plain data out; None: take the model path.

    None when ``raw`` is not a valid document (the model path says why), when the switch is
    off, or when the models cannot be checked without being built.
    """
    if not (_fast.MODEL_FREE and _fast.ENABLED):
        return None
    validator = plain_validator()
    if validator is None:
        return None
    try:
        checked: dict[str, Any] = validator.validate_python(raw)
    except ValidationError:
        return None
    return checked
