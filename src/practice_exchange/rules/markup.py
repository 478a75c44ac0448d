"""The body as the site renders it: raw HTML, links and whatever the sanitiser would remove.

The body is rendered with render.render_body, the function the site build
uses, and the findings come from that HTML, so the checker and the build
cannot disagree about what is code, what is a tag or where a link points.
Markdown does not say which source line made which element, so each finding
is placed by finding the element's source text in the body, in order; the
line index is built once per file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from .. import render
from ..document import Document
from ..findings import Finding, Severity
from ..render import UrlKind
from .body import BROKEN_LINK
from .context import CheckContext
from .registry import Rule, rule
from .safety import IFRAME, RAW_HTML, SCRIPT, UNSAFE_LINK

UNRESOLVED_LINK = rule(
    id="PX206",
    name="unresolved-link",
    severity=Severity.ERROR,
    summary="A link or image points to a relative address that is not another case study.",
    explanation=(
        "Case studies link to each other by file name (`other-id.md`), to a section of the same page "
        "(`#context`) or to the web (https://...). Any other relative address, such as `../docs/page.md` "
        "or `photo.png`, names nothing the site publishes next to the case page, so readers would get a "
        "dead link."
    ),
    fix="Link to the case study by its id (`other-id.md`), or give the full https:// address.",
    bad="See [the guidance](../guidance/send.md).",
    good="See [the guidance](https://www.gov.uk/guidance/send).",
    message=(
        "{what} to '{target}': the site publishes nothing there; "
        "link to a case study by its id (other-id.md) or give a full https:// address"
    ),
)
TOO_COMPLEX_BODY = rule(
    id="PX207",
    name="body-too-complex",
    severity=Severity.ERROR,
    summary="The body is too complex for the site to render as Markdown.",
    explanation=(
        "Markdown looks for the end of every square bracket, back-tick, angle bracket, asterisk and "
        "backslash it meets, and each level of nesting (quotes, lists) is a level of recursion, so a body "
        f"longer than {render.MAX_MARKDOWN_CHARS:,} characters, with more than {render.MAX_OPENERS:,} of "
        "one of those characters, "
        f"a line starting with more than {render.MAX_LEAD} characters of indentation or markers, or more "
        f"than {render.MAX_BLOCK_LINES} lines without a blank line, would take the build minutes or crash it. "
        "Such a body is shown as plain text: no headings, no links."
    ),
    fix="Remove the stray characters or flatten the nesting the message names.",
    bad="[" * 3 + " ... (thousands of [ characters)",
    good="A body of ordinary Markdown: paragraphs, lists and a few [links](https://example.org).",
    message="the site shows this body as plain text, because {reason}",
)
STRIPPED = rule(
    id="PX408",
    name="stripped-markup",
    severity=Severity.ERROR,
    summary="The site would remove part of the body's markup when publishing it.",
    explanation=(
        "Every case page is passed through an allowlist sanitiser before it is published: only the markup"
        " plain Markdown makes is kept, and images load only from the site itself. Anything else (an "
        "image from another website, an unknown admonition type) is removed, so it would silently differ "
        "from what the contributor wrote."
    ),
    fix=(
        "Follow the message: link to the image's page instead of showing it, or use one of the admonition"
        " types the message lists."
    ),
    bad="![logo](https://example.org/logo.png)",
    good="[The trust's logo](https://example.org/logo.png)",
    messages={
        "element": "the site removes <{tag}> elements",
        "box_type": "'{word}' is not a box type the site knows, so its style is removed; use one of {types}",
        "attribute": "the site removes the {attribute} attribute of <{tag}>",
        "outside_image": (
            "the site shows no images from other websites (pages load nothing from outside); "
            "link to the image's page instead"
        ),
        "changed": "the site would change this body's markup when publishing it",
    },
)

_OLD_SCHEMES = ("javascript", "vbscript", "data")


@dataclass(frozen=True)
class _Tag:
    """One tag of the rendered HTML, with its attributes decoded and as written."""

    name: str
    attrs: list[tuple[str, str]]
    text: str
    """The start tag as it stands in the HTML, to find attribute values in the source."""


class _Tags(render.MarkupEvents):
    """The start tags of Markdown's HTML, and (inherited) the events to compare with the sanitised HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[_Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        text = self.get_starttag_text() or ""
        self.tags.append(_Tag(tag, [(name, value or "") for name, value in attrs], text))


