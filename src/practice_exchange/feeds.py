"""Atom feeds of new case studies: one of everything, one per theme. Pure: no MkDocs.

Entries are ordered by `first_published`, newest first, and the feed's
`updated` is the newest first-published date in the collection: never the
build date, or every rebuild would tell feed readers that something changed.
Entry ids are URNs built from the case id, so they survive a move of the site.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from .catalogue import case_url
from .controls import without_controls
from .model import CaseStudy
from .taxonomy import Taxonomy

ATOM_NS = "http://www.w3.org/2005/Atom"
ALL_FEED = "feeds/all.xml"
SITE_NAME = "Practice Exchange"


def theme_feed(theme_id: str) -> str:
    """The docs-relative path of a theme's feed."""
    return f"feeds/themes/{theme_id}.xml"


def newest_first(studies: Sequence[CaseStudy]) -> list[CaseStudy]:
    """The cases that have a first-published date, newest first (PX116 reports any without one)."""
    by_title = sorted((study for study in studies if study.first_published), key=lambda s: s.title.casefold())
    # sorted() is stable: cases published on the same day stay in title order.
    return sorted(by_title, key=lambda study: study.first_published, reverse=True)


def _stamp(date: str) -> str:
    """An RFC 3339 timestamp for a YYYY-MM-DD date: midnight UTC, since only the day is known."""
    return f"{date}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str = "", **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text:
        # XML 1.0 allows no control characters: one in a title would make the whole feed unreadable.
        element.text = without_controls(text)
    return element


def atom_feed(
    title: str,
    feed_path: str,
    page_path: str,
    studies: Sequence[CaseStudy],
    taxonomy: Taxonomy,
    site_url: str,
    updated: str,
    directory_urls: bool = True,
) -> str:
    """An Atom document; `feed_path` and `page_path` are URLs relative to `site_url`.

    `updated` is the newest first_published date of the whole collection, so an
    empty theme's feed is still valid Atom with a meaningful date.
    """
    base = site_url.rstrip("/") + "/"
    # Unprefixed names and an explicit xmlns: ElementTree's default_namespace option
    # refuses the unqualified attributes (rel, href) that Atom uses.
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _add(feed, "title", title)
    _add(feed, "id", f"urn:practice-exchange:feed:{feed_path.removesuffix('.xml')}")
    _add(feed, "updated", _stamp(updated))
    _add(feed, "link", rel="self", type="application/atom+xml", href=base + feed_path)
    _add(feed, "link", rel="alternate", type="text/html", href=base + page_path)
    author = _add(feed, "author")
    _add(author, "name", SITE_NAME)
    _add(feed, "rights", "Text licensed under CC BY 4.0")
    for study in newest_first(studies):
        entry = _add(feed, "entry")
        _add(entry, "title", " ".join(study.title.split()))
        _add(entry, "id", f"urn:practice-exchange:case:{study.id}")
        _add(entry, "link", rel="alternate", type="text/html", href=base + case_url(study.id, directory_urls))
        _add(entry, "published", _stamp(study.first_published))
        _add(entry, "updated", _stamp(study.first_published))
        _add(entry, "summary", " ".join(study.summary.split()))
        for theme in study.themes:
            _add(entry, "category", term=theme, label=taxonomy.label("themes", theme))
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
