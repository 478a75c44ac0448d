"""Plain-words messages for YAML syntax errors in frontmatter.

The parser's own words ("mapping values are not allowed in this context",
"found character that cannot start any token") describe its state, not the
contributor's mistake. Nearly every real error is one of a few: a tab used
for indentation, a colon inside an unquoted title, an apostrophe or a quote
inside a quoted value, a quote never closed. Each is recognised from the
line itself and explained as what happened, where, and what to do
(docs/reference/messages.md). Anything else keeps the parser's words, with
the same advice on what to look at.

The words are templates in MESSAGES, which the PX0xx rules declare as their own
(rules/parsing.py): a problem names its template and the values to fill in, so
`practice explain` and the rule reference show exactly what a finding says. They
live here, below the rules, because taxonomy.yml and sources.yml are read the
same way and their errors need the same words without a rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# Bounded quantifiers only: this runs on contributor text (see tests/test_privacy.py's linear-time test).
_KEY_LINE = re.compile(r"^([ ]{0,40})((?:-[ ])?)[ ]{0,7}([A-Za-z_][A-Za-z0-9_-]{0,80}):[ \t]{1,40}(\S.{0,9999})$")
_ITEM_LINE = re.compile(r"^([ ]{0,40})-[ ]{1,8}(\S.{0,9999})$")
_LEADING_TAB = re.compile(r"^[ ]{0,200}\t")
_NAMED_FIELDS = frozenset({"title", "summary"})
_RESERVED_STARTS = {"@": "'@'", "`": "a back-tick (`)", "%": "'%'", "|": "'|'", ">": "'>'"}


SYNTAX_MESSAGES: Mapping[str, str] = {
    "tab": "line {line} starts with a tab; indent with spaces",
    "indented_first": "line {line} starts with spaces; fields start at the beginning of the line",
    "indented_under_value": (
        "line {line} is indented as if it belonged to '{parent}', which already has a value;"
        " remove the spaces at the start of the line"
    ),
    "unclosed_quote": "{subject} opens a {quote} quote that is never closed; end {whole} with {quote}",
    "unclosed_quote_curly": (
        "{subject} opens a {quote} quote that is never closed (a curly {curly} does not close it);"
        " end {whole} with {quote}"
    ),
    "quote_in_single": (
        "{subject} has an apostrophe or quote inside single quotes; "
        "put {whole} in double quotes, or write the apostrophe twice ('')"
    ),
    "quote_in_double": '{subject} has a " inside double quotes; put {whole} in single quotes instead',
    "reserved_start": "{subject} starts with {character}, which YAML reserves; put {whole} in double quotes",
    "unclosed_bracket": "{subject} opens {opener} but never closes it; add {closing} at the end",
    "colon": "{subject} contains ': ' — put {whole} in double quotes",
    "parser": (
        "the frontmatter is not valid YAML here (the parser says: {problem}); "
        "check the quotes, colons and indentation on this line"
    ),
    "unmarked": (
        "the frontmatter is not valid YAML (the parser says: {error}); "
        "check the quotes, colons and indentation near the top of the file"
    ),
    "several_documents": "frontmatter holds more than one YAML document",
    "key_not_text": "a field name must be plain text, not a list or mapping",
}
"""PX008 (yaml-syntax-error): each way the YAML can fail to parse, in plain words."""

TAG_MESSAGES: Mapping[str, str] = {"tag": "YAML tag {tag} is not allowed; write the value as plain text"}
ALIAS_MESSAGES: Mapping[str, str] = {"alias": "YAML aliases (*name) are not allowed in frontmatter"}
TOO_COMPLEX_MESSAGES: Mapping[str, str] = {
    "depth": "frontmatter is nested more than {limit} levels deep",
    "values": "frontmatter has more than {limit:,} values",
}
DUPLICATE_KEY_MESSAGES: Mapping[str, str] = {
    "reader": "field '{field}' appears twice (first on line {first}); keep one",
}
_ALL_MESSAGES = {**SYNTAX_MESSAGES, **TAG_MESSAGES, **ALIAS_MESSAGES, **TOO_COMPLEX_MESSAGES, **DUPLICATE_KEY_MESSAGES}


def worded(variant: str, values: Mapping[str, object]) -> str:
    """The text of a YAML problem, for readers with no rule to word it (taxonomy.yml's loader)."""
    return _ALL_MESSAGES[variant].format_map(values)


@dataclass(frozen=True)
class YamlProblem:
    """Where a syntax error is (0-based line of the YAML source, 1-based column) and what to say."""

    line: int
    col: int
    variant: str
    """The key of its template in SYNTAX_MESSAGES."""
    values: Mapping[str, object] = field(default_factory=dict)


def _subject(key: str | None) -> tuple[str, str]:
    """How to name the value: ('the title', 'the whole title') or ('the value of 'outcome'', 'the whole value')."""
    if key is None:
        return "this list item", "the whole item"
    if key in _NAMED_FIELDS:
        return f"the {key}", f"the whole {key}"
    return f"the value of '{key}'", "the whole value"


def _closing_quote(value: str) -> int:
    """Offset of the quote that closes a quoted value opened at offset 0, or -1 if none on this line."""
    quote = value[0]
    at = 1
    while at < len(value):
        char = value[at]
        if quote == '"' and char == "\\":
            at += 2
            continue
        if char == quote:
            if quote == "'" and value[at + 1 : at + 2] == "'":
                at += 2  # '' is an escaped apostrophe inside single quotes
                continue
            return at
        at += 1
    return -1


_Worded = tuple[str, dict[str, object]]
"""A template's key in SYNTAX_MESSAGES and the values it names."""


def _quoted_value_problem(value: str, subject: str, whole: str) -> _Worded | None:
    quote = value[0]
    close = _closing_quote(value)
    if close < 0:
        curly = "”" if quote == '"' else "’"
        named: dict[str, object] = {"subject": subject, "quote": quote, "whole": whole}
        if curly in value:
            return "unclosed_quote_curly", {**named, "curly": curly}
        return "unclosed_quote", named
    rest = value[close + 1 :].strip()
    if not rest or rest.startswith("#"):
        return None
    return ("quote_in_single" if quote == "'" else "quote_in_double"), {"subject": subject, "whole": whole}


def _value_problem(value: str, key: str | None) -> _Worded | None:
    subject, whole = _subject(key)
    if value[0] in "\"'":
        return _quoted_value_problem(value, subject, whole)
    if value[0] in _RESERVED_STARTS:
        return "reserved_start", {"subject": subject, "character": _RESERVED_STARTS[value[0]], "whole": whole}
    if value[0] in "[{":
        closing = "]" if value[0] == "[" else "}"
        if closing not in value:
            opener = "a list with [" if value[0] == "[" else "{"
            return "unclosed_bracket", {"subject": subject, "opener": opener, "closing": closing}
        return None
    plain = value.split(" #", 1)[0]
    if ": " in plain or plain.endswith(":"):
        return "colon", {"subject": subject, "whole": whole}
    return None


def _statement(lines: list[str], index: int) -> tuple[int, str | None, str] | None:
    """The key or list-item line at or above `index`: its line, key (None for an item) and value."""
    for at in range(min(index, len(lines) - 1), max(-1, index - 50), -1):
        match = _KEY_LINE.match(lines[at])
        if match:
            return at, match.group(3), match.group(4).rstrip()
        item = _ITEM_LINE.match(lines[at])
        if item:
            return at, None, item.group(2).rstrip()
    return None


def _indented_under_a_value(lines: list[str], line: int, first_file_line: int) -> YamlProblem | None:
    """'  region2: x' under 'region: london': a field indented as if it belonged to one that has a value."""
    if not 0 < line < len(lines):
        return None
    current = _KEY_LINE.match(lines[line])
    above = next((text for text in reversed(lines[:line]) if text.strip()), "")
    parent = _KEY_LINE.match(above)
    if current is None or parent is None or current.group(2) or len(current.group(1)) <= len(parent.group(1)):
        return None
    return YamlProblem(line, 1, "indented_under_value", {"line": first_file_line + line, "parent": parent.group(3)})


def explain(source: str, line: int, col: int, problem: str, first_file_line: int) -> YamlProblem:
    """Turn the parser's error at (line, col) of `source` into a located plain-words message.

    `first_file_line` is the file line of the source's first line, so a
    message can name lines as the contributor's editor numbers them.
    """
    lines = source.split("\n")
    for at, text in enumerate(lines[: line + 1]):
        if _LEADING_TAB.match(text):
            tab_col = text.index("\t") + 1
            return YamlProblem(at, tab_col, "tab", {"line": first_file_line + at})
    first = next((at for at, text in enumerate(lines) if text.strip() and not text.lstrip().startswith("#")), None)
    if first is not None and first <= line and lines[first][:1] == " " and _KEY_LINE.match(lines[first]):
        return YamlProblem(first, 1, "indented_first", {"line": first_file_line + first})
    indented = _indented_under_a_value(lines, line, first_file_line)
    if indented is not None:
        return indented
    found = _statement(lines, line)
    if found is not None:
        at, key, value = found
        worded = _value_problem(value, key) if value else None
        if worded is not None:
            return YamlProblem(at, len(lines[at]) - len(lines[at].lstrip()) + 1, *worded)
    return YamlProblem(line, col, "parser", {"problem": problem})
