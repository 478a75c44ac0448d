"""Pagefind over the built site: `mkdocs build` (and `mkdocs serve`) always ship an index matching the pages."""

from __future__ import annotations

import subprocess
import sys

from mkdocs.exceptions import PluginError

PAGEFIND_EXCLUDE = [".headerlink"]
"""Left out of the search index: permalink anchors (¶) would otherwise end every result title."""


def index_site(site_dir: str) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", site_dir, "--silent"]
    for selector in PAGEFIND_EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise PluginError("Pagefind is not installed: pip install 'pagefind[bin]'") from error
    except subprocess.CalledProcessError as error:
        raise PluginError(f"Pagefind failed to index {site_dir}:\n{error.stdout}{error.stderr}") from error
