"""Runs every rule over a set of files and returns all findings, never stopping early."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .document import Document
from .findings import Finding
from .loader import iter_case_files, read_document
from .rules import archive, body, collection, figures, markup, privacy, publishing, values
from .rules.context import CheckContext
from .taxonomy import Taxonomy

DocumentCheck = Callable[[Document, CheckContext], Iterable[Finding]]
DOCUMENT_CHECKS: tuple[DocumentCheck, ...] = (
    values.check_values,
    archive.check_archive,
    publishing.check_first_published,
    body.check_body,
    markup.check_markup,
    privacy.check_privacy,
    figures.check_figures,
)


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    files: int


def collection_ids(collection_dir: Path) -> frozenset[str]:
    """Ids that links may point to: the file names of the collection's case studies."""
    return frozenset(path.stem for path, _ in iter_case_files([collection_dir]))


def check_paths(
    paths: list[Path],
    taxonomy: Taxonomy,
    today: dt.date,
    case_ids: frozenset[str] = frozenset(),
    wanted: Callable[[str], bool] = lambda code: True,
) -> CheckResult:
    """Check files (directories are searched for *.md) and return every finding, sorted.

    Findings are filtered by `wanted` as they are made, and each document is
    dropped once checked, so memory holds only findings and ids, not texts.
    """
    files = list(iter_case_files(paths))
    known = case_ids | {path.stem for path, _ in files}
    ctx = CheckContext(taxonomy, today, frozenset(known))
    findings: list[Finding] = []
    identities: list[collection.Identity] = []
    for path, display in files:
        doc = read_document(path, display)
        findings.extend(f for f in check_document(doc, ctx) if wanted(f.code))
        if doc.meta is not None:
            identities.append(_identity(doc))
    findings.extend(f for f in collection.check_collection(identities, known) if wanted(f.code))
    findings.extend(f for f in collection.check_registry(taxonomy) if wanted(f.code))
    findings.sort()
    return CheckResult(findings, len(files))


def check_document(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """Every finding for one parsed document: the loader's, then each band's."""
    yield from doc.findings
    for check in DOCUMENT_CHECKS:
        yield from check(doc, ctx)


def _identity(doc: Document) -> collection.Identity:
    assert doc.meta is not None
    case_id, title = doc.meta.get("id"), doc.meta.get("title")
    status, replaced_by = doc.meta.get("status"), doc.meta.get("replaced_by")
    return collection.Identity(
        path=doc.path,
        id=case_id if isinstance(case_id, str) else None,
        id_position=doc.position(("id",)),
        title=title if isinstance(title, str) else None,
        title_position=doc.position(("title",)),
        status=status if isinstance(status, str) else None,
        replaced_by=replaced_by if isinstance(replaced_by, str) else None,
        replaced_by_position=doc.position(("replaced_by",)),
    )
