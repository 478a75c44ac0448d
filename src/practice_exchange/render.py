"""Contributed Markdown -> HTML: the one configuration the site builds and the checker inspects.

A case-study body is rendered here and nowhere else. The site build puts the
result, sanitised, on the case page (site/plugin.py, via pages.case_page); the
checker renders the same text with the same function and reports whatever
the sanitiser would remove (rules/markup.py). So what `practice check` sees is
what a reader's browser gets, and the sanitiser, not the order of CI steps,
is what keeps script off the site.

- No `attr_list`: contributions need no ids, classes, styles or handlers.
- Heading ids get HEADING_PREFIX, which no id of the theme (Material's
  `__config`, `__search`, ...) or of the site's scripts (`px-...`) starts
  with, so no heading can clobber one.
- sanitise() is nh3 (Ammonia) with an allowlist of exactly the markup these
  extensions emit: no event handlers, style, data-* attributes, comments,
  or URLs other than http(s), mailto and relative ones within the site.
"""

from __future__ import annotations

import html
import importlib
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from enum import Enum
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3
from markdown.extensions.toc import slugify as _markdown_slugify
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .controls import first_control

HEADING_PREFIX = "case-"
"""Starts every heading id made from contributed text. Theme ids start with `__`, the site's own with `px-`."""

BODY_EXTENSIONS: tuple[str, ...] = ("toc", "def_list", "tables", "admonition")
"""The Markdown extensions case bodies are written in (mkdocs.yml's list less attr_list)."""

MAX_MARKDOWN_CHARS = 50_000
"""The longest body rendered as Markdown: some eight printed pages, eight times the longest case study.

Python-Markdown spends some 20 microseconds a line, so the other limits keep
the cost linear and this one keeps it to about a second for any file.
"""
MAX_OPENERS = 500
"""More of any one of [, `, <, * or \\ than this in one body, and it is not rendered as Markdown.

Python-Markdown looks for the end of every [, `, <, * and \\ it meets, so text
full of unmatched ones costs time quadratic in their number (measured: 8,000
unclosed `<a ` took 10 s). A case study with a few dozen links needs nowhere
near this many.
"""
MAX_LEAD = 100
"""The longest run of indentation, quote and list markers a line may start with.

Each level of nesting is a level of recursion in Python-Markdown: a few
thousand raise RecursionError, a few hundred take seconds.
"""
MAX_BLOCK_LINES = 200
"""The most lines a body may run without a blank line.

Python-Markdown re-splits a block at every heading, rule, list item or box it
finds inside it, so a block of n such lines costs time quadratic in n
(measured: 16,000 lines of setext headings took 27 s). Between blank lines
the cost is linear, and no paragraph, list or table needs this many lines.
"""
OPENERS = ("[", "`", "<", "*", "\\")
_LEAD_CHARS = r"[ \t>*+\-0-9.)]{" + str(MAX_LEAD + 1) + "}"
# A line that starts with too much of them: the first line, or one after a newline. Two regexes
# rather than one with re.MULTILINE's ^, because a literal "\n" lets the engine skip ahead to
# line starts (about 7x faster over a body); tests/test_fast_paths.py checks they agree.
_LEAD_FIRST_LINE = re.compile(_LEAD_CHARS)
_LEAD_LATER_LINE = re.compile("\n" + _LEAD_CHARS)


def too_complex(text: str) -> str:
    """Why a body is too complex to render as Markdown, or "" (the checker reports it; the build shows it as text)."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return f"it is {len(text):,} characters long (the limit is {MAX_MARKDOWN_CHARS:,})"
    for opener in OPENERS:
        # `in` is a memchr; count() visits every character, so it is asked only where there is one.
        if opener in text:
            count = text.count(opener)
            if count > MAX_OPENERS:
                return f"it has {count:,} '{opener}' characters (the limit is {MAX_OPENERS:,})"
    if _LEAD_FIRST_LINE.match(text) or _LEAD_LATER_LINE.search(text):
        return f"a line starts with more than {MAX_LEAD} characters of indentation, quote or list markers"
    if text.count("\n") <= MAX_BLOCK_LINES:
        return ""  # too few lines for a block too long (the common case: no line loop)
    run = 0
    for line in text.split("\n"):
        run = run + 1 if line.strip() else 0
        if run > MAX_BLOCK_LINES:
            return f"it runs more than {MAX_BLOCK_LINES} lines without a blank line"
    return ""


def slugify(value: str, separator: str) -> str:
    return HEADING_PREFIX + _markdown_slugify(value, separator)


def _extension_configs() -> dict[str, dict[str, Any]]:
    return {
        "toc": {"permalink": True, "slugify": slugify},
        # align="left" rather than style="text-align: left": style is never allowed.
        "tables": {"use_align_attribute": True},
    }


class UrlKind(Enum):
    WEB = "web"
    """http, https or mailto: a link to elsewhere, kept as written."""
    CASE = "case"
    """`other-id.md`, optionally with `#section`: a link to another case study."""
    FRAGMENT = "fragment"
    """`#section`: a heading on the same page."""
    RELATIVE = "relative"
    """Any other relative address: a page or file of the site that the checker cannot vouch for."""
    OUTSIDE = "outside"
    """`//host/...`: a relative-looking address that leaves the site."""
    SCHEME = "scheme"
    """Any other scheme (javascript:, data:, vbscript:, file:, ...): never allowed."""


WEB_SCHEMES = frozenset({"http", "https", "mailto"})
_CASE_TARGET = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)\.md(#[^#]*)?")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# What a browser's URL parser drops before it looks for a scheme: tab and newline
# anywhere, C0 controls and spaces at either end.
_URL_IGNORED = str.maketrans("", "", "\t\n\r")


def browser_url(value: str) -> str:
    """The URL a browser acts on, given an attribute's decoded value."""
    return value.translate(_URL_IGNORED).strip("".join(map(chr, range(0x21))))


