"""PX116: the first-published date, which the site's feeds are ordered by.

A feed reader shows a case as new once, on the day it was first published.
Ordering by a build date would bring every case back as "new" on every
rebuild, so the date lives in the case study and is written once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..document import Document
from ..findings import Finding, Severity
from ..statuses import rules_for
from .context import CheckContext
from .registry import rule

PUBLISHED_WITHOUT_FIRST_PUBLISHED = rule(
    id="PX116",
    name="published-without-first-published",
    severity=Severity.ERROR,
    summary="A published case study does not say when it was first published.",
    explanation=(
        "The site's feeds list case studies newest first by `first_published`, the day the case first "
        "appeared on the site. It is written once, when a curator publishes the case, and never changed "
        "afterwards, so readers following a feed see each case as new exactly once."
    ),
    fix=(
        "Add `first_published: YYYY-MM-DD`, the day it is published. For a case study published before "
        "this field existed, use its `reviewed` date."
    ),
    bad="---\nstatus: published\nreviewed: 2026-11-24\n# no first_published\n---",
    good="---\nstatus: published\nfirst_published: 2026-11-24\nreviewed: 2026-11-24\n---",
    message=(
        "this published case study has no first_published date; add the line `first_published: {date}` "
        "(the day it was first published; for a case published before the field existed, its reviewed date)"
    ),
)


def _date_text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


def check_first_published(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    meta = doc.meta
    if meta is None or not rules_for(meta.get("status")).needs_first_published or meta.get("first_published"):
        return
    reviewed = _date_text(meta.get("reviewed"))
    line, col = doc.position(("status",))
    yield PUBLISHED_WITHOUT_FIRST_PUBLISHED.at(doc.path, line, col, date=reviewed or "YYYY-MM-DD")
