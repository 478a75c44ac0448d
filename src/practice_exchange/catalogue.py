"""Pure collection -> indexes: facets, the inverted index, related practice,
the theme x phase matrix and the downloadable JSON/CSV catalogue.

Nothing here knows about MkDocs (the site engine may change; the content
model must not): pages.py turns these values into Markdown and
site/plugin.py hands that Markdown to MkDocs.
"""

from __future__ import annotations

import csv
import io
import json
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .controls import without_controls
from .model import CASE_STUDY, NOT_REPORTED, CaseStudy, FieldSpec
from .taxonomy import Taxonomy
from .wording import long_date


@dataclass(frozen=True)
class Facet:
    """One way to slice the collection: a frontmatter field backed by a vocabulary."""

    key: str
    """The short name used in browse URLs (?theme=send) and the JSON catalogue."""
    field: str
    """The CaseStudy attribute holding the values: a field of the model with a vocabulary."""
    folder: str
    """Where its generated index pages live (themes/send.md); "" for none."""
    title: str
    """Heading of the index page, and the legend of the browse filter."""

    @cached_property
    def spec(self) -> FieldSpec:
        """The model's declaration of the field."""
        spec = CASE_STUDY.child(self.field)
        if spec is None or spec.vocabulary is None:
            raise ValueError(f"facet {self.key!r}: {self.field!r} is not a vocabulary field of the model")
        return spec

    @property
    def vocabulary(self) -> str:
        """The list in taxonomy.yml the values come from, as the model declares it for the field."""
        return self.spec.vocabulary or ""

    def record(self, study: CaseStudy) -> list[str] | str:
        """The facet's value in the catalogue: a list for a list field; a single field says 'not reported'
        where the model allows it and the case is silent."""
        raw = getattr(study, self.field)
        if isinstance(raw, tuple):
            return list(raw)
        return raw or (NOT_REPORTED if self.spec.not_reported else raw)

    def values(self, study: CaseStudy) -> tuple[str, ...]:
        raw = getattr(study, self.field)
        if isinstance(raw, str):
            return () if raw in ("", NOT_REPORTED) else (raw,)
        return tuple(raw)


THEME = Facet("theme", "themes", "themes", "Themes")
PHASE = Facet("phase", "phases", "phases", "Phases")
SUPPORT = Facet("support", "support", "support", "Kinds of support")
REGION = Facet("region", "region", "regions", "Regions")
EVIDENCE = Facet("evidence", "evidence", "", "Evidence")

FACETS: tuple[Facet, ...] = (THEME, PHASE, SUPPORT, REGION, EVIDENCE)
"""Every browse filter, in the order the browse page shows them."""

INDEXED_FACETS: tuple[Facet, ...] = (THEME, PHASE, SUPPORT, REGION)
"""The facets that get one generated page per term."""

RELATED_WEIGHTS: Mapping[str, int] = {"theme": 3, "support": 2, "phase": 1}
"""A shared theme says most about whether practice transfers, a shared kind of
support says how it was done, a shared phase least (many cases span phases)."""

RELATED_LIMIT = 4
CANDIDATE_WINDOW = 40
"""How many neighbours per term a case looks at when ranking related practice.

Scanning whole postings is quadratic once a theme holds a large share of the
collection. Small collections (postings up to this size) get the exact
answer; large ones rank a bounded set of candidates, so related practice
costs the same per case at 300 or 3,000 cases.
"""

Index = dict[str, dict[str, tuple[str, ...]]]
"""facet key -> term id -> ids of the case studies carrying it, sorted."""


def build_index(studies: Iterable[CaseStudy], facets: Sequence[Facet] = FACETS) -> Index:
    """The inverted index: for every facet and term, the cases that carry it."""
    postings: dict[str, dict[str, list[str]]] = {facet.key: {} for facet in facets}
    for study in sorted(studies, key=lambda s: s.id):
        for facet in facets:
            for value in facet.values(study):
                postings[facet.key].setdefault(value, []).append(study.id)
    return {key: {term: tuple(ids) for term, ids in terms.items()} for key, terms in postings.items()}


