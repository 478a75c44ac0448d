"""Runs every rule over a set of files and returns all findings, never stopping early.

`check_paths` checks what it is given; `check_changed` checks a few files of a
collection as the whole collection's check would judge them (the pre-commit hook).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .collection_scan import case_file_names, file_stem, identity_of, scan_related
from .document import Document
from .findings import Finding
from .loader import iter_case_file_names, iter_case_files, read_document
from .rules import archive, body, collection, figures, markup, privacy, publishing, values
from .rules import parsing as px
from .rules.context import CheckContext
from .taxonomy import SOURCES_FILE, TAXONOMY_FILE, Taxonomy

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
    files = list(iter_case_file_names(paths))
    known = case_ids | {file_stem(name) for name, _ in files}
    ctx = CheckContext(taxonomy, today, frozenset(known))
    findings: list[Finding] = []
    identities: list[collection.Identity] = []
    for name, display in files:
        doc = read_document(name, display)
        findings.extend(f for f in check_document(doc, ctx) if wanted(f.code))
        if doc.meta is not None:
            identities.append(identity_of(doc))
    findings.extend(f for f in collection.check_collection(identities, known) if wanted(f.code))
    findings.extend(f for f in collection.check_registry(taxonomy) if wanted(f.code))
    findings.sort()
    return CheckResult(findings, len(files))


def check_document(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """Every finding for one parsed document: the loader's, then each band's."""
    yield from doc.findings
    for check in DOCUMENT_CHECKS:
        yield from check(doc, ctx)


def check_changed(
    paths: list[Path],
    collection_dir: Path,
    taxonomy: Taxonomy,
    today: dt.date,
    wanted: Callable[[str], bool] = lambda code: True,
) -> CheckResult:
    """The findings a check of the whole collection reports that concern `paths`, without checking the rest.

    Each given case study is checked in full against the collection (links
    resolve against every file), and the collection rules (duplicate ids and
    titles, replacements) run over every file, the others read by the cheap
    scan of collection_scan; of their findings are kept those on a given file
    and those of a duplicate group or replacement that a given file is part
    of. A given taxonomy.yml or sources.yml can break any case study, so it
    (or the collection folder itself) makes this the full check. A path
    outside the collection is a finding; one inside it that the full check
    does not read (a hidden file, LICENSE) is skipped, as the full check skips it.
    """
    # Strings, not Paths: at 10,000 files making a Path for each costs a tenth of a second.
    walk = case_file_names(collection_dir)
    display_of = {os.path.abspath(found): found for found in walk}
    root = os.path.abspath(collection_dir)
    vocabularies = {os.path.join(root, TAXONOMY_FILE), os.path.join(root, SOURCES_FILE), root}
    given = [os.path.abspath(path) for path in paths]
    if vocabularies.intersection(given):
        return check_paths([collection_dir], taxonomy, today, wanted=wanted)
    chosen: set[str] = set()
    findings: list[Finding] = []
    for path, absolute in zip(paths, given, strict=True):
        if absolute in display_of:
            chosen.add(display_of[absolute])
        elif os.path.isdir(absolute) and _inside(absolute, root):
            chosen.update(display_of[os.path.abspath(found)] for found, _ in iter_case_files([path]))
        elif not os.path.lexists(absolute):
            findings.extend(read_document(path).findings)  # says the file is missing
        elif not _inside(absolute, root):
            findings.append(
                px.UNREADABLE.at(str(path), 1, 1, variant="outside_collection", collection=str(collection_dir))
            )
    findings = [finding for finding in findings if wanted(finding.code)]
    ctx = CheckContext(taxonomy, today, frozenset(file_stem(found) for found in walk))
    mine: dict[str, collection.Identity] = {}
    for display in walk:
        if display in chosen:
            doc = read_document(Path(display), display)
            findings.extend(f for f in check_document(doc, ctx) if wanted(f.code))
            if doc.meta is not None:
                mine[display] = identity_of(doc)
    others = scan_related([display for display in walk if display not in chosen], list(mine.values()))
    # In the order of the full check, which decides which of two duplicates is reported.
    order = {display: index for index, display in enumerate(walk)}
    identities = sorted([*mine.values(), *others], key=lambda item: order[item.path])
    involved = _Involvement(identities, chosen)
    findings.extend(f for f in collection.check_collection(identities, ctx.case_ids) if wanted(f.code) and involved(f))
    findings.sort()
    return CheckResult(findings, len(chosen))


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class _Involvement:
    """Whether a collection finding concerns one of the chosen files: it is on one, or on a file of
    the same duplicate id or title, or on a file whose replacement is one."""

    def __init__(self, identities: list[collection.Identity], chosen: set[str]) -> None:
        self.chosen = chosen
        self.by_path = {item.path: item for item in identities}
        mine = [item for item in identities if item.path in chosen]
        self.ids = {item.id for item in mine if item.id is not None}
        self.titles = {collection.title_key(item.title) for item in mine if item.title is not None}

    def __call__(self, finding: Finding) -> bool:
        if finding.path in self.chosen:
            return True
        item = self.by_path.get(finding.path)
        if item is None:
            return False
        if finding.code == collection.DUPLICATE_ID.id:
            return item.id in self.ids
        if finding.code == collection.DUPLICATE_TITLE.id:
            return item.title is not None and collection.title_key(item.title) in self.titles
        if finding.code == collection.REPLACEMENT_ARCHIVED.id:
            return item.replaced_by in self.ids
        return False
