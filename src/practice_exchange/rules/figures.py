"""PX306: every figure a published case prints comes from its sources' notes.

Numbers are where retelling goes wrong: a rounded total, a year moved by
one, a percentage from another school. The source registry holds the facts
each page states, so a figure in a case's summary or body that appears in
none of its cited sources' notes is either unsupported or missing from the
notes; either way a curator must look.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..document import Document
from ..findings import Finding, Severity
from ..model import PLACEHOLDER_MARK
from ..statuses import rules_for
from ..taxonomy import Source
from .context import CheckContext
from .registry import rule
from .scan import may_hold_decimal_digit

FIGURE_NOT_IN_SOURCES = rule(
    id="PX306",
    name="figure-not-in-sources",
    severity=Severity.WARNING,
    summary="A number in a published case study is not in the notes of any source it cites.",
    explanation=(
        "A case study may state only what its sources state, and numbers (counts, percentages, sums of "
        "money, years) are what a retelling most often gets wrong. Each source in sources.yml lists the "
        "facts the page states; every figure in a case's summary and body must appear in the notes, title"
        " or date of a source the case cites. Figures are compared as numbers: '£600,000' matches "
        "'600,000'."
    ),
    fix=(
        "If the source states the figure, add it to that source's notes in sources.yml; if it does not, "
        "take the figure out of the case study or write 'not reported'."
    ),
    bad="summary: Twelve schools took part in 2019.   # 2019 is in no cited source's notes",
    good="summary: Twelve schools took part in 2019.   # a cited source's notes say 'twelve schools' and '2019'",
    message=(
        "'{figure}' is not in the notes of any source this case cites ({sources}); "
        "add it to the notes if the source states it, or take it out"
    ),
)

# A figure: digits with thousands commas and decimals. Each part is a single
# character class, so matching is linear; it starts with a digit so the
# engine's fast scan finds candidates, and the character before is judged in
# Python (digits inside a word, such as "KS2" or "A4", are not figures).
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Link targets and bare addresses are not prose: their digits are paths.
_ADDRESS = re.compile(r"\]\([^)\s]*\)|https?://[^\s)>\]]+")


def _value(figure: str) -> str:
    """A figure as a plain number: '£1,800' and '1800' and '01' and '1' compare equal."""
    digits = figure.lstrip("£").rstrip(",.").replace(",", "")
    whole, _, fraction = digits.partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def figures_in(text: str) -> Iterator[tuple[int, str]]:
    """(offset, figure as written) for each figure in prose, skipping link targets and addresses."""
    if not may_hold_decimal_digit(text):
        return
    blanked = _ADDRESS.sub(lambda match: " " * len(match.group()), text) if "](" in text or "http" in text else text
    for match in _FIGURE.finditer(blanked):
        start = match.start()
        before = blanked[start - 1] if start else " "
        if before.isalnum() or before in "._":
            continue
        if before == "£":
            start -= 1
        yield start, blanked[start : match.end()].rstrip(",.")


def supported_figures(sources: Iterable[Source]) -> frozenset[str]:
    """Every figure the given sources state, in their notes, titles and dates."""
    return _stated_by_all(tuple(sources))


@lru_cache(maxsize=4096)
def _stated_by_all(sources: tuple[Source, ...]) -> frozenset[str]:
    # Most cases cite one or two sources, and many cite the same ones: join each citation's sets once.
    values: set[str] = set()
    for source in sources:
        values |= _stated_by(source)
    return frozenset(values)


@lru_cache(maxsize=4096)
def _stated_by(source: Source) -> frozenset[str]:
    # Thousands of cases cite the same few sources: read each source's figures once.
    texts = (*source.notes, source.title, source.published_note, source.published.replace("-", " "))
    return frozenset(_value(figure) for text in texts for _, figure in figures_in(text))


def check_figures(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    meta = doc.meta
    if meta is None or not rules_for(meta.get("status")).finished:
        return
    cited = meta.get("sources")
    if not isinstance(cited, list):
        return
    sources = [ctx.taxonomy.sources[item] for item in cited if isinstance(item, str) and item in ctx.taxonomy.sources]
    if not sources:
        return  # PX110/PX111 already say the case cites nothing usable
    supported = supported_figures(sources)
    names = ", ".join(source.id for source in sources)
    reported: set[str] = set()
    # (where, figure): where is the summary's key, or an offset into the body, located only if reported.
    places: list[tuple[tuple[int, int] | int, str]] = []
    summary = meta.get("summary")
    if isinstance(summary, str) and PLACEHOLDER_MARK not in summary:
        summary_at = doc.position(("summary",))
        places += [(summary_at, figure) for _, figure in figures_in(summary)]
    body = doc.body
    if PLACEHOLDER_MARK in body:
        # A line still holding a placeholder is PX205's to report; its guidance text is not a claim.
        body = "\n".join(" " * len(line) if PLACEHOLDER_MARK in line else line for line in body.split("\n"))
    places += figures_in(body)
    for where, figure in places:
        value = _value(figure)
        if value in supported or value in reported:
            continue
        reported.add(value)
        line, col = doc.locate(where) if isinstance(where, int) else where
        yield FIGURE_NOT_IN_SOURCES.at(doc.path, line, col, figure=figure, sources=names)