def related_practice(studies: Sequence[CaseStudy], limit: int = RELATED_LIMIT) -> dict[str, tuple[str, ...]]:
    """The `limit` most similar cases for each case, by weighted shared terms.

    Candidates come from the inverted index (never all pairs); each candidate
    is scored exactly, ties broken by id so the output is stable.
    """
    facets = tuple(facet for facet in FACETS if facet.key in RELATED_WEIGHTS)
    index = build_index(studies, facets)
    half = CANDIDATE_WINDOW // 2
    weighted: dict[str, set[tuple[str, str]]] = {
        study.id: {(facet.key, value) for facet in facets for value in facet.values(study)} for study in studies
    }
    result: dict[str, tuple[str, ...]] = {}
    for study in studies:
        candidates: set[str] = set()
        for key, value in weighted[study.id]:
            posting = index[key][value]
            if len(posting) <= CANDIDATE_WINDOW:
                candidates.update(posting)
            else:
                # The neighbours around this case's own place in the posting:
                # deterministic, and spread evenly over the collection.
                at = bisect_left(posting, study.id)
                candidates.update(posting[max(0, at - half) : at + half + 1])
        candidates.discard(study.id)
        mine = weighted[study.id]
        scores = Counter(
            {other: sum(RELATED_WEIGHTS[key] for key, _ in mine & weighted[other]) for other in candidates}
        )
        ranked = sorted((item for item in scores.items() if item[1] > 0), key=lambda item: (-item[1], item[0]))
        result[study.id] = tuple(other for other, _ in ranked[:limit])
    return result


Matrix = dict[tuple[str, str], tuple[str, ...]]


def theme_phase_matrix(studies: Iterable[CaseStudy], taxonomy: Taxonomy) -> Matrix:
    """Every (theme, phase) pair of the taxonomy with the ids of its cases; empty pairs too."""
    cells: dict[tuple[str, str], list[str]] = {
        (theme, phase): [] for theme in taxonomy.ids("themes") for phase in taxonomy.ids("phases")
    }
    for study in sorted(studies, key=lambda s: s.id):
        # dict.fromkeys: a value listed twice (which the checker reports) still counts the case once.
        for theme in dict.fromkeys(study.themes):
            for phase in dict.fromkeys(study.phases):
                if (theme, phase) in cells:
                    cells[(theme, phase)].append(study.id)
    return {pair: tuple(ids) for pair, ids in cells.items()}


def case_url(case_id: str, directory_urls: bool = True) -> str:
    """Where a case page ends up, relative to the site root."""
    return f"cases/{case_id}/" if directory_urls else f"cases/{case_id}.html"


def catalogue_record(study: CaseStudy, directory_urls: bool = True) -> dict[str, Any]:
    """One case study as the JSON catalogue and the browse page see it: plain, unescaped text.

    Consumers must treat every string as text (the browse page uses
    textContent); catalogue_json escapes <, > and & so the file is also safe
    to inline in HTML.
    """
    return {
        "id": study.id,
        "title": study.title,
        "summary": " ".join(study.summary.split()),
        "url": case_url(study.id, directory_urls),
        **{facet.key: facet.record(study) for facet in FACETS},
        "period": {"from": study.period_from, "to": study.period_to},
        "organisations": list(study.organisations),
        "sources": list(study.sources),
        "first_published": study.first_published,
        "reviewed": study.reviewed,
        "review_due": study.review_due,
    }


SCHEMA_VERSION = 2
"""Version of the catalogue's shape; raised whenever a field is renamed or removed (2: adds the header
fields and first_published)."""
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Practice Exchange contributors",
}
CATALOGUE_NOTES = "catalogue-readme.txt"
"""A plain-text sidecar for the CSV: a spreadsheet has nowhere to keep a licence or a date."""


