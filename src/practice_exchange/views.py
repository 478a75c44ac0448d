"""What each generated HTML block shows, as plain values: no markup, no escaping.

Pure functions build these from a case study and the taxonomy; the templates
in templates/ lay them out (html_templates.py renders, escaping every value).
The decisions of what a card says stay in card.py; here they become views with
their links resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from . import card
from . import catalogue as cat
from .escape import one_line
from .model import NOT_REPORTED, CaseStudy
from .taxonomy import Source, Taxonomy
from .wording import long_date

Href = Callable[[str], str]
"""A relative URL from the page being written to another docs file (pages.href, bound to the page)."""


@dataclass(frozen=True)
class Link:
    label: str
    href: str = ""
    """Empty: the label is shown as plain text (a term the taxonomy lacks)."""


@dataclass(frozen=True)
class When:
    """A date as written in a case study: `iso` is set when it is one, shown GOV.UK style in a <time>."""

    text: str
    iso: str = ""


@dataclass(frozen=True)
class Period:
    start: When | None
    end: When | None
    """None where the source does not say."""


@dataclass(frozen=True)
class SourceLine:
    publisher: str
    """Empty where the registry does not know: the card shows the source's title instead."""
    title: str
    published: When


@dataclass(frozen=True)
class HistoricEntry:
    term: Link
    note: str


@dataclass(frozen=True)
class QualityMark:
    framework: Link
    grades: tuple[str, ...]
    area: str
    inspected: When


@dataclass(frozen=True)
class CaseCard:
    summary: str
    historic: tuple[HistoricEntry, ...]
    sources: tuple[SourceLine, ...]
    roles: tuple[Link, ...]
    phases: tuple[Link, ...]
    themes: tuple[Link, ...]
    support: tuple[Link, ...]
    region: tuple[Link, ...]
    period: Period
    organisations: tuple[str, ...]
    evidence: Link
    evidence_description: str | None
    """None where the taxonomy does not know the label: the card then shows the value alone."""
    quality_mark: QualityMark | None
    reviewed: When
    review_due: When
    agreement: tuple[card.AgreementRow, ...]
    agreement_unreported: str
    """Set when the source gives no agreement field: one sentence naming them all replaces the rows."""
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class ListedCase:
    """A case in a listing, after its linked title: the finder's tag line (themes · phases · region ·
    source date · evidence)."""

    summary: str
    labels: str
    """Themes, phases (never empty: "Phase not reported") and region, joined with " · "."""
    source_date: When | None
    """When the newest dated source was published (the first source, "undated", if none is dated); None if the
    registry knows none of the case's sources."""
    evidence: str


@dataclass(frozen=True)
class Citation:
    text: str
    href: str = ""
    known: bool = True
    """False: the id is not in the source registry, and `text` is the id."""


@dataclass(frozen=True)
class GlossaryEntry:
    anchor: str
    label: str
    description: str
    historic: bool
    historic_note: str
    aliases: tuple[str, ...] = ()
    """Other words teachers use for the term (taxonomy.yml), shown as "Also called: ..."."""


_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_URL_SAFE = ":/?#@!$&'*+,;=%~"
"""Characters kept as they are in a source URL; spaces and brackets are %-encoded so the link holds."""


def reported(value: str) -> str:
    return "not reported" if value in ("", NOT_REPORTED) else value


def when(value: str) -> When:
    """'24 November 2026' for an ISO date; anything else ('c. 2012', 'undated') as written."""
    value = reported(value)
    if not _ISO_DATE.match(value):
        return When(value)
    return When(long_date(value), iso=value)


def period(start: str, end: str) -> Period:
    start, end = reported(start), reported(end)
    return Period(
        None if start == "not reported" else when(start),
        None if end == "not reported" else when(end),
    )


def term_links(facet: cat.Facet, values: Sequence[str], taxonomy: Taxonomy, term_href: Href) -> tuple[Link, ...]:
    """Labels linking to each term's page (term_href gets the term id); an id the taxonomy lacks stays text."""
    known = set(taxonomy.ids(facet.vocabulary))
    return tuple(
        Link(taxonomy.label(facet.vocabulary, value), term_href(value) if value in known else "") for value in values
    )


def newest_dated_source(study: CaseStudy, taxonomy: Taxonomy) -> Source | None:
    """The cited source published last, of those with a date; None when none is dated.

    Listings show its date, and the finder sorts and filters by it (search_records).
    Same-year dates of different precision compare as text the right way round ("2019" < "2019-05").
    """
    dated = [source for source in card.cited_sources(study, taxonomy) if _ISO_DATE.match(source.published)]
    return max(dated, key=lambda source: source.published, default=None)


