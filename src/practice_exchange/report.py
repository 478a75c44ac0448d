"""`practice report`: the state of the collection at a glance, for curators.

`loader.read_collection` reads the files; `build_report` is pure and returns a Report
value; the `render_*` functions turn it into lines of text, Markdown (to
paste into a GitHub issue), CSV (the theme x phase matrix, for a
spreadsheet) or JSON (everything). Nothing here prints.

The matrix counts published case studies only, because that is what readers
of the site can find; drafts are listed separately. A case study with two
themes and two phases counts once in each of its four cells, and once in
each theme's row total.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .catalogue import spreadsheet_cell
from .controls import json_safe, printable
from .model import CaseStudy
from .statuses import Status
from .taxonomy import Taxonomy, Term
from .wording import plural

FORMATS = ("text", "markdown", "csv", "json")
EMPTY_CELL = "-"


@dataclass(frozen=True)
class CaseRef:
    id: str
    title: str
    path: str
    status: str


@dataclass(frozen=True)
class ReviewDue:
    case: CaseRef
    review_due: dt.date
    days: int
    """Days from today to the due date; negative once overdue."""

    @property
    def when(self) -> str:
        if self.days < 0:
            return f"overdue by {-self.days} day{'s' if self.days != -1 else ''}"
        if self.days == 0:
            return "due today"
        return f"due in {self.days} day{'s' if self.days != 1 else ''}"


@dataclass(frozen=True)
class SourceUse:
    id: str
    citation: str
    registered: bool
    """False for an id that case studies cite but sources.yml does not list."""
    cases: tuple[CaseRef, ...]


@dataclass(frozen=True)
class Report:
    collection: str
    today: dt.date
    due_within: int
    themes: tuple[Term, ...]
    phases: tuple[Term, ...]
    counts: dict[tuple[str, str], int]
    theme_totals: dict[str, int]
    total: int
    published: int
    drafts: tuple[CaseRef, ...]
    archived: int
    reviews: tuple[ReviewDue, ...]
    sources: tuple[SourceUse, ...]
    unreadable: tuple[str, ...]

    def count(self, theme: str, phase: str) -> int:
        return self.counts.get((theme, phase), 0)

    @property
    def empty_cells(self) -> list[tuple[str, str]]:
        return [(t.id, p.id) for t in self.themes for p in self.phases if not self.count(t.id, p.id)]

    @property
    def horizon(self) -> dt.date:
        return self.today + dt.timedelta(days=self.due_within)


def _ref(study: CaseStudy) -> CaseRef:
    return CaseRef(study.id, study.title or study.id, study.path, study.status)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def build_report(
    studies: Iterable[CaseStudy],
    taxonomy: Taxonomy,
    today: dt.date,
    due_within: int = 60,
    collection: str = "practice",
    unreadable: Iterable[str] = (),
) -> Report:
    """Count, list and cross-reference; pure, so it is tested without files."""
    studies = sorted(studies, key=lambda s: (s.id, s.path))
    published = [s for s in studies if s.status == Status.PUBLISHED]
    counts: dict[tuple[str, str], int] = {}
    theme_totals: dict[str, int] = {}
    for study in published:
        for theme in dict.fromkeys(study.themes):
            theme_totals[theme] = theme_totals.get(theme, 0) + 1
            for phase in dict.fromkeys(study.phases):
                counts[(theme, phase)] = counts.get((theme, phase), 0) + 1
    horizon = today + dt.timedelta(days=due_within)
    reviews = []
    for study in published:
        due = _date(study.review_due)
        if due is not None and due <= horizon:
            reviews.append(ReviewDue(_ref(study), due, (due - today).days))
    reviews.sort(key=lambda r: (r.review_due, r.case.id))
    citing: dict[str, list[CaseRef]] = {source_id: [] for source_id in taxonomy.sources}
    for study in studies:
        if study.status == Status.ARCHIVED:
            continue
        for source_id in dict.fromkeys(study.sources):
            citing.setdefault(source_id, []).append(_ref(study))
    sources = tuple(
        SourceUse(
            source_id,
            taxonomy.sources[source_id].citation() if source_id in taxonomy.sources else "not in sources.yml",
            source_id in taxonomy.sources,
            tuple(cases),
        )
        for source_id, cases in citing.items()
    )
    return Report(
        collection=collection,
        today=today,
        due_within=due_within,
        themes=taxonomy.terms("themes"),
        phases=taxonomy.terms("phases"),
        counts=counts,
        theme_totals=theme_totals,
        total=len(studies),
        published=len(published),
        drafts=tuple(_ref(s) for s in studies if s.status == Status.DRAFT),
        archived=sum(1 for s in studies if s.status == Status.ARCHIVED),
        reviews=tuple(reviews),
        sources=sources,
        unreadable=tuple(sorted(unreadable)),
    )


def _headline(report: Report) -> str:
    parts = [f"{report.published} published", plural(len(report.drafts), "draft"), f"{report.archived} archived"]
    line = f"{plural(report.total, 'case study', 'case studies')}: {', '.join(parts)}"
    if report.unreadable:
        line += f"; {plural(len(report.unreadable), 'file')} could not be read (run `practice check`)"
    return line


def _empty_by_theme(report: Report) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for theme, phase in report.empty_cells:
        grouped.setdefault(theme, []).append(phase)
    return list(grouped.items())


def render_text(report: Report) -> list[str]:
    """A plain-text report for the terminal; phases are numbered columns with a key, to fit 80 columns."""
    lines = [f"Practice Exchange report for {report.collection} on {report.today.isoformat()}", _headline(report), ""]
    lines.append(f"Published case studies by theme and phase ({EMPTY_CELL} = none yet)")
    name_width = max(len(t.id) for t in report.themes)
    numbers = "".join(f"{n:>4}" for n in range(1, len(report.phases) + 1))
    lines.append(f"  {'':<{name_width}}{numbers}  cases")
    for theme in report.themes:
        cells = "".join(f"{report.count(theme.id, p.id) or EMPTY_CELL:>4}" for p in report.phases)
        lines.append(f"  {theme.id:<{name_width}}{cells}  {report.theme_totals.get(theme.id, 0):>5}")
    key = "Phases: " + ", ".join(f"{n} {p.id}" for n, p in enumerate(report.phases, 1))
    lines.extend(textwrap.wrap(key, 78, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False))
    lines.append("")
    lines.append(f"Empty cells: {len(report.empty_cells)} of {len(report.themes) * len(report.phases)}")
    for theme_id, phase_ids in _empty_by_theme(report):
        lines.append(f"  {theme_id}: {', '.join(phase_ids)}")
    lines.append("")
    lines.append(
        f"Reviews overdue or due by {report.horizon.isoformat()} (within {report.due_within} days): "
        f"{len(report.reviews)}"
    )
    for review in report.reviews:
        lines.append(f"  {review.review_due.isoformat()}  {review.when:<20}  {review.case.path}")
    lines.append("")
    lines.append(f"Drafts: {len(report.drafts)}")
    for draft in report.drafts:
        lines.append(f"  {draft.path}  {draft.title}")
    lines.append("")
    lines.append("Sources and the case studies that cite them")
    for source in report.sources:
        flag = "" if source.registered else " (NOT IN sources.yml)"
        lines.append(f"  {source.id}{flag}: {plural(len(source.cases), 'case study', 'case studies')}")
        for case in source.cases:
            status = "" if case.status == "published" else f" ({case.status})"
            lines.append(f"    {case.id}{status}")
    if report.unreadable:
        lines.append("")
        lines.append("Files that could not be read (run `practice check` for details)")
        lines.extend(f"  {path}" for path in report.unreadable)
    # Titles, ids and paths come from case files: none may send a control sequence to the terminal.
    return [printable(line) for line in lines]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~@])")


def _md(text: str) -> str:
    """Escape text for Markdown, including @ and # so a pasted report pings no one and links no issue."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(" ".join(text.split())))


