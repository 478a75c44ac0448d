"""MkDocs hooks (mkdocs.yml `hooks:`): generated pages in, Pagefind index out.

- on_files: add every page from pages.site_files() as a virtual file, so the
  case studies stay in practice/ and are never copied into docs/.
- on_page_markdown: fill the about page's evidence-label list from taxonomy.yml.
- on_post_build: run Pagefind over the built site, so `mkdocs build` (and
  `mkdocs serve`) always ship a search index matching the pages.

The collection folder is `extra.practice_collection` in mkdocs.yml, or the
environment variable PRACTICE_COLLECTION (benchmarks and tests build
synthetic collections this way), relative to mkdocs.yml.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from practice_exchange import pages
from practice_exchange.loader import load_case_studies
from practice_exchange.taxonomy import ConfigError, Taxonomy, load_taxonomy

EVIDENCE_MARKER = "<!-- evidence-labels -->"
"""Where a hand-written page wants the evidence labels listed from taxonomy.yml."""

IN_NAV = {pages.BROWSE, pages.MATRIX, pages.SEARCH}
"""Generated pages that mkdocs.yml's nav lists, with the */index.md listings. Case and
term pages stay out of the nav: every page renders the whole nav, so listing each
case there would make the build quadratic in the number of cases."""

_state: dict[str, Taxonomy] = {}


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
    studies = load_case_studies(folder)
    for uri, content in pages.site_files(studies, taxonomy, config.use_directory_urls).items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} would hide a generated page of the same name; rename or remove it")
        in_nav = uri in IN_NAV or uri.endswith("/index.md")
        # NOT_IN_NAV also spares MkDocs listing thousands of pages "not included in the nav".
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, uri, content=content, inclusion=inclusion))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if EVIDENCE_MARKER in markdown and "taxonomy" in _state:
        return markdown.replace(EVIDENCE_MARKER, pages.evidence_labels(_state["taxonomy"]))
    return markdown


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    # `mkdocs serve` watches docs/ only; rebuild when a case study changes too.
    server.watch(str(collection_dir(config)))
    return server


def on_post_build(config: MkDocsConfig) -> None:
    # Permalink anchors (¶) would otherwise end every result title.
    command = [sys.executable, "-m", "pagefind", "--site", config.site_dir, "--exclude-selectors", ".headerlink"]
    command.append("--silent")
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise PluginError("Pagefind is not installed: pip install 'pagefind[bin]'") from error
    except subprocess.CalledProcessError as error:
        raise PluginError(f"Pagefind failed to index {config.site_dir}:\n{error.stdout}{error.stderr}") from error
