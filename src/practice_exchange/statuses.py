"""A case study's status and what follows from it, in one place.

The `statuses` vocabulary in practice/taxonomy.yml labels these three for
people; the behaviour is code, so a test keeps the vocabulary's ids equal to
`Status` (a curator renaming one there must not silently switch a rule off).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


@dataclass(frozen=True)
class StatusRules:
    """What a case study with a status must hold, and whether the site lists it."""

    finished: bool
    """Held to the published standard: cites a source (PX110), no placeholder left, every figure traced
    to a source, re-checked by its review date."""
    needs_first_published: bool
    """Carries the day it was first published (PX116); the feeds order by it."""
    needs_replacement: bool
    """Names the case that replaces it and says why (replaced_by, archive_note)."""
    shown: bool
    """Listed on the site, in the feeds and the catalogue (archived cases keep only a tombstone)."""


STATUS_RULES: dict[Status, StatusRules] = {
    Status.DRAFT: StatusRules(finished=False, needs_first_published=False, needs_replacement=False, shown=False),
    Status.PUBLISHED: StatusRules(finished=True, needs_first_published=True, needs_replacement=False, shown=True),
    Status.ARCHIVED: StatusRules(finished=False, needs_first_published=False, needs_replacement=True, shown=False),
}

_UNKNOWN = STATUS_RULES[Status.DRAFT]
"""An unknown status is reported by PX104 and otherwise treated as a draft: nothing more is demanded."""


def rules_for(status: object) -> StatusRules:
    """The rules for a status as written in a file (any value; not only a Status)."""
    return _BY_VALUE.get(status, _UNKNOWN) if isinstance(status, str) else _UNKNOWN


_BY_VALUE: dict[str, StatusRules] = {status.value: rules for status, rules in STATUS_RULES.items()}


SHOWN: tuple[Status, ...] = tuple(status for status, rules in STATUS_RULES.items() if rules.shown)
"""The statuses the site publishes."""
