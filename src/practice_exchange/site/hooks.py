"""MkDocs hooks (mkdocs.yml `hooks:`): generated pages in, Pagefind index out.

- on_files: add every page from pages.site_files() as a virtual file, so the
  case studies stay in practice/ and are never copied into docs/; archived
  cases get tombstones, and the feeds take their addresses from site_url.
- on_page_markdown: fill the about page's evidence-label list from taxonomy.yml.
- on_post_build: run Pagefind over the built site, so `mkdocs build` (and
  `mkdocs serve`) always ship a search index matching the pages.
- on_env / on_nav: px_nav_once() for main.html (one nav rendering per folder
  for pages outside the nav), and px_routes() for its footer and share tags.
- on_page_markdown / on_page_content: set generated raw HTML blocks aside
  while Markdown converts a generated page, then put them back.

The collection folder is `extra.practice_collection` in mkdocs.yml, or the
environment variable PRACTICE_COLLECTION (benchmarks and tests build
synthetic collections this way), relative to mkdocs.yml.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from practice_exchange import feeds, pages, render, routes
from practice_exchange.build_pages import PublicationInputs, publication_inputs
from practice_exchange.loader import load_case_studies
from practice_exchange.model import ID_PATTERN, CaseStudy
from practice_exchange.taxonomy import ConfigError, Taxonomy, load_taxonomy

EVIDENCE_MARKER = pages.EVIDENCE_MARKER

IN_NAV = {pages.BROWSE, pages.MATRIX, pages.SEARCH, pages.GLOSSARY}
"""Generated pages that mkdocs.yml's nav lists, with the */index.md listings. Case and
term pages stay out of the nav: every page renders the whole nav, so listing each
case there would make the build quadratic in the number of cases."""

PAGEFIND_EXCLUDE = [".headerlink"]
"""Left out of the search index: permalink anchors (¶) would otherwise end every result title."""

UNSANITISED = {pages.BROWSE, pages.SEARCH}
"""Generated pages with no contributed text, whose shells (ids, noscript, data-* hooks) the site's scripts need."""

log = logging.getLogger("mkdocs.plugins.practice_exchange")
_SAFE_ID = re.compile(ID_PATTERN)

_state: dict[str, Taxonomy] = {}
_bodies: dict[str, render.Rendered] = {}
"""Each case page's rendered body: its headings for the table of contents, and whether it was sanitised."""
_generated: set[str] = set()
"""src_uri of every page pages.site_files() wrote."""
_nav_pages: set[str] = set()
"""src_uri of every page the nav lists (their nav HTML marks them active)."""
_nav_urls: list[str] = []
_nav_html: dict[str, str] = {}
"""Navigation sidebar HTML for pages outside the nav, by the folder of the page's URL."""


def collection_dir(config: MkDocsConfig) -> Path:
    raw = os.environ.get("PRACTICE_COLLECTION") or str(config.extra.get("practice_collection", "practice"))
    return (Path(config.config_file_path).parent / raw).resolve()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    folder = collection_dir(config)
    try:
        taxonomy = load_taxonomy(folder)
    except ConfigError as error:
        raise PluginError(f"practice collection: {error}") from error
    _state["taxonomy"] = taxonomy
    _generated.clear()
    _bodies.clear()
    studies = _buildable(load_case_studies(folder))
    extra = _publication_inputs(folder, config)
    site_dir = Path(config.site_dir).resolve()
    for uri, content in pages.site_files(studies, taxonomy, config.use_directory_urls, **extra, bodies=_bodies).items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} would hide a generated page of the same name; rename or remove it")
        in_nav = uri in IN_NAV or uri.endswith("/index.md")
        # NOT_IN_NAV also spares MkDocs listing thousands of pages "not included in the nav".
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, uri, content=content, inclusion=inclusion)
        # Ids are checked where they are loaded; this is the last word: nothing is written outside site_dir.
        if not Path(file.abs_dest_path).resolve().is_relative_to(site_dir):
            raise PluginError(f"generated page {uri!r} would be written outside {config.site_dir}; refused")
        files.append(file)
        _generated.add(uri)
    return files