def listed_case(study: CaseStudy, taxonomy: Taxonomy) -> ListedCase:
    sources = card.cited_sources(study, taxonomy)
    # The newest dated source, as the finder's date filter; a case with none shows its first ("undated").
    shown = newest_dated_source(study, taxonomy) or (sources[0] if sources else None)
    labels = [
        ", ".join(one_line(taxonomy.label("themes", value)) for value in study.themes),
        ", ".join(one_line(taxonomy.label("phases", value)) for value in study.phases) or "Phase not reported",
        one_line(taxonomy.label("regions", study.region)) if study.region not in ("", NOT_REPORTED) else "",
    ]
    return ListedCase(
        study.summary,
        " · ".join(label for label in labels if label),
        when(shown.published) if shown is not None else None,
        one_line(taxonomy.label("evidence", study.evidence)),
    )


def citations(study: CaseStudy, taxonomy: Taxonomy) -> tuple[Citation, ...]:
    out = []
    for source_id in study.sources:
        source = taxonomy.sources.get(source_id)
        if source is None:
            out.append(Citation(source_id, known=False))
            continue
        url = source.url
        # Only web addresses become links: a javascript: or data: URL in sources.yml must never reach an href.
        href = quote(url, safe=_URL_SAFE) if url.startswith(("https://", "http://")) else ""
        out.append(Citation(source.citation(), href))
    return tuple(out)


def case_card(
    study: CaseStudy,
    taxonomy: Taxonomy,
    href: Href,
    glossary_href: Callable[[str, str], str],
    term_href: Callable[[cat.Facet, str], str],
) -> CaseCard:
    """The card's values. `href` links to a docs file, `glossary_href(vocabulary, id)` to a glossary
    entry, `term_href(facet, id)` to a term's page, each relative to the case page."""
    evidence = taxonomy.term("evidence", study.evidence)
    historic = tuple(
        HistoricEntry(Link(term.label, glossary_href(vocabulary, term.id)), term.historic_note)
        for vocabulary, term in card.historic_terms(study, taxonomy)
    )
    sources = tuple(
        SourceLine(
            "" if source.publisher.strip() in ("", NOT_REPORTED) else source.publisher,
            source.title,
            when(source.published),
        )
        for source in card.cited_sources(study, taxonomy)
    )
    roles = tuple(
        Link(
            taxonomy.label("provider_roles", role),
            glossary_href("provider_roles", role) if taxonomy.allows("provider_roles", role) else "",
        )
        for role in study.provider_roles
    )
    agreement = card.agreement_rows(study)
    unreported = ""
    if not any(row.values for row in agreement):
        parts = [card.GAP_PHRASES[row.label] for row in agreement]
        unreported = ", ".join(parts[:-1]) + " or " + parts[-1]

    def terms(facet: cat.Facet, values: Sequence[str]) -> tuple[Link, ...]:
        return term_links(facet, values, taxonomy, lambda term_id: term_href(facet, term_id))

    return CaseCard(
        summary=study.summary,
        historic=historic,
        sources=sources,
        roles=roles,
        phases=terms(cat.PHASE, study.phases),
        themes=terms(cat.THEME, study.themes),
        support=terms(cat.SUPPORT, study.support),
        region=terms(cat.REGION, cat.REGION.values(study)),
        period=period(study.period_from, study.period_to),
        organisations=tuple(study.organisations),
        evidence=Link(evidence.label, href("about.md") + "#evidence-labels")
        if evidence
        else Link(study.evidence or "not reported"),
        evidence_description=evidence.description if evidence else None,
        quality_mark=_quality_mark(study, taxonomy, glossary_href),
        reviewed=when(study.reviewed),
        review_due=when(study.review_due),
        agreement=agreement,
        agreement_unreported=unreported,
        gaps=card.gaps(study),
    )


def _quality_mark(study: CaseStudy, taxonomy: Taxonomy, glossary_href: Callable[[str, str], str]) -> QualityMark | None:
    mark = study.quality_mark
    if mark is None:
        return None
    framework = taxonomy.term("frameworks", mark.framework)
    scale = {grade.id: grade.label for grade in framework.scale} if framework else {}
    name = (
        Link(framework.label, glossary_href("frameworks", framework.id))
        if framework is not None
        else Link(mark.framework)
    )
    return QualityMark(name, tuple(scale.get(grade, grade) for grade in mark.grades), mark.area, when(mark.date))


def glossary_entries(
    taxonomy: Taxonomy, vocabulary: str, anchor: Callable[[str, str], str]
) -> tuple[GlossaryEntry, ...]:
    return tuple(
        GlossaryEntry(
            anchor(vocabulary, term.id), term.label, term.description, term.historic, term.historic_note, term.aliases
        )
        for term in sorted(taxonomy.terms(vocabulary), key=lambda term: term.label.casefold())
    )


