"""The plain text of rendered HTML, one line per block: what a reader reads, for the search index.

Its own module, below everything that renders: the site renders each case body across the build's
cores (render_cache.py) and takes the body's text there too, so the search records need no second
pass over the HTML (pages.body_html); search_records reads it for help pages.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr"}
    | {"table", "section", "article", "details", "summary", "br", "hr", "td", "th", "figcaption"}
)
"""Elements whose edges separate words: text either side must not run together."""
_SKIPPED = frozenset({"script", "style", "template"})


class _Text(HTMLParser):
    """The text of an HTML fragment: each block on its own line, permalink anchors (¶) left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.skipping: list[str] = []
        """The tag of each open element whose text is left out (a headerlink anchor, a script)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.append(tag)
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag in _SKIPPED or (tag == "a" and "headerlink" in classes):
            self.skipping.append(tag)
        elif tag in _BLOCKS:
            self.break_line()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag in _BLOCKS:
            self.break_line()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _BLOCKS:
            self.break_line()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.line.append(data)

    def break_line(self) -> None:
        text = " ".join("".join(self.line).split())
        if text:
            self.lines.append(text)
        self.line = []


def plain_text(html: str) -> str:
    """Plain text of rendered HTML, one line per block (what a reader reads, for the index)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser.break_line()
    return "\n".join(parser.lines)
