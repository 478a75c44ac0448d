"""Lists of case studies: a term's page, all case studies, related practice.

A case is listed on the page of each of its themes, phases, kinds of support
and region, on the page of all case studies and under related practice on
other cases' pages. Its entry reads the same everywhere but for the link, so
one CaseListing renders each entry once (at 1,000 cases, 11,000 listed entries
from 1,000 renderings).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from . import html_templates, views
from .model import CaseStudy
from .taxonomy import Taxonomy


class CaseListing:
    """Each case's entry rendered once, reused while the case is the same (pages.PageMemo keeps one
    listing between the preview's builds, for as long as the taxonomy is the same)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy
        self._entries: dict[str, tuple[CaseStudy, Markup]] = {}

    def html(self, studies: Sequence[CaseStudy], hrefs: Sequence[str], css: str) -> str:
        """The `<ul>` of `studies`, each title linked to its href."""
        items = [(href, study.title, self._entry(study)) for study, href in zip(studies, hrefs, strict=True)]
        return html_templates.render("case_list.html", items=items, css=css)

    def _entry(self, study: CaseStudy) -> Markup:
        known = self._entries.get(study.id)
        if known is not None and known[0] == study:
            return known[1]
        entry = Markup(html_templates.render("case_entry.html", item=views.listed_case(study, self._taxonomy)))
        self._entries[study.id] = (study, entry)
        return entry