_BACKTICKS = re.compile(r"`+")


def _code(text: str) -> str:
    """A code span that holds `text` whatever it contains: a file name with back-ticks cannot end it early.

    The fence is one back-tick longer than the longest run inside (CommonMark), | is escaped so a
    table cell holds, and control characters are shown rather than pasted.
    """
    text = printable(" ".join(text.split())).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_markdown(report: Report) -> list[str]:
    """A report to paste into a GitHub issue: headings, one table, task lists for reviews."""
    lines = [f"## Practice Exchange report, {report.today.isoformat()}", "", _md(_headline(report)), ""]
    lines.append("### Published case studies by theme and phase")
    lines.append("")
    lines.append("| Theme | " + " | ".join(_md(p.label) for p in report.phases) + " | Cases |")
    lines.append("|---|" + "---:|" * (len(report.phases) + 1))
    for theme in report.themes:
        cells = " | ".join(str(report.count(theme.id, p.id) or EMPTY_CELL) for p in report.phases)
        lines.append(f"| {_md(theme.label)} | {cells} | {report.theme_totals.get(theme.id, 0)} |")
    lines.append("")
    size = len(report.themes) * len(report.phases)
    lines.append(f"{len(report.empty_cells)} of {size} cells are empty ({EMPTY_CELL}): no case study yet.")
    lines.append("")
    lines.append(
        f"### Reviews overdue or due by {report.horizon.isoformat()} (within {report.due_within} days): "
        f"{len(report.reviews)}"
    )
    lines.append("")
    if not report.reviews:
        lines.append("None.")
    for review in report.reviews:
        lines.append(
            f"- [ ] {_code(review.case.path)}: {_md(review.case.title)}, "
            f"review due {review.review_due.isoformat()} ({review.when})"
        )
    lines.append("")
    lines.append(f"### Drafts: {len(report.drafts)}")
    lines.append("")
    if not report.drafts:
        lines.append("None.")
    lines.extend(f"- {_code(draft.path)}: {_md(draft.title)}" for draft in report.drafts)
    lines.append("")
    lines.append("### Sources and the case studies that cite them")
    lines.append("")
    lines.append("| Source | Cited by |")
    lines.append("|---|---|")
    for source in report.sources:
        name = _code(source.id) + ("" if source.registered else " **not in sources.yml**")
        cited = ", ".join(
            _code(case.id) + ("" if case.status == "published" else f" ({case.status})") for case in source.cases
        )
        lines.append(f"| {name} | {cited or 'not cited'} |")
    if report.unreadable:
        lines.append("")
        lines.append("### Files that could not be read")
        lines.append("")
        lines.extend(f"- {_code(path)}" for path in report.unreadable)
    return lines