def _buildable(studies: list[CaseStudy]) -> list[CaseStudy]:
    """The studies whose id is a plain slug: the id becomes a path, so any other is never built.

    Said, not warned (mkdocs.yml is strict): a bad case must not stop the build for everyone;
    `practice check` reports it (PX106).
    """
    kept = []
    for study in studies:
        if _SAFE_ID.match(study.id):
            kept.append(study)
        else:
            log.info("%s: id %r is not a lowercase slug; the case study is left out of the site", study.path, study.id)
    return kept


def _publication_inputs(folder: Path, config: MkDocsConfig) -> PublicationInputs:
    # Shared with `practice build-pages`, so both give the same pages; tombstones need safe ids too.
    inputs = publication_inputs(folder, config.site_url or "")
    inputs["archived"] = _buildable(list(inputs["archived"]))
    return inputs


def px_routes(page: Page | None, config: MkDocsConfig) -> dict[str, str]:
    """The footer's and head's links for one page (main.html): report, edit, feed, accessibility.

    Values are plain URLs; main.html escapes them. Case pages edit their file in
    practice/; other generated pages have nothing to edit; hand-written pages use
    MkDocs' own edit_url.
    """
    address = page.canonical_url if page is not None and page.canonical_url else config.site_url or ""
    meta = page.meta if page is not None else {}
    case_id = str(meta.get("px_case", ""))
    repo = config.repo_url or ""
    generated = page is not None and page.file.src_uri in _generated
    # Generated pages' meta title and description are escaped already (pages.attr), since
    # Material prints them raw; a hand-written page's title is escaped here.
    title = str(meta.get("title", "")) if generated else html.escape(page.title or "") if page else ""
    summary = str(meta.get("description", "")) if generated else ""
    out = {
        "share_title": title or html.escape(config.site_name),
        "share_summary": summary or html.escape(config.site_description or ""),
        "report": routes.correction_url(repo, address, case_id) if repo else "",
        "feed": str(meta.get("px_feed", feeds.ALL_FEED)),
        "accessibility": pages.page_url(pages.ACCESSIBILITY, config.use_directory_urls),
        "edit": "",
        "edit_label": "",
    }
    if case_id and repo:
        out["edit"], out["edit_label"] = (
            routes.case_edit_url(repo, config.edit_uri or "", case_id),
            "Edit this case study",
        )
    elif page is not None and page.edit_url and not generated:
        out["edit"], out["edit_label"] = page.edit_url, "Edit this page"
    return out


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _nav_pages.clear()
    _nav_pages.update(page.file.src_uri for page in nav.pages)
    _nav_urls[:] = [page.url for page in nav.pages]
    _nav_html.clear()
    return nav


def px_nav_once(page: Page | None, caller: Callable[[], str]) -> str:
    """The nav sidebar's HTML: rendered by `caller`, reused across pages outside the nav.

    For such a page no nav item is active, and MkDocs writes each nav link
    relative to the page's URL, which gives the same text for every page in
    the same folder (cases/a/ and cases/b/ both reach themes/ as ../../themes/)
    unless a nav URL lies inside the page's own URL. So one rendering serves
    every page of a folder; pages in the nav, and pages a nav URL lies inside,
    are rendered afresh. PRACTICE_NAV_CACHE=off renders every page afresh; a
    test builds the site both ways and compares every page.
    """
    if page is None or page.file.src_uri in _nav_pages or os.environ.get("PRACTICE_NAV_CACHE") == "off":
        return caller()
    url = page.url
    if any(nav_url.startswith(url) for nav_url in _nav_urls):
        return caller()
    folder = posixpath.dirname(url.rstrip("/"))
    if folder not in _nav_html:
        _nav_html[folder] = caller()
    return _nav_html[folder]


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["px_nav_once"] = px_nav_once
    env.globals["px_routes"] = px_routes
    return env


