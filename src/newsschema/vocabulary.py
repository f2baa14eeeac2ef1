"""Definitions of every controlled value in the model: the one place each value is explained.

The Literal types in :mod:`newsschema.types` say which values exist (type checkers need them
spelled out); this module says what each one means, value by value, and nothing else restates
it: the Literals' docstrings point here, and the project's RDF vocabulary (``schema/vocab.ttl``)
takes its value definitions from :data:`VOCABULARIES`. Each table is checked against its
Literal when this module is imported, so a value added to one and not the other fails at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, get_args

from newsschema import types

__all__ = [
    "ATTRIBUTION_TYPES",
    "ENTITY_KINDS",
    "EVENT_KINDS",
    "MENTION_FORMS",
    "PARTICIPANT_ROLES",
    "QUOTE_KINDS",
    "REALIS",
    "VOCABULARIES",
]


def _defined(literal: Any, definitions: dict[str, str]) -> Mapping[str, str]:
    """Return ``definitions`` read-only, after checking they define exactly ``literal``'s values.

    Raises:
        ValueError: a value of the Literal has no definition, or a definition no value (or
            the order differs: tables list values in the Literal's order).
    """
    values = get_args(literal)
    if tuple(definitions) != values:
        raise ValueError(f"definitions {list(definitions)} differ from the values {list(values)}")
    return MappingProxyType(definitions)


ENTITY_KINDS: Final = _defined(
    types.EntityKind,
    {
        "person": 'A human being, named or described ("the defense minister").',
        "organization": "A government, ministry, alliance, company, party or other organisation.",
        "outlet": "A news organisation that publishes or relays reports: agency, paper, "
        "broadcaster, online outlet.",
        "place": "A city, region, venue or other location (where something happens).",
        "gpe": "A geopolitical entity: a country, state or city that acts (speaks, "
        "negotiates, takes part) as well as being a place.",
        "group": 'A set of people that is not an organisation ("Ukrainian representatives").',
        "work": "A document or other creative work that is a source: a report, a filing, a "
        "letter, a post, a statement issued in writing.",
        "other": "Anything else worth linking: a policy, a document, a product, a platform.",
    },
)

EVENT_KINDS: Final = _defined(
    types.EventKind,
    {
        "meeting": "A scheduled gathering of parties (a council session, a bilateral meeting).",
        "negotiation": "Talks aimed at an agreement between parties.",
        "talks": "Discussions between parties, when the text does not say they negotiate.",
        "summit": "A meeting of heads of state or government.",
        "conference": "A larger gathering with many participants and an agenda.",
        "press_conference": "An appearance before journalists with statements and questions.",
        "statement": "A public declaration by a person or organisation.",
        "interview": "Answers given to a journalist or outlet.",
        "promise": "A commitment to do something later; the promised act is its own event.",
        "demand": "A requirement put to another party.",
        "report": "An account given to someone (a minister reporting to the president).",
        "publication": "A document or response being issued, e.g. written responses.",
        "agreement": "A deal, treaty or accord being reached or signed.",
        "visit": "A trip by a person or delegation to a place.",
        "election": "A vote to choose office holders.",
        "vote": "A decision by vote in a body.",
        "protest": "A demonstration or public protest.",
        "attack": "A violent attack.",
        "military_action": "Troop movements, exercises or combat.",
        "accident": "An unintended harmful event.",
        "other": "Any event not covered above.",
    },
)

REALIS: Final = _defined(
    types.Realis,
    {
        "actual": "Reported as having happened (or happening).",
        "planned": "Scheduled or intended, not yet happened.",
        "promised": "Someone committed to make it happen.",
        "demanded": "Someone required that it happen.",
        "hypothetical": "Conditional, speculative or generic.",
        "negated": "Reported as not having happened or not going to happen.",
        "uncertain": "Disputed or reported with doubt.",
    },
)

PARTICIPANT_ROLES: Final = _defined(
    types.ParticipantRole,
    {
        "participant": "Takes part, without a more specific role.",
        "organizer": "Convenes or organises the event.",
        "host": "Hosts the event on its premises or territory.",
        "speaker": "Speaks at the event (the source of a statement).",
        "agent": "Performs the act (the one who promises, demands, reports).",
        "recipient": "Receives what the act produces (a promised response, a report).",
        "addressee": "Is spoken to or addressed.",
        "subject": "Is what the event is about.",
        "observer": "Attends without taking part.",
    },
)

QUOTE_KINDS: Final = _defined(
    types.QuoteKind,
    {
        "direct": "A whole utterance reproduced in quotation marks.",
        "partial": "A fragment in quotation marks inside reported speech.",
        "indirect": "Reported speech without quotation marks.",
        "mixed": "Reported speech that switches into quotation.",
        "scare": "Quotation marks that distance the writer from a term; no utterance reported.",
    },
)

ATTRIBUTION_TYPES: Final = _defined(
    types.AttributionType,
    {
        "speech": "Something said or written (PDTB/PARC: communication).",
        "belief": "A belief, expectation or opinion (PDTB/PARC: propositional attitude).",
        "knowledge": "Something known, learned or found (PDTB/PARC: factive).",
        "intention": "A wish, plan or promise (PDTB/PARC: control).",
    },
)

MENTION_FORMS: Final = _defined(
    types.MentionForm,
    {
        "name": 'The entity\'s name or part of it ("Lavrov", "NATO").',
        "nominal": 'A description ("the minister", "the alliance").',
        "pronoun": 'A pronoun ("he", "it", "they").',
    },
)

VOCABULARIES: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "EntityKind": ENTITY_KINDS,
        "EventKind": EVENT_KINDS,
        "Realis": REALIS,
        "ParticipantRole": PARTICIPANT_ROLES,
        "QuoteKind": QUOTE_KINDS,
        "AttributionType": ATTRIBUTION_TYPES,
        "MentionForm": MENTION_FORMS,
    }
)
"""Each table by the name of its Literal in :mod:`newsschema.types` (as mapping files name it)."""
