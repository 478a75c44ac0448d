"""One case-study file after parsing: the value the loader makes and every rule reads.

It lives apart from the loader so that the rules can read a Document
without importing the loader, which raises the PX0xx rules: loader and
rules then sit on one side each of this module, with no cycle.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from .findings import Finding

YamlPath = tuple[str | int, ...]

FRONTMATTER_FIRST_LINE = 2  # the line after the opening ---

_INLINE_CODE = re.compile(r"`+[^`\n]*`+")
_FENCED_CODE = re.compile(r"^[ \t]*(```|~~~).*?(?:^[ \t]*\1[^\n]*$|\Z)", re.MULTILINE | re.DOTALL)


def _newlines(text: str) -> list[int]:
    """Offsets of every newline in text, to turn offsets into lines by bisection.

    Each line's length plus one, summed from -1: the offset of the newline that ends it.
    All of it runs in C (a find() loop in Python costs some 5 microseconds a body).
    """
    lines = text.split("\n")
    lines.pop()  # the text after the last newline ends at no newline
    return list(accumulate(map((1).__add__, map(len, lines)), initial=-1))[1:]


def _locate(newlines: list[int], first_line: int, offset: int) -> tuple[int, int]:
    # Counted once per file (newlines), not from the start of the file for every finding.
    before = bisect_left(newlines, offset)
    line_start = newlines[before - 1] + 1 if before else 0
    return first_line + before, offset - line_start + 1


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


@dataclass
class Document:
    """One case-study file after parsing: its frontmatter, body and findings so far."""

    path: str
    meta: dict[str, Any] | None = None
    body: str = ""
    body_line: int = 1
    """File line number of the first body line, so body rules can report real lines."""
    positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    frontmatter: str = ""
    """The frontmatter's YAML source, which starts on file line FRONTMATTER_FIRST_LINE."""
    frontmatter_line: int = 1
    """Where findings about the frontmatter as a whole point: its opening ---."""
    unparsed: set[str] = field(default_factory=set)
    """Top-level fields whose YAML could not be read: reported as syntax errors, so not also as missing."""
    # Made on first use, and kept: plain attributes rather than functools.cached_property, which
    # takes a lock on each first use (one document is read by one thread).
    _prose: str | None = field(default=None, init=False, repr=False, compare=False)
    _body_lines: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _frontmatter_lines: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def position(self, yaml_path: YamlPath) -> tuple[int, int]:
        """Line and column of a key or list item, falling back to its nearest parent."""
        while yaml_path:
            if yaml_path in self.positions:
                return self.positions[yaml_path]
            yaml_path = yaml_path[:-1]
        return (self.frontmatter_line, 1)

    @property
    def prose(self) -> str:
        """The body with code blanked out: fenced blocks and inline spans become spaces.

        Used by the privacy rules, which skip code. The HTML and link rules
        read the body as the site renders it instead (rules/markup.py): this
        regex view of code is not Markdown's. Blanking (rather than
        cutting) keeps every offset, so a match's line and column are exact.
        Indented code blocks are deliberately still scanned: telling them from
        list continuations needs a full Markdown parser, and over-flagging is
        the safe side here. Rules scan this whole string with one regex each,
        which is what keeps `practice check` near the speed of bare parsing.
        """
        if self._prose is None:
            if "`" not in self.body and "~~~" not in self.body:
                self._prose = self.body
            else:
                self._prose = _INLINE_CODE.sub(_blank, _FENCED_CODE.sub(_blank, self.body))
        return self._prose

    def locate(self, offset: int) -> tuple[int, int]:
        """File line and column of an offset into the body (or prose)."""
        if self._body_lines is None:
            self._body_lines = _newlines(self.body)
        return _locate(self._body_lines, self.body_line, offset)

    def locate_frontmatter(self, offset: int) -> tuple[int, int]:
        """File line and column of an offset into the frontmatter source."""
        if self._frontmatter_lines is None:
            self._frontmatter_lines = _newlines(self.frontmatter)
        return _locate(self._frontmatter_lines, FRONTMATTER_FIRST_LINE, offset)
