"""PX3xx: rules that need the whole collection, such as unique ids."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..findings import Finding, Severity
from .registry import rule

E, W = Severity.ERROR, Severity.WARNING

DUPLICATE_ID = rule(
    "PX301",
    "duplicate-id",
    E,
    "Two case studies have the same id.",
    "The id is a case study's permanent address; two files with one id would overwrite each other on the site.",
    "Give one of them a different id (and rename its file to match).",
    "practice/a.md and practice/b/a.md both with `id: a`",
)
DUPLICATE_TITLE = rule(
    "PX302",
    "duplicate-title",
    W,
    "Two case studies have the same title.",
    "Readers choose from lists of titles; two identical titles cannot be told apart.",
    "Make the titles distinct, for example by naming the place or the kind of support.",
    "Two files both titled 'School-to-school support'",
)


@dataclass(frozen=True)
class Identity:
    """The little the collection rules keep per file, so memory stays flat in N."""

    path: str
    id: str | None
    id_position: tuple[int, int]
    title: str | None
    title_position: tuple[int, int]


def check_collection(identities: list[Identity]) -> Iterator[Finding]:
    first_by_id: dict[str, Identity] = {}
    first_by_title: dict[str, Identity] = {}
    for item in identities:
        if item.id is not None:
            first = first_by_id.setdefault(item.id, item)
            if first is not item:
                line, col = item.id_position
                yield DUPLICATE_ID.at(item.path, line, col, f"id '{item.id}' is already used by {first.path}")
        if item.title is not None:
            key = " ".join(item.title.casefold().split())
            first = first_by_title.setdefault(key, item)
            if first is not item:
                line, col = item.title_position
                yield DUPLICATE_TITLE.at(item.path, line, col, f"title is the same as {first.path}'s")
