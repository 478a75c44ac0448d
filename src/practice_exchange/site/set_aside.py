"""Generated raw HTML blocks, set aside while Markdown converts the rest of a generated page.

pages.html_block() fences the generated markup (escaped by pages.py). Markdown
would only pass it through, but both Python-Markdown and MkDocs feed every page
through html.parser first, which cost more than the rest of a case page; a
one-word paragraph stands in for each block, and the blocks go back once the
page's own Markdown has been converted and sanitised. The placeholder carries a
random token per build, so no page text can forge one.
"""

from __future__ import annotations

import re
import secrets

from mkdocs.exceptions import PluginError

from practice_exchange import pages

_HTML_BLOCK = re.compile(re.escape(pages.HTML_START) + r"\n(.*?)\n" + re.escape(pages.HTML_END), re.DOTALL)


class SetAside:
    def __init__(self) -> None:
        self._word = f"px-html-{secrets.token_hex(8)}-"
        """Each placeholder is this word and the block's number: a paragraph of its own once converted."""
        self._blocks: dict[str, list[str]] = {}
        """The blocks of each page (by src_uri) between on_page_markdown and on_page_content."""

    def take(self, uri: str, markdown: str) -> str:
        """`markdown` with each fenced block replaced by a placeholder paragraph."""
        blocks: list[str] = []

        def placeholder(match: re.Match[str]) -> str:
            blocks.append(match.group(1))
            return f"\n\n{self._word}{len(blocks) - 1}\n\n"

        markdown = _HTML_BLOCK.sub(placeholder, markdown)
        if blocks:
            self._blocks[uri] = blocks
        return markdown

    def put_back(self, uri: str, html: str) -> str:
        blocks = self._blocks.pop(uri, None)
        if not blocks:
            return html
        pieces = html.split("<p>" + self._word)
        if len(pieces) != len(blocks) + 1:
            raise PluginError(f"{uri}: generated HTML blocks were not where they were left")
        out = [pieces[0]]
        for piece in pieces[1:]:
            number, rest = piece.split("</p>", 1)
            out.append(blocks[int(number)])
            out.append(rest)
        return "".join(out)


def only_block(markdown: str) -> str | None:
    """The markup of `markdown` if it is exactly one fenced block (a case page, pages.case_page), else None."""
    match = _HTML_BLOCK.fullmatch(markdown.strip())
    return match.group(1) if match is not None else None