def classify_url(value: str) -> tuple[UrlKind, str]:
    """What a decoded href or src points at, and the scheme (lowercased, for SCHEME and WEB)."""
    url = browser_url(value)
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        return (UrlKind.WEB if name in WEB_SCHEMES else UrlKind.SCHEME), name
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return UrlKind.OUTSIDE, ""
    if url.startswith("#"):
        return UrlKind.FRAGMENT, ""
    if _CASE_TARGET.fullmatch(url):
        return UrlKind.CASE, ""
    return UrlKind.RELATIVE, ""


def case_target(url: str) -> tuple[str, str]:
    """The id and fragment (without #) of a CASE url."""
    match = _CASE_TARGET.fullmatch(browser_url(url))
    assert match is not None
    return match.group(1), (match.group(2) or "#")[1:]


def prefixed_fragment(fragment: str) -> str:
    """A link to a heading of a case body, in the ids the body's headings get."""
    return fragment if fragment.startswith(HEADING_PREFIX) else HEADING_PREFIX + fragment


LinkMap = Callable[[str], str | None]
"""The site build's link policy: a body link's decoded href -> the href to write, or None for plain text."""


@dataclass
class Rendered:
    """A body as HTML, and what the checker needs to know about how it got there."""

    html: str
    toc_tokens: list[dict[str, Any]]
    raw_html: list[str] = field(default_factory=list)
    """Every piece of raw HTML the body holds (tags and comments; entities left out), in stash order."""
    raw_is_block: list[bool] = field(default_factory=list)
    markdown_html: str = ""
    """The HTML Markdown itself made: `html` with the raw pieces left out."""
    plain: bool = False
    """True when the body was too complex for Markdown and is shown as escaped text."""
    sanitised: bool = False
    """True once sanitising has removed something from `html` (set by whoever sanitised it)."""
    text: str = ""
    """`html`'s plain text, one line per block (plain_text.py), for the search index: set by the site's
    renderer (pages.body_html), so the pool's workers make it with the HTML and the cache keeps it."""


class _Links(Treeprocessor):
    """Hands every <a> to the build's LinkMap (before toc adds its permalinks, which need no rewriting)."""

    def __init__(self, md: markdown.Markdown, link_map: list[LinkMap | None]) -> None:
        super().__init__(md)
        self.link_map = link_map

    def run(self, root: etree.Element) -> None:
        link_map = self.link_map[0]
        if link_map is None:
            return
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "a" and "href" in child.attrib:
                    target = link_map(html.unescape(child.attrib["href"]))
                    if target is None:
                        _unwrap(parent, child)
                    else:
                        child.attrib["href"] = target