FINDER_NOT_REPORTED = "not-reported"
"""The finder's value for a case naming no phase, region or date (?phase=not-reported); the search
records' filters use the same (search_records.NOT_REPORTED_ID)."""

MATRIX_BANDS: tuple[tuple[int, str], ...] = ((1, "1"), (2, "2–3"), (4, "4–7"), (8, "8 or more"))
"""The matrix's shades: a count from each lower bound up to the next. Fixed bounds, so a shade means
the same on every build and the legend can say what it means."""


@dataclass(frozen=True)
class MatrixCell:
    count: int
    href: str
    """The finder with this cell's theme and phase applied; empty for an empty cell."""
    band: int
    """0 for an empty cell, else 1 + the index of its MATRIX_BANDS entry (the shade)."""
    description: str
    """What a screen reader adds after the number: "case studies on SEND in primary"."""


@dataclass(frozen=True)
class MatrixRow:
    theme: Link
    cells: tuple[MatrixCell, ...]
    """One per column of MatrixView.columns, in order; the last is "phase not reported"."""
    total: MatrixCell
    contribute: str
    """Where to contribute a case study (one link per row)."""
    found: tuple[tuple[str, MatrixCell], ...]
    """For the phone's list: each column with a case study, as (column label, cell)."""
    missing: str
    """For the phone's list: the phases with none yet, joined with commas ("" if none)."""


@dataclass(frozen=True)
class MatrixView:
    columns: tuple[str, ...]
    """The phase labels in taxonomy order, then "Phase not reported"."""
    rows: tuple[MatrixRow, ...]
    bands: tuple[str, ...]
    """The legend: the range of counts each shade stands for."""


def matrix_band(count: int) -> int:
    return sum(1 for lower, _ in MATRIX_BANDS if count >= lower)


def finder_query(theme: str, phase: str = "") -> str:
    """The finder's URL state for a theme and, optionally, a phase (find/?theme=<id>&phase=<id>)."""
    return f"?theme={quote(theme)}" + (f"&phase={quote(phase)}" if phase else "")


def matrix_view(
    studies: Sequence[CaseStudy],
    taxonomy: Taxonomy,
    finder: str,
    theme_href: Href,
    contribute: str,
) -> MatrixView:
    """Themes down, phases across, then the cases naming no phase, then each theme's total.

    `finder` is the finder page's URL from the matrix, `theme_href` links a theme id to its
    page. A case in two phases counts in both cells but once in the total, so a row's cells
    can add up to more than its total.
    """
    phases = taxonomy.terms("phases")
    pairs = cat.theme_phase_matrix(studies, taxonomy)
    totals = cat.build_index(studies, (cat.THEME,))[cat.THEME.key]
    counts = {pair: len(ids) for pair, ids in pairs.items()}
    for study in studies:
        if not study.phases:
            for theme_id in set(study.themes):
                key = (theme_id, FINDER_NOT_REPORTED)
                counts[key] = counts.get(key, 0) + 1

    def cell(count: int, theme: str, phase: str, where: str) -> MatrixCell:
        href = finder + finder_query(theme, phase) if count else ""
        noun = "case study" if count == 1 else "case studies"
        description = f"{noun} on {where}" if count else "no case study yet"
        return MatrixCell(count, href, matrix_band(count), description)

    columns = (*(phase.label for phase in phases), "Phase not reported")
    rows = []
    for theme in taxonomy.terms("themes"):
        cells = [
            cell(counts.get((theme.id, phase.id), 0), theme.id, phase.id, f"{theme.label}, {phase.label}")
            for phase in phases
        ]
        cells.append(
            cell(
                counts.get((theme.id, FINDER_NOT_REPORTED), 0),
                theme.id,
                FINDER_NOT_REPORTED,
                f"{theme.label}, phase not reported",
            )
        )
        # set(): a theme listed twice in one case (the checker reports it) still counts the case once.
        total = cell(len(set(totals.get(theme.id, ()))), theme.id, "", f"{theme.label}, all phases")
        found = tuple((label, c) for label, c in zip(columns, cells, strict=True) if c.count)
        missing = ", ".join(phase.label for phase, c in zip(phases, cells, strict=False) if not c.count)
        rows.append(MatrixRow(Link(theme.label, theme_href(theme.id)), tuple(cells), total, contribute, found, missing))
    return MatrixView(
        columns,
        tuple(rows),
        tuple(label for _, label in MATRIX_BANDS),
    )