@dataclass(frozen=True)
class _RawPart:
    """A tag, comment or declaration inside one piece of raw HTML."""

    offset: int
    """Where it starts in the piece."""
    kind: str
    """"start", "end", "comment" or "decl"."""
    name: str


class _RawParts(HTMLParser):
    def __init__(self, piece: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[_RawPart] = []
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(piece) if ch == "\n"]

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(_RawPart(self._offset(), "start", tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(_RawPart(self._offset(), "end", tag))

    def handle_comment(self, data: str) -> None:
        self.parts.append(_RawPart(self._offset(), "comment", ""))

    def handle_decl(self, decl: str) -> None:
        self.parts.append(_RawPart(self._offset(), "decl", ""))

    def handle_pi(self, data: str) -> None:
        self.handle_decl(data)

    def unknown_decl(self, data: str) -> None:
        self.handle_decl(data)


def _raw_parts(piece: str) -> list[_RawPart]:
    parser = _RawParts(piece)
    parser.feed(piece)
    parser.close()
    return parser.parts or [_RawPart(0, "decl", "")]


class _Finder:
    """Finds rendered things back in the source, each search going on from the last one of its kind."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        # Markdown expands tabs before it parses (line numbers do not change).
        self.text = doc.body.expandtabs(4) if "\t" in doc.body else doc.body
        self.cursors: dict[str, int] = {}

    def find(self, kind: str, *needles: str, live: bool = False) -> int:
        """The offset of the first needle found at or after this kind's cursor (else anywhere, else 0).

        With `live`, an occurrence inside a code span (after an odd number of back-ticks on its
        line) is passed over while a later one exists: raw HTML in code is not what Markdown stashed.
        """
        start = self.cursors.get(kind, 0)
        for needle in needles:
            if not needle:
                continue
            at = self._first(needle, start, live)
            if at < 0:
                at = self._first(needle, 0, live)
            if at >= 0:
                self.cursors[kind] = at + 1
                return at
        return start

    def _first(self, needle: str, start: int, live: bool) -> int:
        at = self.text.find(needle, start)
        first = at
        while live and at >= 0 and self._in_code_span(at):
            at = self.text.find(needle, at + 1)
        return at if at >= 0 else first

    def _in_code_span(self, offset: int) -> bool:
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text.count("`", line_start, offset) % 2 == 1

    def locate(self, offset: int) -> tuple[int, int]:
        return self.doc.locate(offset)


def check_markup(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    if not doc.body or doc.body.isspace():  # what `not body.strip()` says, without copying the body
        return
    if not render.holds_markup_signs(doc.body):
        # Nothing Markdown can make from this body is outside the allowlist (render.MARKUP_SIGNS),
        # so the only finding possible is that it is too complex to render at all.
        why = render.too_complex(doc.body)
        if why:
            yield TOO_COMPLEX_BODY.at(doc.path, doc.body_line, 1, reason=why)
        return
    yield from check_rendered(doc, ctx)


def check_rendered(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """check_markup without its shortcut: render the body and report what the sanitiser would remove."""
    finder = _Finder(doc)
    findings: list[Finding] = []
    rendered = render.render_body(doc.body)
    if rendered.plain:
        why = render.too_complex(doc.body) or "it nests too deeply"
        yield TOO_COMPLEX_BODY.at(doc.path, doc.body_line, 1, reason=why)
        return
    findings.extend(_raw_html(doc, finder, rendered))
    tags = _Tags()
    tags.feed(rendered.markdown_html)
    tags.close()
    findings.extend(_markdown_markup(doc, ctx, finder, tags.tags))
    # Without findings there was no raw HTML, so Markdown's HTML is the whole body.
    if not findings and render.markup_events(render.sanitise(rendered.html)) != tags.events:
        # A safety net: nothing above explains the change, so say that there is one.
        findings.append(STRIPPED.at(doc.path, doc.body_line, 1, variant="changed"))
    yield from sorted(findings)


def _raw_html(doc: Document, finder: _Finder, rendered: render.Rendered) -> Iterator[Finding]:
    located: list[tuple[int, _RawPart]] = []
    for piece, is_block in zip(rendered.raw_html, rendered.raw_is_block, strict=True):
        needle = piece.rstrip("\n")
        first_line = needle.split("\n", 1)[0]
        at = finder.find("block" if is_block else "inline", needle, first_line, first_line[:20], live=True)
        located.extend((at + part.offset, part) for part in _raw_parts(piece))
    raw_html_line = 0  # one raw-html finding a line: `<b>x</b>` is one problem, not two
    for offset, part in sorted(located, key=lambda item: item[0]):
        line, col = doc.locate(offset)
        name = part.name.lower()
        if part.kind == "end" and name in _FRAME_TAGS | {"script"}:
            continue  # the opening tag has been reported; its closing tag is the same problem
        if part.kind == "start" and name == "script":
            yield SCRIPT.at(doc.path, line, col)
        elif part.kind == "start" and name in _FRAME_TAGS:
            yield IFRAME.at(doc.path, line, col, tag=name)
        elif raw_html_line != line:
            raw_html_line = line
            if part.kind in ("start", "end"):
                yield RAW_HTML.at(doc.path, line, col, variant=_RAW_VARIANT[part.kind], tag=name)
            else:
                yield RAW_HTML.at(doc.path, line, col, variant=_RAW_VARIANT[part.kind])


_FRAME_TAGS = {"iframe", "object", "embed", "frame", "frameset"}
_RAW_VARIANT = {"comment": "comment", "decl": "declaration", "start": "start_tag", "end": "end_tag"}
"""Which of PX401's messages each kind of raw HTML part takes."""


def _attribute_source(tag: _Tag, name: str) -> str:
    """An attribute's value as written in the start tag (Markdown writes attributes in double quotes)."""
    marker = f' {name}="'
    start = tag.text.find(marker)
    if start < 0:
        return ""
    start += len(marker)
    end = tag.text.find('"', start)
    return tag.text[start:end] if end >= 0 else ""


def _markdown_markup(doc: Document, ctx: CheckContext, finder: _Finder, tags: list[_Tag]) -> Iterator[Finding]:
    for tag in tags:
        if tag.name not in render.TAGS:
            at = finder.find("tag", f"<{tag.name}")
            yield _at(doc, STRIPPED, finder, at, "element", tag=tag.name)
            continue
        allowed = render.ATTRIBUTES.get(tag.name, set())
        for name, value in tag.attrs:
            if name in ("href", "src"):
                yield from _check_url(doc, ctx, finder, tag, name, value)
            elif name == "class":
                known = render.CLASSES.get(tag.name, set())
                for word in value.split():
                    if word not in known:
                        at = finder.find("class", f"!!! {word}", f"??? {word}", word)
                        types = ", ".join(sorted(render.ADMONITION_TYPES))
                        yield _at(doc, STRIPPED, finder, at, "box_type", word=word, types=types)
            elif name not in allowed or not render.allowed_value(tag.name, name, value):
                at = finder.find("attribute", value, name)
                yield _at(doc, STRIPPED, finder, at, "attribute", attribute=name, tag=tag.name)


def _check_url(
    doc: Document, ctx: CheckContext, finder: _Finder, tag: _Tag, name: str, value: str
) -> Iterator[Finding]:
    kind, scheme = render.classify_url(value)
    if render.allowed_value(tag.name, name, value) and kind not in (UrlKind.CASE, UrlKind.RELATIVE):
        return
    written = _attribute_source(tag, name)
    at = finder.find("url", written, value, render.browser_url(value), scheme)
    if kind is UrlKind.SCHEME:
        variant = "scheme" if scheme in _OLD_SCHEMES else "other_scheme"
        yield _at(doc, UNSAFE_LINK, finder, at, variant, scheme=scheme)
    elif kind is UrlKind.OUTSIDE:
        yield _at(doc, UNSAFE_LINK, finder, at, "protocol_relative")
    elif name == "src" and kind is UrlKind.WEB:
        yield _at(doc, STRIPPED, finder, at, "outside_image")
    elif name == "href" and kind is UrlKind.CASE:
        case_id, _ = render.case_target(value)
        if doc.meta is not None and case_id not in ctx.case_ids:
            yield _at(doc, BROKEN_LINK, finder, at, None, target=value, case_id=case_id)
    elif kind in (UrlKind.RELATIVE, UrlKind.CASE):
        what = "image" if name == "src" else "link"
        yield _at(doc, UNRESOLVED_LINK, finder, at, None, what=what, target=value)


def _at(doc: Document, declared: Rule, finder: _Finder, offset: int, variant: str | None, **values: object) -> Finding:
    line, col = finder.locate(offset)
    return declared.at(doc.path, line, col, variant=variant, **values)
