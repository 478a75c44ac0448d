"""Escaping contributed text: the one module for it.

- text(): inline Markdown (titles, descriptions and table cells the pages write as Markdown);
- attr(): page metadata, which Material prints into HTML unescaped;
- html_text(): a value in generated HTML; the templates apply it to every value
  (html_templates.py), so no other code calls it for markup.
"""

from __future__ import annotations

import html
import re

from .controls import without_controls

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#!|~^])")


def one_line(value: object) -> str:
    """Frontmatter text on one line, without control characters (PX409 reports them; pages never show them)."""
    return without_controls(" ".join(str(value).split()))


def text(value: str) -> str:
    """Frontmatter text as inert inline Markdown: one line, no markup, no HTML.

    Markdown punctuation is backslash-escaped first (so a title cannot make a
    link, emphasis or an attribute list), then <, > and & become entities.
    """
    return html.escape(_MARKDOWN_SPECIALS.sub(r"\\\1", one_line(value)), quote=False)


def html_text(value: str) -> str:
    """One line, with <, >, &, and both quotes as entities: safe as HTML text and in a quoted attribute."""
    return html.escape(one_line(value), quote=True)


attr = html_text
"""Page metadata (title, description): Material prints it raw into HTML, so it is escaped as HTML text."""
