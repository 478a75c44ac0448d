"""Cheap, exact tests that let a rule skip scanning a whole text with a regex.

Every rule that scans prose runs over every body, so a scan that cannot match
is worth ruling out first. Each test here answers "could this text hold one?"
with False only when it certainly cannot; tests/test_fast_paths.py checks that
each rule finds the same with and without its shortcut.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_ASCII_DIGITS = "0123456789"


def holds_ascii_digit(text: str) -> bool:
    """Whether any of 0-9 is in the text: ten one-character searches (each a memchr)."""
    return any(digit in text for digit in _ASCII_DIGITS)


def may_hold_decimal_digit(text: str) -> bool:
    """False only if no character of the text matches regex `\\d` (any Unicode decimal digit).

    In an ASCII text (isascii() is a flag lookup) `\\d` means 0-9; outside ASCII there
    are other decimal digits, so such a text is always scanned.
    """
    return holds_ascii_digit(text) or not text.isascii()


def leftmost_matches(patterns: Sequence[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """The matches `re.compile("|".join(patterns)).finditer(text)` gives, found with each pattern's own search.

    For patterns no two of which can match at the same offset (each starts with its own
    literal, which is what makes each one's search fast). Each pattern keeps its next
    match; one that starts inside the match just yielded is searched for again after it.
    """
    pending = [pattern.search(text) for pattern in patterns]
    while True:
        live = [match for match in pending if match is not None]
        if not live:
            return
        first = min(live, key=lambda match: match.start())
        yield first
        end = first.end()
        pending = [
            match if match is None or match.start() >= end else pattern.search(text, end)
            for pattern, match in zip(patterns, pending, strict=True)
        ]
