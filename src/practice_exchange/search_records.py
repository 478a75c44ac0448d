"""What the site's search indexes: one plain record per case page and per help page.

The SEARCH RECORD CONTRACT (SIGNALS.md, 2026-12-01 22:20): the site plugin
feeds these records to Pagefind through its Python API (site/pagefind.py),
and the finder page (assets/js) reads their filters, meta and sort. Nothing
here knows about MkDocs or Pagefind: records are plain values.

- A case's content is its own text: title, summary and body without its
  Sources section, the body as each of its words once (index_words): every
  word is found, and the index holds one entry per case for it, not one per
  use (at 10,000 synthetic cases the cases' chunk a query of "attendance"
  fetches is 31 KB instead of 162 KB; scripts/bench_index_shape.py). The finder shows a case's summary (meta),
  not Pagefind's excerpt of that list of words. Card labels, related practice, citations and the licence
  stay out, so a word matches the cases that use it, not every case that
  lists a neighbour using it (issue 12); so do the section headings every
  body has ("How the support was arranged" would make "support" match all).
- Filter values are ids, never labels; a case that names no phase or region,
  or cites no dated source, gets the value `not-reported`, which the finder
  shows as an option of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from . import catalogue as cat
from . import pages, render, views
from .model import REQUIRED_SECTIONS, CaseStudy
from .plain_text import plain_text
from .taxonomy import Taxonomy

CASE = "case"
HELP = "help"
"""A record's kind, and the finder's `type` filter: it lists help pages apart from case studies, never
among them. The kind is not a filter in the records: each kind has a Pagefind bundle of its own
(site/pagefind.BUNDLES) and finder.js gives every page of a bundle its type (Pagefind's mergeFilter),
so no first query fetches a filter index listing every case as a case."""

NOT_REPORTED_ID = views.FINDER_NOT_REPORTED
"""The filter value of a case silent on a facet (no phase, no region, no dated source)."""

NOT_REPORTED_LABELS: Mapping[str, str] = {
    cat.PHASE.key: "Phase not reported",
    cat.REGION.key: "Region not reported",
}
"""The facets a published case may leave empty, with the finder's words for it (as listings say it)."""

DATE = "date"
"""The filter and sort key of the newest cited source's publication date."""

DATE_BANDS: tuple[tuple[str, str], ...] = (
    ("2024-on", "2024 onwards"),
    ("2020-2023", "2020 to 2023"),
    ("2015-2019", "2015 to 2019"),
    ("2010-2014", "2010 to 2014"),
    ("before-2010", "Before 2010"),
    (NOT_REPORTED_ID, "Date not reported"),
)
"""The finder's date filter, newest first: (id, label)."""

_BAND_FROM: tuple[tuple[int, str], ...] = (
    (2024, "2024-on"),
    (2020, "2020-2023"),
    (2015, "2015-2019"),
    (2010, "2010-2014"),
)
"""The first year of each bounded band, newest first; anything earlier is before-2010."""

UNDATED_SORT = "0000-00-00"
"""The date sort key of a case with no dated source: last when sorting newest first."""

LANGUAGE = "en"

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class SearchRecord:
    """One Pagefind record (add_custom_record's arguments)."""

    url: str
    """The page's address from the site root ("/cases/<id>/"), as Pagefind's own crawler gives it."""
    content: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    language: str = LANGUAGE
    kind: str = CASE
    """CASE or HELP: which bundle the record goes to (the finder's `type`)."""


def site_url(uri: str, directory_urls: bool = True) -> str:
    """A docs file's address from the site root, the form of every record's url."""
    return "/" + pages.page_url(uri, directory_urls)


def newest_source_date(study: CaseStudy, taxonomy: Taxonomy) -> str:
    """The publication date (YYYY[-MM[-DD]]) of the case's newest dated source; "" when none is dated."""
    source = views.newest_dated_source(study, taxonomy)
    return source.published if source is not None else ""


def date_band(date: str) -> str:
    """The DATE_BANDS id of a YYYY[-MM[-DD]] date; not-reported for "" (or anything that is not a date)."""
    match = _ISO_DATE.match(date)
    if match is None:
        return NOT_REPORTED_ID
    year = int(match.group(1))
    for first, band in _BAND_FROM:
        if year >= first:
            return band
    return "before-2010"


def date_sort_key(date: str) -> str:
    """yyyy-mm-dd for sorting: a missing month or day is 00, so it sorts before dated ones of its year."""
    match = _ISO_DATE.match(date)
    if match is None:
        return UNDATED_SORT
    year, month, day = match.groups()
    return f"{year}-{month or '00'}-{day or '00'}"


def case_filters(study: CaseStudy, taxonomy: Taxonomy, date: str | None = None) -> dict[str, list[str]]:
    """Every facet of catalogue.FACETS (ids) and the date band; `date` as newest_source_date gives it."""
    filters: dict[str, list[str]] = {}
    for facet in cat.FACETS:
        values = list(facet.values(study))
        if not values and facet.key in NOT_REPORTED_LABELS:
            values = [NOT_REPORTED_ID]
        if values:
            filters[facet.key] = values
    filters[DATE] = [date_band(newest_source_date(study, taxonomy) if date is None else date)]
    return filters


def tagline(study: CaseStudy, taxonomy: Taxonomy) -> str:
    """The tag line every listing shows after a case's summary, as plain text.

    The values come from views.listed_case and are joined as
    templates/case_entry.html joins them (test_search_index compares the two
    on a built listing).
    """
    listed = views.listed_case(study, taxonomy)
    parts = [listed.labels]
    if listed.source_date is not None:
        parts.append(f"Source {listed.source_date.text}")
    if listed.evidence:
        parts.append(listed.evidence)
    return " · ".join(part for part in parts if part)


def case_record(
    study: CaseStudy, taxonomy: Taxonomy, body: render.Rendered | None = None, directory_urls: bool = True
) -> SearchRecord:
    """The search record of a published case's page.

    `body` is the body as the page shows it (pages.case_body(study), which the site build has
    already rendered, its plain text with it); without it the body is rendered here.
    """
    if body is None:
        body = pages.case_body(study)
    date = newest_source_date(study, taxonomy)
    summary = " ".join(study.summary.split())
    return SearchRecord(
        url=site_url(pages.case_uri(study.id), directory_urls),
        content=_join(study.title, summary, index_words(body_text(body.text))),
        filters=case_filters(study, taxonomy, date),
        meta={"title": study.title, "summary": summary, "tagline": tagline(study, taxonomy), "date": date},
        sort={DATE: date_sort_key(date), "title": study.title.casefold()},
    )


SECTION_HEADINGS = frozenset(REQUIRED_SECTIONS)
"""Every body has these headings: indexed, "support" or "school" would match every case through them."""


def body_text(text: str) -> str:
    """A rendered body's plain text (render.Rendered.text) as indexed: less the headings every case has."""
    return "\n".join(line for line in text.split("\n") if line not in SECTION_HEADINGS)


_WORD = re.compile(r"\w+(?:['’]\w+)*")


def index_words(text: str) -> str:
    """Each word of `text` once, casefolded, in the order it first appears (a word's later uses would each
    be one more entry in the word's index chunk, which a query fetches whole: a body of 470 words that
    says "attendance" 15 times made its chunk 153 KB at 10,000 cases)."""
    return " ".join(dict.fromkeys(word.casefold() for word in _WORD.findall(text)))


def help_record(url: str, title: str, content_html: str) -> SearchRecord:
    """The search record of a hand-written page (home, about, contributing, the references), of kind HELP:
    its title and its text as index words; its first paragraph is the summary the finder shows.

    The help pages' bundle is small, but every query fetches its chunk of the word: with the pages'
    text as they read, the chunk a query of "attendance" fetched was 35 KB; as index words, 19 KB.
    """
    lines = plain_text(content_html).split("\n")
    # The rendered content starts with the page's heading, usually the title itself.
    if lines and lines[0] == title:
        lines = lines[1:]
    first = _FIRST_PARAGRAPH.search(content_html)
    return SearchRecord(
        url=url,
        content=_join(title, index_words("\n".join(lines))),
        meta={"title": title, "summary": plain_text(first.group(0)) if first else ""},
        sort={DATE: UNDATED_SORT, "title": title.casefold()},
        kind=HELP,
    )


_FIRST_PARAGRAPH = re.compile(r"<p[\s>].*?</p>", re.DOTALL)


def finder_vocabulary(taxonomy: Taxonomy, studies: Sequence[CaseStudy] = ()) -> dict[str, list[dict[str, object]]]:
    """Every filter's options for the finder page, in the finder's order: facet key ->
    [{id, label, aliases, count}], each facet's terms in taxonomy order, then its not-reported
    value where a case may be silent; `date` holds DATE_BANDS.

    `count` is how many of `studies` (the published cases) carry that filter value: the
    finder shows these before any search, so that its first load fetches no search index.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for study in studies:
        for key, values in case_filters(study, taxonomy).items():
            counts.update((key, value) for value in values)
    vocabulary: dict[str, list[dict[str, object]]] = {}
    for facet in cat.FACETS:
        options: list[dict[str, object]] = [
            {"id": term.id, "label": term.label, "aliases": list(term.aliases)}
            for term in taxonomy.terms(facet.vocabulary)
        ]
        if facet.key in NOT_REPORTED_LABELS:
            options.append({"id": NOT_REPORTED_ID, "label": NOT_REPORTED_LABELS[facet.key], "aliases": []})
        vocabulary[facet.key] = options
    vocabulary[DATE] = [{"id": band, "label": label, "aliases": []} for band, label in DATE_BANDS]
    for key, options in vocabulary.items():
        for option in options:
            option["count"] = counts[(key, str(option["id"]))]
    return vocabulary


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)