def catalogue_data(
    studies: Iterable[CaseStudy], taxonomy: Taxonomy, directory_urls: bool = True, generated: str = ""
) -> dict[str, Any]:
    """The whole catalogue: its version, date and licence, each facet's terms (labels from the
    taxonomy) and every case. `generated` is the build's date, YYYY-MM-DD."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated": generated,
        "licence": LICENCE,
        "facets": [
            {
                "key": facet.key,
                "title": facet.title,
                "terms": [
                    {"id": term.id, "label": term.label, "description": term.description}
                    for term in taxonomy.terms(facet.vocabulary)
                ],
            }
            for facet in FACETS
        ],
        "cases": [
            {**catalogue_record(study, directory_urls), "source_published": _first_source_date(study, taxonomy)}
            for study in studies
        ],
    }


def _first_source_date(study: CaseStudy, taxonomy: Taxonomy) -> str:
    """When the case's first cited source was published (YYYY[-MM[-DD]] or 'undated'); listings show it."""
    for source_id in study.sources:
        if source_id in taxonomy.sources:
            return taxonomy.sources[source_id].published
    return ""


def catalogue_json(data: Mapping[str, Any]) -> str:
    """JSON with <, > and & as \\u escapes: same data once parsed, inert if ever inlined."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") + "\n"


CSV_COLUMNS = ("id", "title", "summary", "url", "theme", "phase", "support", "region", "evidence")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> str:
    """One CSV cell that a spreadsheet shows as text: one line, no control characters, no formula.

    Every CSV the project writes (catalogue.csv, `practice report --format csv`) goes through this.
    """
    text = "; ".join(str(item) for item in value) if isinstance(value, list) else str(value)
    # A line break inside a cell splits the row in some importers, turning the rest into a bare cell.
    text = without_controls(" ".join(text.split()))
    # Spreadsheets run a cell that starts with = + - @ as a formula; a leading
    # apostrophe keeps a hostile title as text when a curator opens the file.
    return "'" + text if text.startswith(_FORMULA_START) else text


def catalogue_csv(data: Mapping[str, Any]) -> str:
    """The CSV twin of the JSON catalogue: one row per case, list fields joined with '; '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in data["cases"]:
        writer.writerow([spreadsheet_cell(record[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def catalogue_notes(data: Mapping[str, Any]) -> str:
    """The CSV's sidecar: what the file is, its date, its licence and what each column holds.

    A header row of notes or "#" comments would break the first row for every
    spreadsheet and CSV reader, so this lives beside the file instead.
    """
    licence = data["licence"]
    return "\n".join(
        [
            "Practice Exchange catalogue (catalogue.csv and catalogue.json)",
            "",
            f"Schema version: {data['schema_version']}",
            f"Generated: {long_date(data['generated']) if data['generated'] else 'not recorded'}",
            f"Licence: {licence['name']} ({licence['url']}). Credit: {licence['attribution']}.",
            f"Case studies: {len(data['cases'])}",
            "",
            "Columns of catalogue.csv (lists are joined with '; '; ids are explained in catalogue.json's facets):",
            *[f"- {column}: {CSV_COLUMN_NOTES[column]}" for column in CSV_COLUMNS],
            "",
            "A cell starting with an apostrophe began with =, +, - or @; the apostrophe stops a spreadsheet",
            "running it as a formula.",
            "",
        ]
    )


CSV_COLUMN_NOTES = {
    "id": "permanent id of the case study; its page is cases/<id>/",
    "title": "title of the case study",
    "summary": "one or two sentences",
    "url": "address of its page, relative to the site",
    "theme": "theme ids",
    "phase": "phase ids",
    "support": "kinds of support, by id",
    "region": "region id, or 'not reported'",
    "evidence": "evidence label id",
}
