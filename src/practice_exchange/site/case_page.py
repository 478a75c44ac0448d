"""A case page as MkDocs holds it: one HTML block made by pages.case_page, so nothing to convert.

pages.case_page writes a case page as front matter and one fenced raw HTML block, headings
included (its table of contents beside it, pages.case_toc). MkDocs would still make a Markdown
instance for it, with every extension mkdocs.yml names, to turn the block's placeholder into a
paragraph: most of what a case page cost MkDocs. A CasePage takes the block as its content
instead. A page whose Markdown is not exactly one block (another plugin changed it) renders as
any page does.

The plugin makes one for each case file in on_files; MkDocs uses a page a plugin has set on a
File (as Material's blog plugin does with its posts).
"""

from __future__ import annotations

from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .set_aside import only_block


class CasePage(Page):
    def __init__(self, file: File, config: MkDocsConfig, toc: list[dict[str, Any]]) -> None:
        super().__init__(None, file, config)
        self._toc_tokens = toc
        self.converted = False
        """Whether render() took the block as it is (on_page_content then has nothing to put back)."""
        self._block: tuple[str, str | None] | None = None

    def block(self, markdown: str) -> str | None:
        """set_aside.only_block(markdown), worked out once for the same Markdown (the plugin's
        on_page_markdown asks, then render())."""
        if self._block is None or self._block[0] is not markdown:
            self._block = (markdown, only_block(markdown))
        return self._block[1]

    def render(self, config: MkDocsConfig, files: Files) -> None:
        block = self.block(self.markdown or "")
        if block is None:
            super().render(config, files)
            return
        # One string for both: the block is the page's Markdown as well (raw HTML, which Markdown
        # would pass through), and at 10,000 cases a second copy of each page cost 90 MB.
        self.markdown = self.content = block
        self.toc = get_toc(cast(Any, self._toc_tokens))  # toc tokens, typed as a TypedDict there
        self.present_anchor_ids = _anchor_ids(self._toc_tokens)
        self.links_to_anchors = {}
        self.converted = True
        self._toc_tokens = []  # in self.toc now; every page is held to the build's end


def _anchor_ids(tokens: list[dict[str, Any]]) -> set[str]:
    ids: set[str] = set()
    for token in tokens:
        ids.add(str(token["id"]))
        ids |= _anchor_ids(token["children"])
    return ids