def _unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Replace an element by its content: its text, its children and its tail stay where it was."""
    index = list(parent).index(child)
    before = parent[index - 1] if index else None

    def append_text(element: etree.Element | None, extra: str | None) -> None:
        if not extra:
            return
        if element is None:
            parent.text = (parent.text or "") + extra
        else:
            element.tail = (element.tail or "") + extra

    append_text(before, child.text)
    parent.remove(child)
    grandchildren = list(child)
    for offset, grandchild in enumerate(grandchildren):
        parent.insert(index + offset, grandchild)
    append_text(grandchildren[-1] if grandchildren else before, child.tail)


class _CountBlocks(Preprocessor):
    """Records how many raw HTML blocks the block preprocessor stashed (the rest of the stash is inline)."""

    def __init__(self, md: markdown.Markdown, out: list[int]) -> None:
        super().__init__(md)
        self.out = out

    def run(self, lines: list[str]) -> list[str]:
        self.out[0] = self.md.htmlStash.html_counter
        return lines


class _KeepMarkdownOnly(Postprocessor):
    """Records the output before raw HTML goes back in, with each raw piece's placeholder removed."""

    def __init__(self, md: markdown.Markdown, out: list[str]) -> None:
        super().__init__(md)
        self.out = out

    def run(self, text: str) -> str:
        stash = self.md.htmlStash
        kept = text
        for index in range(stash.html_counter):
            placeholder = stash.get_placeholder(index)
            raw = str(stash.rawHtmlBlocks[index])
            replacement = raw if raw.startswith("&") else ""
            kept = kept.replace(f"<p>{placeholder}</p>", replacement).replace(placeholder, replacement)
        # The postprocessors after this one, bar the one that puts raw HTML back (e.g. & substitution).
        processors = list(self.md.postprocessors)
        for processor in processors[processors.index(self) + 1 :]:
            if processor is not self.md.postprocessors["raw_html"]:
                kept = processor.run(kept)
        self.out[0] = kept
        return text


def _extension_objects() -> list[markdown.extensions.Extension]:
    """BODY_EXTENSIONS made as Markdown makes them from their names, without its look-up: a name
    makes Markdown read every installed package's entry points first (some 0.1 s a process)."""
    configs = _extension_configs()
    return [
        importlib.import_module(f"markdown.extensions.{name}").makeExtension(**configs.get(name, {}))
        for name in BODY_EXTENSIONS
    ]


class _Renderer:
    """One Markdown instance, reset between bodies (making one costs more than converting a body)."""

    def __init__(self) -> None:
        self.link_map: list[LinkMap | None] = [None]
        self.markdown_only = [""]
        self.blocks = [0]
        self.md = markdown.Markdown(extensions=_extension_objects())
        self.md.treeprocessors.register(_Links(self.md, self.link_map), "px_links", 6)
        self.md.preprocessors.register(_CountBlocks(self.md, self.blocks), "px_count_blocks", 1)
        self.md.postprocessors.register(_KeepMarkdownOnly(self.md, self.markdown_only), "px_markdown_only", 40)

    def render(self, text: str, link_map: LinkMap | None) -> Rendered:
        md = self.md
        md.reset()
        # Markdown skips the postprocessors for a blank text: then nothing is recorded, and the
        # output itself (empty) is Markdown's own HTML.
        self.markdown_only[0] = ""
        self.blocks[0] = 0
        self.link_map[0] = link_map
        try:
            out = md.convert(text)
        finally:
            self.link_map[0] = None
        stash = md.htmlStash
        raw = [str(piece) for piece in stash.rawHtmlBlocks]
        # The block preprocessor stashes whole blocks first; inline tags come after.
        is_block = [index < self.blocks[0] for index in range(len(raw))]
        kept = [(piece, block) for piece, block in zip(raw, is_block, strict=True) if not piece.startswith("&")]
        return Rendered(
            html=out,
            toc_tokens=list(getattr(md, "toc_tokens", [])),
            raw_html=[piece for piece, _ in kept],
            raw_is_block=[block for _, block in kept],
            markdown_html=self.markdown_only[0],
        )


_local = threading.local()


def _renderer() -> _Renderer:
    renderer: _Renderer | None = getattr(_local, "renderer", None)
    if renderer is None:
        renderer = _local.renderer = _Renderer()
    return renderer


MARKUP_SIGNS = ("<", "[", "!!!")
"""What a body must hold before BODY_EXTENSIONS make anything the sanitiser or the checker looks at.

Without these, Markdown makes only the plain blocks (paragraphs, headings with
prefixed ids and permalinks, lists, quotes, code, rules, tables, definition
lists), every one in the allowlist:

- `<` starts every raw HTML tag, comment and declaration, and every autolink.
- `[` starts every link, image (`![`), reference definition and `[TOC]` marker:
  the only other ways to an href or a src (Python-Markdown links no bare URLs).
- `!!!` opens an admonition, the only markup whose class a body chooses.

Control characters are the one other thing the sanitiser's HTML parser may
change, so a body with any needs rendering too. A property test (tests/test_security.py)
renders and sanitises bodies without these and finds nothing.
"""


def holds_markup_signs(text: str) -> bool:
    """Whether rendering the body could give the checker anything to report (see MARKUP_SIGNS)."""
    # A sign's first character is looked for first (a memchr): searching a text for "!!!" costs
    # some fifty times more, and most bodies hold no "!" at all.
    return any(sign[0] in text and sign in text for sign in MARKUP_SIGNS) or first_control(text) >= 0