def render_csv(report: Report) -> list[str]:
    """The theme x phase matrix of published case studies, with ids as headers; 0 marks an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rows: list[list[object]] = [["theme", *(p.id for p in report.phases), "cases"]]
    for theme in report.themes:
        rows.append(
            [theme.id, *(report.count(theme.id, p.id) for p in report.phases), report.theme_totals.get(theme.id, 0)]
        )
    # Every cell, headers too: taxonomy ids come from a contributed file.
    writer.writerows([[spreadsheet_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue().rstrip("\n").split("\n")


def _case(case: CaseRef) -> dict[str, str]:
    return {"id": case.id, "title": case.title, "path": case.path, "status": case.status}


def report_data(report: Report) -> dict[str, Any]:
    """Everything in the report as JSON-ready data (dates as ISO strings)."""
    return {
        "collection": report.collection,
        "today": report.today.isoformat(),
        "due_within_days": report.due_within,
        "totals": {
            "case_studies": report.total,
            "published": report.published,
            "drafts": len(report.drafts),
            "archived": report.archived,
            "unreadable": len(report.unreadable),
        },
        "matrix": {
            "themes": [t.id for t in report.themes],
            "phases": [p.id for p in report.phases],
            "counts": {t.id: {p.id: report.count(t.id, p.id) for p in report.phases} for t in report.themes},
            "theme_totals": {t.id: report.theme_totals.get(t.id, 0) for t in report.themes},
            "empty_cells": [{"theme": theme, "phase": phase} for theme, phase in report.empty_cells],
        },
        "reviews": [
            {
                **_case(review.case),
                "review_due": review.review_due.isoformat(),
                "days": review.days,
                "overdue": review.days < 0,
            }
            for review in report.reviews
        ],
        "drafts": [_case(draft) for draft in report.drafts],
        "sources": [
            {
                "id": source.id,
                "citation": source.citation,
                "registered": source.registered,
                "cases": [case.id for case in source.cases],
            }
            for source in report.sources
        ],
        "unreadable": list(report.unreadable),
    }


def render_json(report: Report) -> list[str]:
    return json_safe(json.dumps(report_data(report), indent=2, ensure_ascii=False)).split("\n")


RENDERERS = {"text": render_text, "markdown": render_markdown, "csv": render_csv, "json": render_json}
