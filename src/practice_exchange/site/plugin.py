"""The MkDocs plugin (`plugins: [practice]` in mkdocs.yml): generated pages in, Pagefind index out.

- on_config: a fresh build state, so `mkdocs serve` rebuilds from nothing.
- on_files: add every page from pages.site_files() as a virtual file, so the
  case studies stay in practice/ and are never copied into docs/; archived
  cases get tombstones, and the feeds take their addresses from site_url.
  Each case page is a CasePage (case_page.py): its one HTML block is its
  content, with no Markdown to convert. Under `practice preview`
  (builds_again), what a build read and made (files, taxonomy, bodies, case
  pages) is kept for the next build, each piece remade when what it is made
  from changed.
- on_nav / on_env: the nav cache (sidebar, toc, header, head and script blocks
  rendered once per folder, depth or heading list) and the footer links for main.html.
- on_page_markdown: fill the about page's evidence labels from taxonomy.yml,
  point `repo:` links into repo_url, and set generated raw HTML aside.
- on_page_content: sanitise generated pages, then put the HTML back.
- on_files / on_post_page / on_post_build: the search index (pagefind.py): case
  records as soon as the collection is loaded and their bundle written then,
  while the pages render; help pages as they render, their bundle written (or,
  with search_index: background, left to finish) at the end.

Options (mkdocs.yml): `collection`, the folder of case studies relative to
mkdocs.yml (benchmarks and tests build synthetic collections through
`!ENV [PRACTICE_COLLECTION, practice]`), `nav_cache` (PRACTICE_NAV_CACHE=off
renders every sidebar afresh; a test compares both builds), `cache_dir` (the case-body
cache, render_cache.py; relative to mkdocs.yml), `render_cache` (PRACTICE_RENDER_CACHE=off
renders every body afresh and leaves the folder alone) and `search_index`
(build | background | off, PRACTICE_SEARCH_INDEX; see pagefind.py).
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from practice_exchange import loader, pages, render, render_cache
from practice_exchange.build_pages import PublicationInputs, publication
from practice_exchange.loader import ReadMemo, Stamp
from practice_exchange.model import ID_PATTERN, CaseStudy
from practice_exchange.search_records import finder_vocabulary
from practice_exchange.taxonomy import SOURCES_FILE, TAXONOMY_FILE, ConfigError, Taxonomy, load_taxonomy

from . import pagefind
from .case_page import CasePage
from .footer_links import footer_links
from .nav_cache import NavCache
from .repo_links import expand_repo_links
from .set_aside import SetAside

IN_NAV = {pages.FIND, pages.MATRIX, pages.GLOSSARY}
"""Generated pages that mkdocs.yml's nav lists, with the */index.md listings. Case and
term pages stay out of the nav: every page renders the whole nav, so listing each
case there would make the build quadratic in the number of cases."""

UNSANITISED: set[str] = set()
"""Generated pages with no contributed text that skip the sanitiser. None now: the finder's and the
forwarding pages' shells (ids, data-* hooks, the vocabulary's script element) are raw HTML blocks
(pages.html_block), which are set aside while the page's own Markdown is sanitised."""

log = logging.getLogger("mkdocs.plugins.practice_exchange")
_SAFE_ID = re.compile(ID_PATTERN)


# mkdocs.config.base.Config.__init_subclass__ is untyped (MkDocs 1.6); the options below are typed.
class PracticeConfig(base.Config):  # type: ignore[no-untyped-call]
    collection = c.Type(str, default="practice")
    """The collection folder (case studies, taxonomy.yml, sources.yml), relative to mkdocs.yml."""
    nav_cache = c.Type(bool, default=True)
    """Reuse one sidebar rendering per folder for pages outside the nav (nav_cache.py)."""
    cache_dir = c.Type(str, default=".cache/practice")
    """The case-body cache folder (render_cache.py), relative to mkdocs.yml: safe to delete."""
    render_cache = c.Type(bool, default=True)
    """Take unchanged case bodies from cache_dir (off: render all, read and write nothing there)."""
    search_index = pagefind.ModeOption()
    """When the Pagefind index is written: by the build's end, after it (the preview server), or never."""


