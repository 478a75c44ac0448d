"""PX114-PX115: archived case studies and what replaces them.

A merged or withdrawn case study is archived, never deleted: its address
keeps answering with a short page that points to the case replacing it. So
an archived case must say which case that is and why; a live case must not
claim to be replaced.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..findings import Finding, Severity
from ..statuses import rules_for
from .context import CheckContext
from .registry import rule

ARCHIVED_WITHOUT_REPLACEMENT = rule(
    id="PX114",
    name="archived-without-replacement",
    severity=Severity.ERROR,
    summary="An archived case study does not say what replaces it, or why it was archived.",
    explanation=(
        "Archived case studies keep their address so old links still work. The page shown there tells the"
        " reader why the case was archived and sends them to the case that replaces it; without "
        "`replaced_by` and `archive_note` the reader meets a dead end."
    ),
    fix="Add `replaced_by: <id of the published case study that replaces it>` and a one-sentence `archive_note`.",
    bad="---\nstatus: archived\n# no replaced_by, no archive_note\n---",
    good="---\nstatus: archived\nreplaced_by: another-case\narchive_note: Merged into another-case.\n---",
    message="this case study is archived but has no {missing}; say which case replaces it and why",
)
REPLACED_BUT_NOT_ARCHIVED = rule(
    id="PX115",
    name="replaced-but-not-archived",
    severity=Severity.ERROR,
    summary="A case study names a replacement but is not archived.",
    explanation=(
        "`replaced_by` and `archive_note` only mean something on an archived case study: on a published "
        "or draft one they would send readers away from a case that is still shown."
    ),
    fix="Either set `status: archived`, or remove `replaced_by` and `archive_note`.",
    bad="---\nstatus: published\nreplaced_by: another-case\n---",
    good="---\nstatus: archived\nreplaced_by: another-case\narchive_note: Merged into another-case.\n---",
    message="'{field}' is set but the status is '{status}'; archive the case study or remove the field",
)


def check_archive(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    if doc.meta is None:
        return
    meta = doc.meta
    if rules_for(meta.get("status")).needs_replacement:
        missing = [name for name in ("replaced_by", "archive_note") if not meta.get(name)]
        if missing:
            line, col = doc.position(("status",))
            yield ARCHIVED_WITHOUT_REPLACEMENT.at(doc.path, line, col, missing=" and no ".join(missing))
        return
    for name in ("replaced_by", "archive_note"):
        if name in meta:
            line, col = doc.position((name,))
            yield REPLACED_BUT_NOT_ARCHIVED.at(doc.path, line, col, field=name, status=meta.get("status"))
