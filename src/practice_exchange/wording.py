"""Small pieces of English shared by the checker's summary, the report and the site pages."""

from __future__ import annotations


def plural(count: int, one: str, many: str = "") -> str:
    """'1 file', '2 files', '3 case studies' (give `many` where adding 's' is wrong)."""
    return f"{count} {one if count == 1 else many or one + 's'}"