_HTML_BLOCK = re.compile(re.escape(pages.HTML_START) + r"\n(.*?)\n" + re.escape(pages.HTML_END), re.DOTALL)
_TOKEN = secrets.token_hex(8)
_set_aside: dict[str, list[str]] = {}
"""Generated raw HTML blocks, by page, while Markdown converts the rest of the page."""


def _placeholder(number: int) -> str:
    return f"px-html-{_TOKEN}-{number}"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if EVIDENCE_MARKER in markdown and "taxonomy" in _state:
        return pages.fill_evidence_labels(markdown, _state["taxonomy"])
    if page.file.src_uri not in _generated:
        return markdown
    # pages.html_block() fences the generated markup (escaped by pages.py). Markdown
    # would only pass it through, but both Python-Markdown and MkDocs feed every page
    # through html.parser first, which cost more than the rest of a case page; a
    # one-word paragraph stands in for each block and on_page_content puts it back.
    blocks: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        blocks.append(match.group(1))
        return f"\n\n{_placeholder(len(blocks) - 1)}\n\n"

    markdown = _HTML_BLOCK.sub(set_aside, markdown)
    if blocks:
        _set_aside[page.file.src_uri] = blocks
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    uri = page.file.src_uri
    body = _bodies.pop(uri, None)
    if body is not None:
        _add_body_headings(page, body.toc_tokens)
    blocks = _set_aside.pop(uri, None)
    if uri in _generated and uri not in UNSANITISED:
        # In every build, the page's own Markdown (titles, descriptions, labels: contributed text
        # that pages.py escaped) goes through the allowlist too. The blocks set aside are pages.py's
        # escaped markup, and the case body among them was sanitised by pages.case_body.
        clean = render.sanitise(html, pages.PAGE_CLASSES, ids=None)
        if (body is not None and body.sanitised) or render.markup_events(clean) != render.markup_events(html):
            # Said, not a warning: a hostile case must not stop the build (mkdocs.yml is strict) for
            # everyone; the cleaned page is what ships, and `practice check` fails the pull request.
            log.info("%s: the sanitiser removed markup from this page; `practice check` says where", uri)
        html = clean
    if blocks:
        html = _put_back(html, blocks, uri)
    return html


def _put_back(html: str, blocks: list[str], uri: str) -> str:
    pieces = html.split("<p>px-html-" + _TOKEN + "-")
    if len(pieces) != len(blocks) + 1:
        raise PluginError(f"{uri}: generated HTML blocks were not where they were left")
    out = [pieces[0]]
    for piece in pieces[1:]:
        number, rest = piece.split("</p>", 1)
        out.append(blocks[int(number)])
        out.append(rest)
    return "".join(out)


def _add_body_headings(page: Page, tokens: list[dict[str, Any]]) -> None:
    """Put a case body's headings into the page's table of contents, under the title, before the generated ones.

    The body reaches the page as a raw HTML block (pages.case_body), so MkDocs'
    own toc, built from the page's Markdown, has only the title and the two
    generated headings.
    """
    body = list(get_toc(cast(Any, tokens)))  # toc tokens, typed as a TypedDict there
    toc = page.toc
    items = list(toc)
    if items and items[0].level == 1:
        items[0].children[:0] = body
    else:
        toc.items[:0] = body


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    # `mkdocs serve` watches docs/ only; rebuild when a case study changes too.
    server.watch(str(collection_dir(config)))
    return server


def on_post_build(config: MkDocsConfig) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", config.site_dir, "--silent"]
    for selector in PAGEFIND_EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise PluginError("Pagefind is not installed: pip install 'pagefind[bin]'") from error
    except subprocess.CalledProcessError as error:
        raise PluginError(f"Pagefind failed to index {config.site_dir}:\n{error.stdout}{error.stderr}") from error
