"""The rule registry: every semantic rule, keyed by its stable code.

Families: ``NS1xx`` spans, ``NS2xx`` references, ``NS3xx`` dates, ``NS4xx`` quotes, ``NS5xx``
completeness warnings, ``NS6xx`` the schema version. Codes never change meaning and are never
reused; the registry refuses to build when two rules share a code or a code collides with a loader
code (``NS0xx``).

``newsschema rules`` lists them and ``newsschema rules CODE`` explains one; ``docs/rules.md`` is
generated from this registry by :func:`rules_markdown`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsschema.codes import LOADER_CODES, CodeDoc
from newsschema.findings import Severity
from newsschema.rules import completeness, dates, google, quotes, references, spans, versions
from newsschema.rules._base import Context, Rule, RuleFinding, RuleSet
from newsschema.rules._markdown import rules_markdown

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "ALL_CODES",
    "FAMILIES",
    "PROFILES",
    "RULES",
    "Context",
    "Rule",
    "RuleFinding",
    "RuleSet",
    "SelectionError",
    "default_rules",
    "error_rules",
    "rules_markdown",
    "select_rules",
]

FAMILIES: dict[str, str] = {
    "NS0": "Input and structure (the loader and the model)",
    "NS1": "Spans",
    "NS2": "References",
    "NS3": "Dates",
    "NS4": "Quotes",
    "NS5": "Completeness (warnings)",
    "NS6": "Schema version",
    "NS7": "Search engines (--profile google; off by default)",
}
"""Code prefix -> family title."""


def _registry(families: Iterable[Sequence[Rule]]) -> dict[str, Rule]:
    registry: dict[str, Rule] = {}
    for family in families:
        for rule in family:
            if rule.code in registry or rule.code in LOADER_CODES:
                raise RuntimeError(f"rule code {rule.code} is used twice")
            registry[rule.code] = rule
    return dict(sorted(registry.items()))


RULES: dict[str, Rule] = _registry(
    [
        spans.RULES,
        references.RULES,
        dates.RULES,
        quotes.RULES,
        completeness.RULES,
        versions.RULES,
    ]
)
"""Every semantic rule by code, in code order."""

PROFILES: dict[str, tuple[Rule, ...]] = {google.PROFILE: google.RULES}
"""Rules that run only when their ``--profile`` is given, by profile name."""

_PROFILE_RULES = _registry([tuple(RULES.values()), *PROFILES.values()])

if TYPE_CHECKING:
    ALL_CODES: dict[str, CodeDoc]
    """Documentation of every code the toolkit reports (loader, importers and rules), in order."""


def _all_codes() -> dict[str, CodeDoc]:
    # Every code is defined in newsschema.codes (the importers' too): no format is imported.
    from newsschema.codes import QUOTE_CODES, TABLE_CODES, TOOL_CODES

    return dict(
        sorted(
            {
                **LOADER_CODES,
                **TABLE_CODES,
                **TOOL_CODES,
                **QUOTE_CODES,
                **{code: rule.doc for code, rule in _PROFILE_RULES.items()},
            }.items()
        )
    )


def __getattr__(name: str) -> Any:
    """Build ``ALL_CODES`` on first use (module ``__getattr__``); it is then a plain global."""
    if name == "ALL_CODES":
        codes = globals()["ALL_CODES"] = _all_codes()
        return codes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class SelectionError(ValueError):
    """A --select/--ignore entry names no rule, or names a structure code (NS0xx)."""


def _matching(token: str) -> list[str]:
    token = token.strip().upper()
    if token == "ALL":  # noqa: S105 - a rule selector, not a secret
        return list(RULES)
    if token in LOADER_CODES or (token.startswith("NS0") and len(token) >= 3):
        raise SelectionError(
            f"{token}: structure codes (NS0xx) are always checked and cannot be selected or ignored"
        )
    found = [code for code in RULES if code.startswith(token)]
    if not token or not found:
        raise SelectionError(f"{token or '(empty)'}: no rule code starts with this")
    return found


def select_rules(
    select: Iterable[str] = (), ignore: Iterable[str] = (), profiles: Iterable[str] = ()
) -> list[Rule]:
    """Return the rules chosen by ``select`` (all when empty) minus ``ignore``.

    Entries are codes or code prefixes (``NS1`` is every span rule) or ``ALL``. The rules of
    each of ``profiles`` are added (off by default; ``ignore`` still applies to them).

    Raises:
        SelectionError: an entry matches no rule or names a structure code, or a profile is
            unknown.
    """
    chosen: set[str] = set()
    selected = list(select)
    for token in selected or ["ALL"]:
        chosen.update(_matching(token))
    extra: list[Rule] = []
    for profile in profiles:
        if profile not in PROFILES:
            raise SelectionError(f"{profile}: no such profile ({', '.join(PROFILES)})")
        extra += PROFILES[profile]
    ignored = [token.strip().upper() for token in ignore]
    for token in ignore:
        if not any(rule.code.startswith(token.strip().upper()) for rule in extra):
            chosen.difference_update(_matching(token))
        else:
            chosen.difference_update(c for c in RULES if c.startswith(token.strip().upper()))
    kept = [rule for code, rule in RULES.items() if code in chosen]
    return kept + [r for r in extra if not any(r.code.startswith(t) for t in ignored)]


def default_rules() -> RuleSet:
    """Every rule at its default severity: what ``validate`` runs unless told otherwise."""
    return RuleSet(list(RULES.values()))


def error_rules() -> RuleSet:
    """The rules whose default severity is error: what ``convert`` refuses input for."""
    return RuleSet([rule for rule in RULES.values() if rule.doc.severity is Severity.ERROR])
