"""PX3xx: rules that need the whole collection, such as unique ids."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..findings import Finding, Severity
from ..statuses import rules_for
from ..taxonomy import REGISTRY_MESSAGES, Taxonomy
from .registry import rule

DUPLICATE_ID = rule(
    id="PX301",
    name="duplicate-id",
    severity=Severity.ERROR,
    summary="Two case studies have the same id.",
    explanation=(
        "The id is a case study's permanent address; two files with one id would overwrite each other on the site."
    ),
    fix="Give one of them a different id (and rename its file to match).",
    bad="practice/a.md and practice/b/a.md both with `id: a`",
    good="practice/a.md with `id: a` and practice/b.md with `id: b`",
    message="id '{case_id}' is already used by {first_path}",
)
DUPLICATE_TITLE = rule(
    id="PX302",
    name="duplicate-title",
    severity=Severity.WARNING,
    summary="Two case studies have the same title.",
    explanation="Readers choose from lists of titles; two identical titles cannot be told apart.",
    fix="Make the titles distinct, for example by naming the place or the kind of support.",
    bad="Two files both titled 'School-to-school support'",
    good="'School-to-school support in Hampshire' and 'School-to-school support in Leeds'",
    message="title is the same as {first_path}'s",
)

INVALID_SOURCE = rule(
    id="PX303",
    name="invalid-source-entry",
    severity=Severity.ERROR,
    summary="An entry in sources.yml is incomplete or malformed.",
    explanation=(
        "Every source a case study cites must say where it was published, when, what kind of publication "
        "it is and which facts it states, so a curator can check a case without opening the page. An "
        "entry that lacks any of these cannot be cited: the cases that cite it are reported as citing an "
        "unknown source."
    ),
    fix=(
        "Give the entry every field: id, title, publisher, published (a date or 'undated'), url (or 'not "
        "online'), read, kind and notes; `practice explain PX303` shows a complete one."
    ),
    bad=(
        "- id: a-source\n  title: A page\n  publisher: A Trust\n  published: 2024-03\n  url: "
        "https://example.org/page\n  read: 2026-12-01\n  kind: organisation\n  notes:\n    - The trust runs a"
        " network of SENCOs that meets each half term."
    ),
    good=(
        "- id: a-source\n  title: A page\n  publisher: A Trust\n  published: 2024-03\n  url: "
        "https://example.org/page\n  read: 2026-12-01\n  kind: organisation\n  notes:\n    - The trust runs a"
        " network of SENCOs that meets each half term.   (every field, with a kind from taxonomy.yml)"
    ),
    # Kept beside the registry reader (taxonomy.py), which words them for `practice new-source` too;
    # {problems} lists what is wrong with the entry, as that reader finds it.
    messages=REGISTRY_MESSAGES,
)


def check_registry(taxonomy: Taxonomy) -> Iterator[Finding]:
    """One finding for each entry of sources.yml that could not be loaded."""
    for problem in taxonomy.source_problems:
        yield INVALID_SOURCE.at(taxonomy.sources_path, problem.line, 1, variant=problem.variant, **problem.values)


@dataclass(frozen=True)
class Identity:
    """The little the collection rules keep per file, so memory stays flat in N."""

    path: str
    id: str | None
    id_position: tuple[int, int]
    title: str | None
    title_position: tuple[int, int]
    status: str | None = None
    replaced_by: str | None = None
    replaced_by_position: tuple[int, int] = (1, 1)


REPLACEMENT_NOT_FOUND = rule(
    id="PX304",
    name="replacement-not-found",
    severity=Severity.ERROR,
    summary="An archived case study names a replacement that does not exist.",
    explanation=(
        "The page at an archived case's address sends readers to its replacement; a replacement id that "
        "matches no case study would send them to a missing page."
    ),
    fix="Set `replaced_by` to the id (file name without .md) of a published case study in practice/.",
    bad="---\nstatus: archived\nreplaced_by: no-such-case\n---",
    good="---\nstatus: archived\nreplaced_by: another-case   # practice/another-case.md exists\n---",
    message="replaced_by '{target}' matches no case study in the collection",
)
REPLACEMENT_ARCHIVED = rule(
    id="PX305",
    name="replacement-archived",
    severity=Severity.ERROR,
    summary="An archived case study is replaced by a case that is itself archived.",
    explanation=(
        "Readers following an archived case to its replacement must land on a live case study, not on "
        "another archived page (or back where they started)."
    ),
    fix="Point `replaced_by` at the published case study that now holds the material.",
    bad="a.md archived with `replaced_by: b`, and b.md archived too",
    good="a.md archived with `replaced_by: b`, and b.md published",
    message="replaced_by '{target}' is archived itself; point to the published case that holds the material",
)


def check_collection(identities: list[Identity], known_ids: frozenset[str] = frozenset()) -> Iterator[Finding]:
    first_by_id: dict[str, Identity] = {}
    first_by_title: dict[str, Identity] = {}
    for item in identities:
        if item.id is not None:
            first = first_by_id.setdefault(item.id, item)
            if first is not item:
                line, col = item.id_position
                yield DUPLICATE_ID.at(item.path, line, col, case_id=item.id, first_path=first.path)
        if item.title is not None:
            key = " ".join(item.title.casefold().split())
            first = first_by_title.setdefault(key, item)
            if first is not item:
                line, col = item.title_position
                yield DUPLICATE_TITLE.at(item.path, line, col, first_path=first.path)
    yield from _check_replacements(identities, first_by_id, known_ids)


def _check_replacements(
    identities: list[Identity], by_id: dict[str, Identity], known_ids: frozenset[str]
) -> Iterator[Finding]:
    for item in identities:
        target = item.replaced_by
        if target is None or not rules_for(item.status).needs_replacement:
            continue
        line, col = item.replaced_by_position
        replacement = by_id.get(target)
        if replacement is None and target not in known_ids:
            yield REPLACEMENT_NOT_FOUND.at(item.path, line, col, target=target)
        elif target == item.id or (replacement is not None and rules_for(replacement.status).needs_replacement):
            yield REPLACEMENT_ARCHIVED.at(item.path, line, col, target=target)
