"""Pure catalogue -> Markdown: every generated page of the site, as text.

Escaping rule: every string that came from a case study or a vocabulary goes
through escape.text() (inline Markdown) or escape.attr() (page metadata,
which Material prints into HTML unescaped), or is a value in a template
(templates/, rendered with autoescape by html_templates.py). Links written
in Markdown point at .md files, so `mkdocs build --strict` checks them; the
generated blocks that are raw HTML for speed (case cards, citations, case
listings) get their URLs from href(), which mirrors how MkDocs maps a docs
file to a URL, and the site tests check they resolve.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from . import catalogue as cat
from . import feeds, html_templates, render, views
from .escape import attr, html_text, text
from .listing import CaseListing
from .model import CaseStudy
from .plain_text import plain_text
from .taxonomy import Taxonomy, Term
from .wording import plural

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CONTRIBUTING = "contributing.md"
ABOUT = "about.md"
BROWSE = "browse.md"
MATRIX = "matrix.md"
SEARCH = "search.md"
FIND = "find.md"
"""The finder: query, filters and sort in its URL (?q=..&theme=a,b&phase=..); the matrix links into it."""
ALL_CASES = "cases/index.md"
GLOSSARY = "glossary.md"
ACCESSIBILITY = "accessibility.md"
CATALOGUE_JSON = "catalogue.json"
CATALOGUE_CSV = "catalogue.csv"


def link(from_uri: str, to_uri: str) -> str:
    """A relative link between two docs files, as MkDocs resolves Markdown links."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def front_matter(**meta: object) -> str:
    """YAML frontmatter; each value is JSON, which YAML reads back verbatim."""
    lines = [f"{key}: {json.dumps(value)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def case_uri(case_id: str) -> str:
    return f"cases/{case_id}.md"


def term_uri(facet: cat.Facet, term_id: str) -> str:
    return f"{facet.folder}/{term_id}.md"


def facet_uri(facet: cat.Facet) -> str:
    return f"{facet.folder}/index.md"


def page_url(uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a docs file, relative to the site root."""
    stem = uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/" if directory_urls else f"{stem}.html"


def href(from_uri: str, to_uri: str, directory_urls: bool = True) -> str:
    """A relative URL between two built pages, for links written as raw HTML."""
    source = page_url(from_uri, directory_urls)
    target = page_url(to_uri, directory_urls)
    relative = _relpath(target or ".", posixpath.dirname(source) or ".")
    if relative == ".":
        return "./"
    return relative + "/" if target.endswith("/") else relative


def file_href(from_uri: str, path: str, directory_urls: bool = True) -> str:
    """A relative URL from a built page to a file the site copies as it is (catalogue.json)."""
    return _relpath(path, posixpath.dirname(page_url(from_uri, directory_urls)) or ".")


HTML_START = "<!-- px:html -->"
HTML_END = "<!-- /px:html -->"


def html_block(markup: str) -> str:
    """A raw HTML block, fenced by comments so the site plugin can set it aside while
    Markdown converts the page and put it back afterwards: neither Markdown nor MkDocs
    then parses the generated markup. Without the plugin it is an ordinary raw HTML block."""
    return f"{HTML_START}\n{markup}\n{HTML_END}"


def _relpath(target: str, start: str) -> str:
    """posixpath.relpath for the clean relative paths page_url() makes (no "..", no "//").

    posixpath.relpath normalises and absolutises both paths first, which made it
    the dearest part of writing twenty links per case page.
    """
    to_parts = [part for part in target.split("/") if part not in ("", ".")]
    from_parts = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    for a, b in zip(to_parts, from_parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


def by_title(studies: Sequence[CaseStudy]) -> list[CaseStudy]:
    """Listings read as an index: by title, ignoring case, then by id so the order is stable."""
    return sorted(studies, key=lambda study: (study.title.casefold(), study.id))


def case_list_html(
    studies: Sequence[CaseStudy],
    from_uri: str,
    taxonomy: Taxonomy,
    directory_urls: bool = True,
    css: str = "px-list",
    listing: CaseListing | None = None,
) -> str:
    """A list of cases as a raw HTML block: linked title, the summary, then the tag line. Listings
    (a theme can hold thousands of cases) then skip Markdown's inline parsing. site_files() passes
    one `listing` for the whole build, so each case's entry is rendered once."""
    return html_block(_case_list(studies, from_uri, taxonomy, directory_urls, css, listing))


def _case_list(
    studies: Sequence[CaseStudy],
    from_uri: str,
    taxonomy: Taxonomy,
    directory_urls: bool,
    css: str,
    listing: CaseListing | None,
) -> str:
    """case_list_html's list, unfenced: a case page puts it inside its own one block."""
    hrefs = [href(from_uri, case_uri(study.id), directory_urls) for study in studies]
    return (listing or CaseListing(taxonomy)).html(studies, hrefs, css)


def glossary_href(from_uri: str, vocabulary: str, term_id: str, directory_urls: bool = True) -> str:
    """Where the glossary explains a role or structure (anchors are written by glossary_page)."""
    return href(from_uri, GLOSSARY, directory_urls) + "#" + glossary_anchor(vocabulary, term_id)


GLOSSARY_SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("provider_roles", "role", "Who gives support", "The people and bodies the accounts name as giving support."),
    ("frameworks", "framework", "Inspection frameworks", "The inspection grades a quality mark can rely on."),
    ("themes", "theme", "Themes", "What the practice was about."),
    ("phases", "phase", "Phases", "The phases of education, with the key stages and other names teachers use."),
    ("support", "support", "Kinds of support", "How one school or body helped another."),
    ("regions", "region", "Regions", "Where in England the practice took place."),
)
"""The glossary's sections: vocabulary, anchor prefix, heading, one line of introduction. Cards link to the
first two by anchor; the others are there for their other names ("Also called")."""


def glossary_anchor(vocabulary: str, term_id: str) -> str:
    prefix = next((section[1] for section in GLOSSARY_SECTIONS if section[0] == vocabulary), "framework")
    return f"{prefix}-{term_id}"


def _card(study: CaseStudy, taxonomy: Taxonomy, directory_urls: bool = True) -> str:
    """The summary card's HTML (case_page puts the whole page in one raw HTML block)."""
    uri = case_uri(study.id)
    view = views.case_card(
        study,
        taxonomy,
        href=lambda to_uri: href(uri, to_uri, directory_urls),
        glossary_href=lambda vocabulary, term_id: glossary_href(uri, vocabulary, term_id, directory_urls),
        term_href=lambda facet, term_id: href(uri, term_uri(facet, term_id), directory_urls),
    )
    return html_templates.render("card.html", card=view)


def _citations(study: CaseStudy, taxonomy: Taxonomy) -> str:
    """The full citations as an HTML list."""
    return html_templates.render("citations.html", citations=views.citations(study, taxonomy))


def case_links(from_uri: str, published: Collection[str], directory_urls: bool = True) -> render.LinkMap:
    """How the build rewrites a body's links (render.LinkMap): to a built page, a prefixed section, or text.

    A link to a case study not on the site (a draft, a missing id) becomes its
    text: `practice check` reports a missing one, a link to a draft is legal,
    and neither may leave a dead link on the page.
    """

    def rewrite(url: str) -> str | None:
        kind, _ = render.classify_url(url)
        if kind is render.UrlKind.FRAGMENT:
            return "#" + render.prefixed_fragment(render.browser_url(url)[1:])
        if kind is not render.UrlKind.CASE:
            return url
        case_id, fragment = render.case_target(url)
        if case_id not in published:
            return None
        section = "#" + render.prefixed_fragment(fragment) if fragment else ""
        return href(from_uri, case_uri(case_id), directory_urls) + section

    return rewrite


def case_body(study: CaseStudy, published: Collection[str] = (), directory_urls: bool = True) -> render.Rendered:
    """The contributor's body as the site shows it: rendered (render.py), links rewritten, sanitised."""
    # The page prints the registry's citations as its one Sources section (without_sources_section).
    return body_html(study.id, without_sources_section(study.body), published, directory_urls)


def body_html(case_id: str, body: str, published: Collection[str], directory_urls: bool) -> render.Rendered:
    """case_body() from the text it renders: all the output depends on, bar the code's and libraries' versions.

    render_cache.py keys on exactly these arguments; of `published` the link map asks
    only membership, of the ids the body links to (the cache records which).
    """
    # The body exactly as the checker renders it: stripping it would turn leading indented code into text.
    rendered = render.render_body(body, case_links(case_uri(case_id), published, directory_urls))
    clean = render.sanitise(rendered.html)
    rendered.sanitised = render.removed_markup(rendered.html, clean)
    rendered.html = clean
    rendered.text = plain_text(clean)
    return rendered


PAGE_TITLE_ID = "px-title"
"""The id of every generated page's title: a title made from contributed text must not choose its own id."""
SOURCES_ID = "sources"
RELATED_ID = "related-practice"
"""The case page's own two headings: the card and the print style sheet link to these ids."""


PAGE_CLASSES: Mapping[str, frozenset[str]] = {"h2": frozenset({"px-no-print"})}
"""The classes a generated page's own Markdown gives its headings: all the sanitiser adds to a body's allowlist."""


def _title(value: str) -> str:
    return f"# {text(value)} {{: #{PAGE_TITLE_ID} }}\n\n"


@functools.lru_cache(maxsize=64)  # Sources and Related practice, on every case page
def heading_html(level: int, title: str, anchor: str, css: str = "") -> str:
    """A heading of a case page, which case_page writes as HTML (templates/heading.html says why)."""
    return html_templates.render("heading.html", level=level, title=title, anchor=anchor, css=css)


def toc_token(level: int, title: str, anchor: str, children: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """A heading as Markdown's toc extension lists it (the site's table of contents is made from these):
    the name is HTML, escaped as heading_html escapes the heading."""
    return {"level": level, "id": anchor, "name": html_text(title), "children": list(children)}


def case_toc(study: CaseStudy, body_tokens: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A case page's table of contents: the title, holding the body's headings, then Sources and
    Related practice (case_page writes them all as HTML, so the page's Markdown lists none)."""
    own = [toc_token(2, "Sources", SOURCES_ID), toc_token(2, "Related practice", RELATED_ID)]
    return [toc_token(1, study.title, PAGE_TITLE_ID, [*body_tokens, *own])]


_SOURCES_SECTION = re.compile(r"^## Sources[ \t]*\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)


def without_sources_section(body: str) -> str:
    """The body less its own '## Sources' section: the page prints one Sources section, the
    generated, linked citations, in its place. The contributor's section names each source by
    title for reviewers of the file (test_collection_coverage checks it); on the page the
    registry's full citation, with its link and date, says the same and more."""
    return _SOURCES_SECTION.sub("", body).rstrip()


def case_page(
    study: CaseStudy,
    taxonomy: Taxonomy,
    related: Sequence[CaseStudy],
    published: Collection[str] = (),
    directory_urls: bool = True,
    rendered: render.Rendered | None = None,
    listing: CaseListing | None = None,
) -> str:
    """A case page: summary card, the contributor's body, one Sources section, related practice, licence.

    `published` holds the ids on the site; body links to any other case become plain text.
    The body is rendered and sanitised by case_body() (or passed in as `rendered`) and goes
    on the page as a raw HTML block, like the generated blocks (escaped here): the page's
    own Markdown is the title and two headings, none of it contributed markup.
    The headings carry explicit ids: the print style sheet and the card link to them.
    """
    uri = case_uri(study.id)
    # Related practice is left off the printed handout (.px-no-print).
    related_list = (
        _case_list(related, uri, taxonomy, directory_urls, "px-list px-no-print", listing)
        if related
        else '<p class="px-no-print">No related case study yet.</p>'
    )
    licences = href(uri, ABOUT, directory_urls) + "#licences"
    body = case_body(study, published, directory_urls) if rendered is None else rendered
    # One raw HTML block, headings included (case_toc lists them): the page's Markdown is then
    # its front matter alone, and a case page costs MkDocs no Markdown conversion.
    markup = "\n".join(
        (
            heading_html(1, study.title, PAGE_TITLE_ID),
            _card(study, taxonomy, directory_urls),
            body.html,
            heading_html(2, "Sources", SOURCES_ID),
            _citations(study, taxonomy),
            heading_html(2, "Related practice", RELATED_ID, "px-no-print"),
            related_list,
            html_templates.render("licence.html", licence_url=LICENCE_URL, licences=licences),
        )
    )
    return (
        front_matter(title=attr(study.title), description=attr(study.summary), px_case=study.id)
        + html_block(markup)
        + "\n"
    )


def tombstone_page(study: CaseStudy, replacement: CaseStudy | None, directory_urls: bool = True) -> str:
    """What an archived case's address shows: why it went, and the case that replaces it.

    Old links (in emails, on school intranets) keep working. The page is left
    out of the search index (pagefind: false) and of every listing and feed.
    """
    uri = case_uri(study.id)
    onward = (
        views.Link(replacement.title, href(uri, case_uri(replacement.id), directory_urls))
        if replacement is not None
        else None
    )
    block = html_templates.render(
        "tombstone.html",
        note=study.archive_note,
        replacement=onward,
        all_cases=href(uri, ALL_CASES, directory_urls),
    )
    return (
        front_matter(title=attr(study.title), description=attr(study.archive_note), pagefind=False, px_case=study.id)
        + f"# {text(study.title)}\n\n"
        + html_block(block)
        + "\n"
    )


def _no_case_yet(from_uri: str) -> str:
    return f"No case study yet — [contribute one]({link(from_uri, CONTRIBUTING)})."


def term_page(
    facet: cat.Facet,
    term: Term,
    studies: Sequence[CaseStudy],
    taxonomy: Taxonomy,
    directory_urls: bool = True,
    listing: CaseListing | None = None,
) -> str:
    """One theme, phase, kind of support or region: its description, its cases by title, and
    for a theme the Atom feed of its new case studies."""
    uri = term_uri(facet, term.id)
    cases = case_list_html(by_title(studies), uri, taxonomy, directory_urls, listing=listing) if studies else ""
    feed = (
        f"New case studies on this theme: [Atom feed]({link(uri, feeds.theme_feed(term.id))}).\n\n"
        if facet is cat.THEME
        else ""
    )
    return (
        front_matter(title=attr(term.label), pagefind=False, **({"px_feed": feeds.theme_feed(term.id)} if feed else {}))
        + _title(term.label)
        + f"{text(term.description)}\n\n"
        + f"{plural(len(studies), 'case study', 'case studies')}. "
        + f"[Filter them further]({link(uri, FIND)}?{urlencode({facet.key: term.id})}) "
        + f"or see [all {facet.title.lower()}]({link(uri, facet_uri(facet))}).\n\n"
        + feed
        + (cases or _no_case_yet(uri))
        + "\n"
    )


def facet_page(facet: cat.Facet, taxonomy: Taxonomy, index: cat.Index) -> str:
    """The index of one vocabulary: every term, what it means, how many cases."""
    uri = facet_uri(facet)
    rows = [
        f"| [{text(term.label)}]({link(uri, term_uri(facet, term.id))}) | {text(term.description)} "
        f"| {len(index.get(facet.key, {}).get(term.id, ()))} |"
        for term in taxonomy.terms(facet.vocabulary)
    ]
    return (
        front_matter(title=facet.title, pagefind=False)
        + _title(facet.title)
        + "| Name | What it covers | Case studies |\n|---|---|---|\n"
        + "\n".join(rows)
        + "\n"
    )


def matrix_page(studies: Sequence[CaseStudy], taxonomy: Taxonomy, directory_urls: bool = True) -> str:
    """Themes down, phases across: a shaded count in each cell, linked to the finder with that theme and phase.

    Many published accounts never say which phase the practice was in, so they get a
    column of their own ("Phase not reported"), and a Total column counts each theme's
    cases once: without them, those case studies would be missing from the matrix.
    """
    view = views.matrix_view(
        studies,
        taxonomy,
        finder=href(MATRIX, FIND, directory_urls),
        theme_href=lambda theme_id: href(MATRIX, term_uri(cat.THEME, theme_id), directory_urls),
        contribute=href(MATRIX, CONTRIBUTING, directory_urls),
    )
    return (
        # The grid needs the width the table of contents would take (the page has no headings to list).
        front_matter(title="Theme × phase matrix", pagefind=False, hide=["toc"])
        + _title("Theme × phase matrix")
        + "How many case studies there are on each theme in each phase of education; choose a count to see "
        + "those case studies. A case study in two phases counts in both, and once in the total. Where a source "
        + "does not say which phase the practice was in, the case study counts under *Phase not reported*.\n\n"
        + html_block(html_templates.render("matrix.html", view=view))
        + "\n"
    )


FINDER_STATIC_LIMIT = 120
"""Most cases the finder page lists for readers without JavaScript; past it, it links to all cases.

The finder's first load must stay within 100 KB at 10,000 cases (issue 12). A listed case
(linked title, summary, tag line) is about 550 bytes of HTML (the real collection's all-cases
page: 42.5 KB for 77 cases) and the page around it (header, nav, vocabulary JSON) about 20 KB,
so 120 cases make about 86 KB: the largest round number that leaves room for long titles.
Above it the same list lives on the all-cases page, which the finder links to instead."""


def _finder_vocabulary_json(vocabulary: Mapping[str, object]) -> str:
    """The finder's options as JSON safe inside <script>: no "<" can close the element."""
    data = json.dumps(vocabulary, ensure_ascii=False, separators=(",", ":"))
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def find_page(
    studies: Sequence[CaseStudy],
    taxonomy: Taxonomy,
    directory_urls: bool = True,
    listing: CaseListing | None = None,
    vocabulary: Mapping[str, object] | None = None,
) -> str:
    """The finder: one page where a query and the facet filters work together (assets/js/finder.js).

    Without JavaScript the page lists every case with its tag line (up to FINDER_STATIC_LIMIT;
    beyond it, a link to the all-cases page); finder.js replaces that list with the finder.
    """
    uri = FIND
    all_cases = href(uri, ALL_CASES, directory_urls)
    listed = ""
    if studies and len(studies) <= FINDER_STATIC_LIMIT:
        ordered = by_title(studies)
        hrefs = [href(uri, case_uri(study.id), directory_urls) for study in ordered]
        listed = (listing or CaseListing(taxonomy)).html(ordered, hrefs, "px-list")
    block = html_templates.render(
        "finder.html",
        vocabulary=Markup(_finder_vocabulary_json(vocabulary or {})),
        count=len(studies),
        listed=Markup(listed) if listed else "",
        all_cases=all_cases,
        catalogue_json=file_href(uri, CATALOGUE_JSON, directory_urls),
        catalogue_csv=file_href(uri, CATALOGUE_CSV, directory_urls),
        catalogue_notes=file_href(uri, cat.CATALOGUE_NOTES, directory_urls),
    )
    return (
        front_matter(title="Find practice", pagefind=False, hide=["toc"])
        + _title("Find practice")
        + html_block(block)
        + "\n"
    )


def forward_page(title: str, uri: str, directory_urls: bool = True) -> str:
    """An old address (browse/, search/) that forwards to the finder with its query string.

    finder.js reads the forward's data-px-forward and calls location.replace with the same
    ?query (the finder reads the old repeated-parameter form too); without JavaScript the
    page is a plain link.
    """
    target = href(uri, FIND, directory_urls)
    block = html_templates.render("forward.html", target=target, all_cases=href(uri, ALL_CASES, directory_urls))
    return front_matter(title=title, pagefind=False) + _title(title) + html_block(block) + "\n"


def browse_page(directory_urls: bool = True) -> str:
    """The old browse page: forwards to the finder, filters kept."""
    return forward_page("Browse case studies", BROWSE, directory_urls)


def search_page(directory_urls: bool = True) -> str:
    """The old search page: forwards to the finder, query kept."""
    return forward_page("Search", SEARCH, directory_urls)


def all_cases_page(
    studies: Sequence[CaseStudy],
    taxonomy: Taxonomy,
    directory_urls: bool = True,
    listing: CaseListing | None = None,
) -> str:
    cases = (
        case_list_html(by_title(studies), ALL_CASES, taxonomy, directory_urls, listing=listing)
        if studies
        else _no_case_yet(ALL_CASES)
    )
    return (
        front_matter(title="All case studies", pagefind=False, px_feed=feeds.ALL_FEED)
        + _title("All case studies")
        + f"{plural(len(studies), 'case study', 'case studies')}, by title. "
        + f"New ones appear in the [Atom feed]({link(ALL_CASES, feeds.ALL_FEED)}).\n\n"
        + cases
        + "\n"
    )


def evidence_labels(taxonomy: Taxonomy) -> str:
    """The evidence labels and what each means, straight from taxonomy.yml (for the about page)."""
    return "\n".join(f"- **{text(term.label)}**: {text(term.description)}" for term in taxonomy.terms("evidence"))


EVIDENCE_MARKER = "<!-- evidence-labels -->"
"""Where a hand-written page wants the evidence labels listed from taxonomy.yml."""


def fill_evidence_labels(markdown: str, taxonomy: Taxonomy) -> str:
    """A hand-written page with its evidence-labels marker replaced by the list (the site plugin and build-pages)."""
    return markdown.replace(EVIDENCE_MARKER, evidence_labels(taxonomy))


def glossary_page(taxonomy: Taxonomy) -> str:
    """The roles and structures the sources name, from taxonomy.yml; cards link to each entry by its anchor."""
    sections = []
    for vocabulary, _, heading, intro in GLOSSARY_SECTIONS:
        entries = views.glossary_entries(taxonomy, vocabulary, glossary_anchor)
        dl = html_templates.render("glossary.html", entries=entries)
        sections.append(f"## {heading}\n\n{intro}\n\n" + html_block(dl))
    return (
        front_matter(
            title="Glossary",
            description="The roles, structures and terms named in the case studies, and the other words for them.",
        )
        + "# Glossary\n\n"
        + "Many accounts come from before the reforms of the early 2020s and name roles and bodies that no "
        + "longer exist under those names. Entries marked *historic* say what became of them. "
        + "*Also called* gives the other words teachers use for a term; for themes, phases, kinds of "
        + "support and regions the finder knows them too.\n\n"
        + "\n\n".join(sections)
        + "\n"
    )


class PageMemo:
    """The case pages and listing entries of the last build, for the next one in this process.

    A case page is a function of the case, its related cases, its rendered body, the taxonomy
    and use_directory_urls alone (case_page): the preview's rebuild after one save remakes the
    saved case's page and reuses the other 999. Everything is forgotten when the taxonomy or
    use_directory_urls is not the last build's (the plugin keeps one Taxonomy while its files
    are unchanged); cases compare by value, so a changed case is always remade.
    """

    def __init__(self) -> None:
        self._made_with: tuple[Taxonomy, bool] | None = None
        self._pages: dict[str, tuple[tuple[object, ...], str]] = {}
        self.listing: CaseListing | None = None

    def start(self, taxonomy: Taxonomy, directory_urls: bool) -> CaseListing:
        """Begin a build: the listing to use, kept from the last build if the taxonomy is the same."""
        made_with = self._made_with
        if made_with is None or made_with[0] is not taxonomy or made_with[1] != directory_urls or self.listing is None:
            self._made_with = (taxonomy, directory_urls)
            self._pages = {}
            self.listing = CaseListing(taxonomy)
        return self.listing

    def get(self, key: tuple[object, ...]) -> str | None:
        """The page made from `key` (its first item is the case id) in an earlier build, if any."""
        known = self._pages.get(str(key[0]))
        return known[1] if known is not None and known[0] == key else None

    def put(self, key: tuple[object, ...], page: str) -> None:
        self._pages[str(key[0])] = (key, page)

    def forget_all_but(self, case_ids: Collection[str]) -> None:
        self._pages = {case_id: page for case_id, page in self._pages.items() if case_id in case_ids}


def site_files(
    studies: Sequence[CaseStudy],
    taxonomy: Taxonomy,
    directory_urls: bool = True,
    *,
    archived: Sequence[CaseStudy] = (),
    site_url: str = "",
    generated: str = "",
    bodies: dict[str, render.Rendered] | None = None,
    vocabulary: Mapping[str, object] | None = None,
    memo: PageMemo | None = None,
) -> dict[str, str]:
    """Every generated file of the site: docs-relative path -> content.

    `studies` are the published cases; `archived` ones get a tombstone at their
    address and appear nowhere else. `site_url` makes the feeds' addresses
    absolute; `generated` (YYYY-MM-DD) dates the catalogue downloads.
    `bodies`, if given, receives each case page's rendered body: the site needs its
    headings (the body is a raw HTML block, so the page's own table of contents lacks
    them) and whether the sanitiser removed anything. A body it holds already is used.
    `memo` (PageMemo) reuses the case pages of an earlier build that nothing has changed.
    """
    by_id: Mapping[str, CaseStudy] = {study.id: study for study in studies}
    index = cat.build_index(studies)
    related = cat.related_practice(studies)
    files: dict[str, str] = {}
    memo = memo if memo is not None else PageMemo()
    listing = memo.start(taxonomy, directory_urls)
    for study in studies:
        neighbours = tuple(by_id[other] for other in related[study.id])
        # A body rendered already (render_cache.render_bodies(), with the same ids) is used as it is.
        body = bodies.get(case_uri(study.id)) if bodies is not None else None
        if body is None:
            body = case_body(study, by_id.keys(), directory_urls)
            if bodies is not None:
                bodies[case_uri(study.id)] = body
        # Everything case_page reads; the body by its HTML (the published ids reach the page only through it).
        # Written here, not in a pool: a worker's listing entries would be lost to the term pages, which
        # then render them again (measured: no faster across two cores at 1,000 cases).
        key = (study.id, study, neighbours, body.html)
        page = memo.get(key)
        if page is None:
            page = case_page(study, taxonomy, neighbours, by_id.keys(), directory_urls, body, listing)
            memo.put(key, page)
        files[case_uri(study.id)] = page
    memo.forget_all_but(by_id.keys())
    for facet in cat.INDEXED_FACETS:
        files[facet_uri(facet)] = facet_page(facet, taxonomy, index)
        for term in taxonomy.terms(facet.vocabulary):
            members = [by_id[case_id] for case_id in index[facet.key].get(term.id, ())]
            files[term_uri(facet, term.id)] = term_page(facet, term, members, taxonomy, directory_urls, listing)
    files[MATRIX] = matrix_page(studies, taxonomy, directory_urls)
    # search_records.finder_vocabulary(taxonomy), passed in: search_records imports this module.
    files[FIND] = find_page(studies, taxonomy, directory_urls, listing, vocabulary)
    files[BROWSE] = browse_page(directory_urls)
    files[SEARCH] = search_page(directory_urls)
    files[ALL_CASES] = all_cases_page(studies, taxonomy, directory_urls, listing)
    files[GLOSSARY] = glossary_page(taxonomy)
    for study in archived:
        if study.id not in by_id:
            files[case_uri(study.id)] = tombstone_page(study, by_id.get(study.replaced_by), directory_urls)
    files.update(feed_files(studies, taxonomy, site_url, directory_urls))
    data = cat.catalogue_data(studies, taxonomy, directory_urls, generated=generated)
    files[CATALOGUE_JSON] = cat.catalogue_json(data)
    files[CATALOGUE_CSV] = cat.catalogue_csv(data)
    files[cat.CATALOGUE_NOTES] = cat.catalogue_notes(data)
    return files


def feed_files(
    studies: Sequence[CaseStudy], taxonomy: Taxonomy, site_url: str, directory_urls: bool = True
) -> dict[str, str]:
    """The Atom feed of all case studies and one per theme."""
    updated = max((study.first_published for study in studies if study.first_published), default="1970-01-01")
    url = page_url(ALL_CASES, directory_urls)
    files = {
        feeds.ALL_FEED: feeds.atom_feed(
            "Practice Exchange: new case studies",
            feeds.ALL_FEED,
            url,
            studies,
            taxonomy,
            site_url,
            updated,
            directory_urls,
        )
    }
    for theme in taxonomy.terms("themes"):
        members = [study for study in studies if theme.id in study.themes]
        path = feeds.theme_feed(theme.id)
        files[path] = feeds.atom_feed(
            f"Practice Exchange: new case studies on {theme.label}",
            path,
            page_url(term_uri(cat.THEME, theme.id), directory_urls),
            members,
            taxonomy,
            site_url,
            updated,
            directory_urls,
        )
    return files