def render_body(text: str, link_map: LinkMap | None = None) -> Rendered:
    """A case body as HTML, exactly as the site shows it before sanitising.

    A body too_complex() for Markdown is shown as plain escaped paragraphs, in linear time.
    """
    if too_complex(text):
        return _as_text(text)
    try:
        return _renderer().render(text, link_map)
    except RecursionError:
        _local.renderer = None  # a fresh instance next time: this one stopped half-way
        return _as_text(text)


def _as_text(text: str) -> Rendered:
    paragraphs = [part for part in re.split(r"\n[ \t]*\n", text) if part.strip()]
    out = "\n".join(f"<p>{html.escape(part.strip(), quote=False)}</p>" for part in paragraphs)
    return Rendered(html=out, toc_tokens=[], markdown_html=out, plain=True)


# The allowlist: what BODY_EXTENSIONS emit, and nothing else.
TAGS = frozenset(
    {"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "a", "img"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "div"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
ADMONITION_TYPES = frozenset(
    {"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done"}
    | {"question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger"}
    | {"error", "bug", "example", "quote", "cite"}
)
CLASSES: dict[str, set[str]] = {
    "a": {"headerlink"},
    "div": {"admonition", "toc", *ADMONITION_TYPES},
    "p": {"admonition-title"},
}
_ALIGN = frozenset({"left", "right", "center"})
_ID = re.compile(re.escape(HEADING_PREFIX) + r"[\w-]*")


def allowed_value(tag: str, attribute: str, value: str, ids: frozenset[str] | None = frozenset()) -> bool:
    """Whether the sanitiser keeps this attribute value (the checker asks the same question).

    `ids` are the fixed ids the site's own generated markup may also carry; None allows any
    heading id (a generated page's Markdown, whose headings are the site's own text).
    """
    if attribute == "href" or attribute == "src":
        kind, _ = classify_url(value)
        if attribute == "src":
            # Images from another host would make the page fetch from outside the site.
            return kind in (UrlKind.RELATIVE, UrlKind.CASE)
        return kind not in (UrlKind.SCHEME, UrlKind.OUTSIDE)
    if attribute == "id":
        return ids is None or value in ids or _ID.fullmatch(value) is not None
    if attribute == "align":
        return value in _ALIGN
    if attribute == "start":
        return value.isdigit()
    return True


def sanitise(
    fragment: str,
    classes: Mapping[str, Collection[str]] | None = None,
    ids: frozenset[str] | None = frozenset(),
) -> str:
    """Contributed HTML with everything outside the allowlist removed (script and style with their content).

    A generated page's own Markdown passes the classes its headings carry (pages.PAGE_CLASSES)
    and ids=None, on top of what a body may hold.
    """
    allowed_classes = {tag: set(names) for tag, names in CLASSES.items()}
    for tag, names in (classes or {}).items():
        allowed_classes.setdefault(tag, set()).update(names)

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        return value if allowed_value(tag, attribute, value, ids) else None

    return nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=attribute_filter,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(WEB_SCHEMES),
        allowed_classes=allowed_classes,
    )


class MarkupEvents(HTMLParser):
    """HTML as a list of what a browser would build from it, to compare two serialisations."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, tuple(sorted((name, value or "") for name, value in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "data":
            self.events[-1] = ("data", self.events[-1][1] + data)
        else:
            self.events.append(("data", data))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("decl", decl))

    def handle_pi(self, data: str) -> None:
        self.events.append(("pi", data))

    def unknown_decl(self, data: str) -> None:
        self.events.append(("decl", data))


_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"})


def markup_events(fragment: str) -> list[tuple[Any, ...]]:
    parser = MarkupEvents()
    parser.feed(fragment)
    parser.close()
    return parser.events


def sanitising_changes(fragment: str) -> bool:
    """Whether sanitise() would change what a browser builds from this HTML (not just how it is spelt)."""
    return removed_markup(fragment, sanitise(fragment))


def removed_markup(original: str, clean: str) -> bool:
    """Whether `clean`, sanitise(original), differs from `original` in what a browser builds from it.

    The sanitiser writes Markdown's own output back as it was, but for the permalinks' &para;,
    which it spells ¶: equal strings after that one spelling mean equal markup, found without
    parsing either (parsing both was a fifth of what rendering a body costs). Anything else
    unequal is compared as the browser would see it.
    """
    if clean == original.replace("&para;", "¶"):
        return False
    return markup_events(clean) != markup_events(original)
