"""PX2xx: the Markdown body, its sections and its links."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from ..findings import Finding, Severity
from ..loader import Document
from ..model import PLACEHOLDER_MARK, REQUIRED_SECTIONS
from .context import CheckContext
from .registry import rule

E, W = Severity.ERROR, Severity.WARNING

_SECTION_LIST = "; ".join(f"'{s}'" for s in REQUIRED_SECTIONS)

MISSING_SECTION = rule(
    "PX201",
    "missing-section",
    E,
    "A required section heading is missing from the body.",
    f"Every case study has the same level-two sections, in this order: {_SECTION_LIST}. "
    "Fixed sections let a teacher jump straight to what changed or what did not work, and make "
    "it plain when a source is silent.",
    "Add the heading as `## <name>` with its text; where the source says nothing, write that it is not reported.",
    "## Context\n...\n## Sources\n(no 'What they did' section)",
)
SECTION_ORDER = rule(
    "PX202",
    "section-order",
    W,
    "The required sections are out of order.",
    "Readers expect the same order on every case page, from context to how to try it, with sources last.",
    "Move the section named in the message so the headings follow the template's order.",
    "## Sources\n...\n## Context",
)
EMPTY_SECTION = rule(
    "PX203",
    "empty-section",
    W,
    "A required section has no text.",
    "An empty section looks like a mistake. If the source reports nothing, say so: 'Not reported in the source.'",
    "Write the section, or one line saying the source does not report it.",
    "## Cautions and what did not work\n\n## How to try this in your school",
)
BROKEN_LINK = rule(
    "PX204",
    "broken-case-link",
    E,
    "A link points to a case study that does not exist.",
    "Links between case studies use the other file's name, e.g. `[text](other-id.md)`. "
    "A link to a missing id would be a dead link on the site.",
    "Check the id of the case study you meant (`practice report` lists them) and fix the link.",
    "See [the board](no-such-case.md).",
)
PLACEHOLDER = rule(
    "PX205",
    "placeholder-in-published",
    E,
    f"A published case study still contains a {PLACEHOLDER_MARK} placeholder.",
    f"`practice new` fills the template with {PLACEHOLDER_MARK} markers for the contributor to replace. "
    "Drafts may keep them; a published page must not show them.",
    f"Replace every {PLACEHOLDER_MARK} with real text from the source, or 'not reported'.",
    f'---\nstatus: published\nsummary: "{PLACEHOLDER_MARK}: one or two sentences"\n---',
)

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def check_body(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    if doc.meta is None:
        return
    headings: list[tuple[int, str]] = []
    content_after: dict[int, bool] = {}
    for number, line in doc.prose_lines():
        match = _HEADING.match(line)
        if match:
            headings.append((number, match.group(2)))
            content_after[number] = False
        elif line.strip() and headings:
            content_after[headings[-1][0]] = True
        for link in _LINK.finditer(line):
            yield from _check_link(doc, ctx, number, link.start(1) + 1, link.group(1))
    yield from _check_sections(doc, headings, content_after)
    if doc.meta.get("status") == "published":
        yield from _check_placeholders(doc)


def _check_link(doc: Document, ctx: CheckContext, line: int, col: int, target: str) -> Iterator[Finding]:
    if _EXTERNAL.match(target):
        return
    path = target.split("#", 1)[0]
    if not path.endswith(".md"):
        return
    case_id = path.rsplit("/", 1)[-1].removesuffix(".md")
    if case_id not in ctx.case_ids:
        yield BROKEN_LINK.at(doc.path, line, col, f"link to '{target}': there is no case study with id '{case_id}'")


def _check_sections(
    doc: Document, headings: list[tuple[int, str]], content_after: dict[int, bool]
) -> Iterator[Finding]:
    wanted = {name.casefold(): name for name in REQUIRED_SECTIONS}
    found: dict[str, int] = {}
    for number, text in headings:
        key = text.casefold()
        if key in wanted and key not in found:
            found[key] = number
    last_line = doc.body_line + doc.body.count("\n")
    for index, name in enumerate(REQUIRED_SECTIONS):
        key = name.casefold()
        if key in found:
            if not content_after.get(found[key], False):
                yield EMPTY_SECTION.at(
                    doc.path, found[key], 1, f"section '{name}' is empty; if the source is silent, say 'not reported'"
                )
            continue
        following = [found[k.casefold()] for k in REQUIRED_SECTIONS[index + 1 :] if k.casefold() in found]
        line = min(following) if following else last_line
        yield MISSING_SECTION.at(doc.path, line, 1, f"missing section '## {name}'; every case study has it")
    order = [found[name.casefold()] for name in REQUIRED_SECTIONS if name.casefold() in found]
    for position, (earlier, later) in enumerate(itertools.pairwise(order)):
        if later < earlier:
            present = [n for n in REQUIRED_SECTIONS if n.casefold() in found]
            yield SECTION_ORDER.at(
                doc.path,
                later,
                1,
                f"section '{present[position + 1]}' should come after '{present[position]}'",
            )
            break


def _check_placeholders(doc: Document) -> Iterator[Finding]:
    for line, col, text in doc.text_values():
        if PLACEHOLDER_MARK in text:
            yield PLACEHOLDER.at(doc.path, line, col, f"replace the {PLACEHOLDER_MARK} placeholder before publishing")
    for line, text in doc.body_lines():
        index = text.find(PLACEHOLDER_MARK)
        if index >= 0:
            yield PLACEHOLDER.at(
                doc.path, line, index + 1, f"replace the {PLACEHOLDER_MARK} placeholder before publishing"
            )
