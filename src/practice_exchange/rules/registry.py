"""The rule registry: every rule's permanent ID, name, severity and help.

Rule IDs are permanent: contributors search for them, and `--ignore` lists
in CI name them. So a rule is never renumbered, and a duplicate ID is a
programming error that fails at import rather than silently shadowing.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..findings import Finding, Severity

BANDS = {
    "0": "Files and frontmatter parsing",
    "1": "Field values and vocabularies",
    "2": "Body and links",
    "3": "Across the collection",
    "4": "Safety and privacy",
}

_ID = re.compile(r"^PX([0-4])\d\d$")
_PLACEHOLDER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FORMATTER = string.Formatter()

DEFAULT = ""
"""The variant key of a rule declared with a single `message=`."""

SUGGESTION = "did_you_mean"
"""The placeholder that holds a suggestion ("; did you mean 'send'?") or nothing; always last."""


class MessageValuesError(TypeError):
    """A rule's message was formatted with missing or extra values, or an unknown variant: a programming error."""


def placeholders(template: str) -> tuple[str, ...]:
    """The names a message template needs, in order of first use; refuses anything but plain names.

    Templates are ours, values are the contributor's: only `{name}`, `{name!r}` and a number
    format such as `{size:,}` are allowed, so no template can reach into a value's attributes.
    """
    names: list[str] = []
    for _, name, spec, _ in _FORMATTER.parse(template):
        if name is None:
            continue
        if not _PLACEHOLDER_NAME.match(name) or name == "variant":
            raise ValueError(f"message placeholder {{{name}}} must be a plain lowercase name")
        if spec and spec not in (",", "d"):
            raise ValueError(f"message placeholder {{{name}:{spec}}} has a format other than ',' or 'd'")
        if name not in names:
            names.append(name)
    return tuple(names)


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
    messages: Mapping[str, str] = field(default_factory=dict, compare=False)
    """What a finding says: variant name -> template with `{named}` placeholders (DEFAULT for a single one)."""

    @property
    def band(self) -> str:
        return BANDS[self.id[2]]

    def template(self, variant: str | None = None) -> str:
        key = DEFAULT if variant is None else variant
        if key not in self.messages:
            known = ", ".join(repr(name) for name in self.messages) or "none"
            raise MessageValuesError(f"{self.id} has no message variant {variant!r} (its variants: {known})")
        return self.messages[key]

    def message(self, variant: str | None = None, /, **values: object) -> str:
        """The finding's text: the template of `variant` with exactly its placeholders filled in."""
        template = self.template(variant)
        wanted = placeholders(template)
        missing = [name for name in wanted if name not in values]
        extra = sorted(set(values) - set(wanted))
        if missing or extra:
            which = f" variant {variant!r}" if variant is not None else ""
            raise MessageValuesError(
                f"{self.id}{which} message {template!r}: missing values {missing}, unexpected values {extra}"
            )
        return template.format_map(values)

    def at(self, path: str, line: int, col: int, /, variant: str | None = None, **values: object) -> Finding:
        """A finding of this rule at a place, its message formatted from this rule's own template."""
        return Finding(path, line, col, self.id, self.name, self.severity, self.message(variant, **values))


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
    message: str | None = None,
    messages: Mapping[str, str] | None = None,
) -> Rule:
    """Declare and register a rule; fails loudly on a bad or reused ID or name, or a malformed template.

    `message` is the one thing a finding of this rule says; a rule that says one of several
    things names each (`messages={"missing": ..., "empty": ...}`) and a finding picks its variant.
    """
    if not _ID.match(id):
        raise ValueError(f"rule id {id!r} is not in a PX0xx-PX4xx band")
    if id in RULES:
        raise DuplicateRuleError(f"rule id {id} is declared twice")
    if any(existing.name == name for existing in RULES.values()):
        raise DuplicateRuleError(f"rule name {name} is declared twice")
    if (message is None) == (messages is None):
        raise ValueError(f"rule {id} needs exactly one of message= or messages=")
    templates = {DEFAULT: message} if message is not None else dict(messages or {})
    if not templates or (messages is not None and DEFAULT in templates):
        raise ValueError(f"rule {id}: messages= needs named variants")
    for template in templates.values():
        names = placeholders(template)
        if SUGGESTION in names and not template.endswith("{" + SUGGESTION + "}"):
            raise ValueError(f"rule {id}: {{{SUGGESTION}}} must end the message: {template!r}")
    declared = Rule(
        id=id,
        name=name,
        severity=severity,
        summary=summary,
        explanation=explanation,
        fix=fix,
        bad=bad,
        good=good,
        messages=MappingProxyType(templates),
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