class PracticePlugin(BasePlugin[PracticeConfig]):  # type: ignore[no-untyped-call]
    """State lives here, one build at a time: `mkdocs serve` keeps the instance, on_config resets it."""

    def __init__(self) -> None:
        self.builds_again = False
        """Set by whoever builds with this instance more than once (`practice preview`): then what a
        build read and made is kept for the next, so a rebuild remakes only what changed. Each memo
        keeps its own check of sameness, and none changes what a build produces. Off, a build holds
        nothing past its own use (at 10,000 cases the memos would hold some 150 MB more)."""
        self._read_memo = ReadMemo()
        self._page_memo = pages.PageMemo()
        self._body_caches: dict[Path, render_cache.BodyCache] = {}
        self._taxonomy_memo: tuple[tuple[Stamp | None, ...], Taxonomy] | None = None
        self._reset()

    def _reset(self) -> None:
        # One build's state; on_config calls this, as `mkdocs serve` keeps the plugin between builds.
        self.taxonomy: Taxonomy | None = None
        self.bodies: dict[str, render.Rendered] = {}
        """Each case page's rendered body: its headings for the table of contents, and whether it was sanitised."""
        self.case_tocs: dict[str, list[dict[str, Any]]] = {}
        """Each case page's table of contents (pages.case_toc): the page's Markdown has no headings."""
        self.generated: set[str] = set()
        """src_uri of every page pages.site_files() wrote."""
        self.nav_cache = NavCache()
        self.set_aside = SetAside()
        self.search: pagefind.Indexer = pagefind.NoIndex()
        self._last_routes: tuple[Page | None, dict[str, str]] | None = None

    def collection_dir(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.collection).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.search.close()  # a previous build's background index, under `mkdocs serve`
        self._reset()
        self.nav_cache.enabled = self.config.nav_cache
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        folder = self.collection_dir(config)
        taxonomy = self._load_taxonomy(folder)
        self.taxonomy = taxonomy
        studies, extra = _publication(folder, config, self._read_memo if self.builds_again else None)
        site_dir = Path(config.site_dir).resolve()
        self.bodies = render_cache.render_bodies(studies, config.use_directory_urls, self._body_cache(config))
        vocabulary = finder_vocabulary(taxonomy, studies)
        self.case_tocs = {
            uri: pages.case_toc(study, self.bodies[uri].toc_tokens)
            for study in studies
            if (uri := pages.case_uri(study.id)) in self.bodies
        }
        generated = pages.site_files(
            studies,
            taxonomy,
            config.use_directory_urls,
            **extra,
            bodies=self.bodies,
            vocabulary=vocabulary,
            memo=self._page_memo if self.builds_again else None,
        )
        for uri, content in generated.items():
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
            self.generated.add(uri)
            if uri in self.case_tocs:
                CasePage(file, config, self.case_tocs[uri])  # MkDocs then uses it as the file's page
        self.search = pagefind.start(self.config.search_index, config.site_dir)
        pagefind.add_cases(self.search, studies, taxonomy, self.bodies, pages.case_uri, config.use_directory_urls)
        return files

    def _load_taxonomy(self, folder: Path) -> Taxonomy:
        """taxonomy.yml and sources.yml, loaded again only when either file changed since the last build."""
        stamp = tuple(ReadMemo.stamp(folder / name) for name in (TAXONOMY_FILE, SOURCES_FILE))
        if self.builds_again and self._taxonomy_memo is not None and self._taxonomy_memo[0] == stamp:
            return self._taxonomy_memo[1]
        read_ns = time.time_ns()
        try:
            taxonomy = load_taxonomy(folder)
        except ConfigError as error:
            self._taxonomy_memo = None
            raise PluginError(f"practice collection: {error}") from error
        # Remembered only if a later save of either file will show in its stamp (loader.settled).
        settled = all(loader.settled(one, read_ns) for one in stamp)
        self._taxonomy_memo = (stamp, taxonomy) if settled else None
        return taxonomy

    def _body_cache(self, config: MkDocsConfig) -> render_cache.BodyCache | None:
        if not self.config.render_cache:
            return None
        folder = (Path(config.config_file_path).parent / self.config.cache_dir).resolve()
        if not self.builds_again:
            return render_cache.BodyCache(folder)  # its memory goes with it, once the bodies are read
        if folder not in self._body_caches:
            self._body_caches = {folder: render_cache.BodyCache(folder)}
        return self._body_caches[folder]

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_cache.reset(nav, [str(path) for path in (*config.extra_css, *config.extra_javascript)])
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # main.html tests `is defined` for both, so an engine without this plugin still renders it.
        env.globals["px_nav_once"] = self.nav_cache.render
        env.globals["px_toc_once"] = self.nav_cache.toc
        env.globals["px_base_once"] = self.nav_cache.by_base
        env.globals["px_header_once"] = self.nav_cache.header
        env.globals["px_stand_in"] = self.nav_cache.stand_in
        env.globals["px_routes"] = self._routes
        return env

    def _routes(self, page: Page | None, config: MkDocsConfig) -> dict[str, str]:
        # main.html asks twice a page (head and footer): the second time is the first's answer.
        if self._last_routes is None or self._last_routes[0] is not page:
            self._last_routes = (page, footer_links(page, config, self.generated))
        return self._last_routes[1]

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if isinstance(page, CasePage) and page.block(markdown) is not None:
            return markdown  # CasePage.render takes the block as it is: nothing to set aside
        if uri in self.generated:
            return self.set_aside.take(uri, markdown)
        if pages.EVIDENCE_MARKER in markdown and self.taxonomy is not None:
            markdown = pages.fill_evidence_labels(markdown, self.taxonomy)
        return expand_repo_links(markdown, config.repo_url or "")

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        body = self.bodies.pop(uri, None)
        toc = self.case_tocs.pop(uri, None)
        if isinstance(page, CasePage) and page.converted:
            # The page is pages.py's block alone: its escaped markup and the body case_body sanitised.
            if body is not None and body.sanitised:
                log.info("%s: the sanitiser removed markup from this page; `practice check` says where", uri)
            return html
        if toc is not None:
            # A case page is one raw HTML block, headings included: its Markdown gave MkDocs no toc.
            page.toc = get_toc(cast(Any, toc))  # toc tokens, typed as a TypedDict there
        if uri in self.generated and uri not in UNSANITISED:
            # In every build, the page's own Markdown (titles, descriptions, labels: contributed text
            # that pages.py escaped) goes through the allowlist too. The blocks set aside are pages.py's
            # escaped markup, and the case body among them was sanitised by pages.case_body.
            clean = render.sanitise(html, pages.PAGE_CLASSES, ids=None)
            if (body is not None and body.sanitised) or render.removed_markup(html, clean):
                # Said, not a warning: a hostile case must not stop the build (mkdocs.yml is strict) for
                # everyone; the cleaned page is what ships, and `practice check` fails the pull request.
                log.info("%s: the sanitiser removed markup from this page; `practice check` says where", uri)
            html = clean
        return self.set_aside.put_back(uri, html)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # `mkdocs serve` watches docs/ only; rebuild when a case study changes too.
        server.watch(str(self.collection_dir(config)))
        return server

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        pagefind.add_page(self.search, page, self.generated, config.use_directory_urls)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.search.finish()

    def on_build_error(self, *, error: Exception) -> None:
        self.search.close()


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


def _publication(
    folder: Path, config: MkDocsConfig, memo: ReadMemo | None
) -> tuple[list[CaseStudy], PublicationInputs]:
    # Shared with `practice build-pages`, so both give the same pages; tombstones need safe ids too.
    studies, inputs = publication(folder, config.site_url or "", memo)
    published = _buildable(studies)
    inputs["archived"] = _buildable(list(inputs["archived"]))
    return published, inputs
