"""The rule registry: every rule's permanent ID, name, severity and help.

Rule IDs are permanent: contributors search for them, and `--ignore` lists
in CI name them. So a rule is never renumbered, and a duplicate ID is a
programming error that fails at import rather than silently shadowing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..findings import Finding, Severity

BANDS = {
    "0": "Files and frontmatter parsing",
    "1": "Field values and vocabularies",
    "2": "Body and links",
    "3": "Across the collection",
    "4": "Safety and privacy",
}

_ID = re.compile(r"^PX([0-4])\d\d$")


@dataclass(frozen=True, kw_only=True)
class Rule:
    """A rule as `practice explain`, the rule reference and every finding show it.

    Declared with keywords (see `rule`), so that no two texts can swap places unnoticed.
    """

    id: str
    name: str
    severity: Severity
    summary: str
    """One sentence: what is wrong."""
    explanation: str
    """Why it matters to the collection and its readers."""
    fix: str
    """What the contributor does about it; kept apart from each finding's message."""
    bad: str
    """A short file or fragment that breaks the rule."""
    good: str
    """The same fragment put right."""

    @property
    def band(self) -> str:
        return BANDS[self.id[2]]

    def at(self, path: str, line: int, col: int, message: str) -> Finding:
        return Finding(path, line, col, self.id, self.name, self.severity, message)


RULES: dict[str, Rule] = {}


class DuplicateRuleError(Exception):
    pass


def rule(
    *,
    id: str,
    name: str,
    severity: Severity,
    summary: str,
    explanation: str,
    fix: str,
    bad: str,
    good: str,
) -> Rule:
    """Declare and register a rule; fails loudly on a bad or reused ID or name."""
    if not _ID.match(id):
        raise ValueError(f"rule id {id!r} is not in a PX0xx-PX4xx band")
    if id in RULES:
        raise DuplicateRuleError(f"rule id {id} is declared twice")
    if any(existing.name == name for existing in RULES.values()):
        raise DuplicateRuleError(f"rule name {name} is declared twice")
    declared = Rule(
        id=id, name=name, severity=severity, summary=summary, explanation=explanation, fix=fix, bad=bad, good=good
    )
    RULES[id] = declared
    return declared


def find_rule(code_or_name: str) -> Rule | None:
    wanted = code_or_name.strip()
    if wanted.upper() in RULES:
        return RULES[wanted.upper()]
    for declared in RULES.values():
        if declared.name == wanted.lower():
            return declared
    return None
