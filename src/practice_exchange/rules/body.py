"""PX2xx: the Markdown body, its sections and its links."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from ..document import Document
from ..findings import Finding, Severity
from ..model import PLACEHOLDER_MARK, REQUIRED_SECTIONS
from ..statuses import rules_for
from .context import CheckContext
from .registry import rule

_SECTION_LIST = "; ".join(f"'{s}'" for s in REQUIRED_SECTIONS)

MISSING_SECTION = rule(
    id="PX201",
    name="missing-section",
    severity=Severity.ERROR,
    summary="A required section heading is missing from the body.",
    explanation=(
        f"Every case study has the same level-two sections, in this order: {_SECTION_LIST}. "
        "Fixed sections let a teacher jump straight to what changed or what did not work, and make "
        "it plain when a source is silent."
    ),
    fix="Add the heading as `## <name>` with its text; where the source says nothing, write that it is not reported.",
    bad="## Context\n...\n## Sources\n(no 'What they did' section)",
    good="## Context\n...\n## What they did\n...\n## Sources",
    message="missing section '## {section}'; every case study has it",
)
SECTION_ORDER = rule(
    id="PX202",
    name="section-order",
    severity=Severity.WARNING,
    summary="The required sections are out of order.",
    explanation="Readers expect the same order on every case page, from context to how to try it, with sources last.",
    fix="Move the section named in the message so the headings follow the template's order.",
    bad="## Sources\n...\n## Context",
    good="## Context\n...\n## Sources",
    message="section '{section}' should come after '{earlier}'",
)
EMPTY_SECTION = rule(
    id="PX203",
    name="empty-section",
    severity=Severity.WARNING,
    summary="A required section has no text.",
    explanation=(
        "An empty section looks like a mistake. If the source reports nothing, say so: 'Not reported in the source.'"
    ),
    fix="Write the section, or one line saying the source does not report it.",
    bad="## Cautions and what did not work\n\n## How to try this in your school",
    good="## Cautions and what did not work\nnot reported\n\n## How to try this in your school",
    message="section '{section}' is empty; if the source is silent, say 'not reported'",
)
BROKEN_LINK = rule(
    id="PX204",
    name="broken-case-link",
    severity=Severity.ERROR,
    summary="A link points to a case study that does not exist.",
    explanation=(
        "Links between case studies use the other file's name, e.g. `[text](other-id.md)`. A link to a "
        "missing id would be a dead link on the site."
    ),
    fix="Check the id of the case study you meant (`practice report` lists them) and fix the link.",
    bad="See [the board](no-such-case.md).",
    good="See [the board](partner-councils.md).",
    message="link to '{target}': there is no case study with id '{case_id}'",
)
PLACEHOLDER = rule(
    id="PX205",
    name="placeholder-in-published",
    severity=Severity.ERROR,
    summary=f"A published case study still contains a {PLACEHOLDER_MARK} placeholder.",
    explanation=(
        f"`practice new` fills the template with {PLACEHOLDER_MARK} markers for the contributor to replace. "
        "Drafts may keep them; a published page must not show them."
    ),
    fix=f"Replace every {PLACEHOLDER_MARK} with real text from the source, or 'not reported'.",
    bad=f'---\nstatus: published\nsummary: "{PLACEHOLDER_MARK}: one or two sentences"\n---',
    good="---\nstatus: published\nsummary: Two councils share one SEND advisory team.\n---",
    message=f"replace the {PLACEHOLDER_MARK} placeholder before publishing",
)

# Starts with a literal newline (searched in "\n" + body) so the regex engine
# can skip to candidate lines instead of trying every position.
# The heading's text runs to the end of its line; the closing #s and blanks are
# stripped in Python (a lazy group before `[ \t]*#*[ \t]*` made a line of
# blanks cost time quadratic in its length).
_HEADING = re.compile(r"\n(#{1,6})[ \t]+([^\n]*)")
_NON_BLANK = re.compile(r"\S")
_FIRST_PLACEHOLDER_ON_LINE = re.compile(rf"^.*?({PLACEHOLDER_MARK})", re.MULTILINE)


def check_body(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    if doc.meta is None:
        return
    # Links are checked in the rendered body (rules/markup.py), which sees reference-style links too.
    # Headings are looked for in the body as written, not with ``` blocks blanked out: the
    # site's Markdown has no fenced code, so a heading between ``` lines is a heading there.
    headings = _headings(doc)
    yield from _check_sections(doc, headings)
    if rules_for(doc.meta.get("status")).finished:
        yield from _check_placeholders(doc)


def _headings(doc: Document) -> list[tuple[int, str, bool]]:
    """Each heading's line and text, with whether any text follows it before the next heading."""
    searched = "\n" + doc.body
    matches = list(_HEADING.finditer(searched))
    headings = []
    # Each heading's line is counted on from the one before (match.start() is the offset in the
    # body of its first #), rather than from an index of every newline that only findings need.
    line, counted = doc.body_line, 0
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(searched)
        has_text = _NON_BLANK.search(searched, match.end(), end) is not None
        text = match.group(2).rstrip(" \t").rstrip("#").rstrip(" \t")
        line += doc.body.count("\n", counted, match.start())
        counted = match.start()
        headings.append((line, text, has_text))
    return headings


_SECTION_KEYS = tuple((name.casefold(), name) for name in REQUIRED_SECTIONS)


def _check_sections(doc: Document, headings: list[tuple[int, str, bool]]) -> Iterator[Finding]:
    found: dict[str, tuple[int, bool]] = {}
    for line, text, has_text in headings:
        found.setdefault(text.casefold(), (line, has_text))
    present = [(found[key][0], name) for key, name in _SECTION_KEYS if key in found]
    if len(present) < len(_SECTION_KEYS):
        last_line = doc.body_line + doc.body.count("\n")
        for index, (key, name) in enumerate(_SECTION_KEYS):
            if key not in found:
                # Point at the next required section that is there: where this one belongs.
                following = [found[k][0] for k, _ in _SECTION_KEYS[index + 1 :] if k in found]
                line = min(following) if following else last_line
                yield MISSING_SECTION.at(doc.path, line, 1, section=name)
    for key, name in _SECTION_KEYS:
        if key in found and not found[key][1]:
            yield EMPTY_SECTION.at(doc.path, found[key][0], 1, section=name)
    for (earlier_line, earlier), (later_line, later) in itertools.pairwise(present):
        if later_line < earlier_line:
            yield SECTION_ORDER.at(doc.path, later_line, 1, section=later, earlier=earlier)
            break


def _check_placeholders(doc: Document) -> Iterator[Finding]:
    if PLACEHOLDER_MARK in doc.frontmatter:
        for match in _FIRST_PLACEHOLDER_ON_LINE.finditer(doc.frontmatter):
            line, col = doc.locate_frontmatter(match.start(1))
            yield PLACEHOLDER.at(doc.path, line, col)
    if PLACEHOLDER_MARK in doc.body:
        for match in _FIRST_PLACEHOLDER_ON_LINE.finditer(doc.body):
            line, col = doc.locate(match.start(1))
            yield PLACEHOLDER.at(doc.path, line, col)
