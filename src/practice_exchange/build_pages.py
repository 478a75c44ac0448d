"""`practice build-pages`: the whole site as plain Markdown files in one folder.

What the MkDocs plugin hands MkDocs in memory (pages.site_files(): case, term
and listing pages, the matrix, browse and search shells, catalogue.json/.csv),
written to disk next to a copy of the hand-written docs/ pages, so that any
engine that reads a folder of Markdown can build the collection. The pages
are the very ones the MkDocs site is built from; nothing here generates a
page of its own.

The folder is written defensively: every target must resolve inside it, a
folder that holds anything and is not one build-pages wrote before is left
alone unless forced, and a folder build-pages wrote before is cleared of the
files it wrote last time, so a removed case study leaves no stale page.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypedDict

from . import pages
from .loader import ReadMemo, read_collection, with_status
from .model import CaseStudy
from .search_records import finder_vocabulary
from .statuses import Status
from .taxonomy import Taxonomy

LOCAL_SITE_URL = "http://127.0.0.1:8000/"
"""The site's address when PRACTICE_SITE_URL is not set: mkdocs.yml's default, so both builds agree."""

MANIFEST = ".practice-build-pages.json"
"""Written into the output folder: marks it as build-pages' own and lists the files written."""


class BuildPagesError(Exception):
    """The pages were not written: the output folder is unsafe, or the inputs clash."""


@dataclass(frozen=True)
class PageSet:
    """Every file of the site, docs-relative path -> bytes."""

    files: Mapping[str, bytes]
    generated: int
    """How many of them pages.site_files() made (the rest are copied from docs/)."""


class PublicationInputs(TypedDict):
    """What pages.site_files() needs beyond the published cases (its keyword arguments)."""

    archived: Sequence[CaseStudy]
    site_url: str
    generated: str


def publication(
    collection: Path, site_url: str, memo: ReadMemo | None = None
) -> tuple[list[CaseStudy], PublicationInputs]:
    """The published cases, and what else pages.site_files() needs, from one reading of the collection:
    the archived cases (for their tombstones), the site's address (for the feeds) and the build's date
    (for the catalogue downloads; SOURCE_DATE_EPOCH pins it for a reproducible build).

    The MkDocs plugin and build-pages both use it, so both give the same pages; the plugin passes
    a `memo` (loader.ReadMemo), so a rebuild reads only the files that changed."""
    everything, _ = read_collection(collection, memo)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    today = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    inputs: PublicationInputs = {
        "archived": with_status(everything, (Status.ARCHIVED,)),
        "site_url": site_url,
        "generated": today.isoformat(),
    }
    return with_status(everything), inputs


def collect(
    collection: Path, taxonomy: Taxonomy, docs: Path, directory_urls: bool = True, site_url: str = ""
) -> PageSet:
    """The generated pages of the collection plus the hand-written pages and assets under `docs`."""
    studies, inputs = publication(collection, site_url)
    generated = pages.site_files(
        studies, taxonomy, directory_urls, **inputs, vocabulary=finder_vocabulary(taxonomy, studies)
    )
    files: dict[str, bytes] = {uri: content.encode("utf-8") for uri, content in generated.items()}
    if docs.is_dir():
        for path in sorted(docs.rglob("*")):
            if not path.is_file():
                continue
            uri = path.relative_to(docs).as_posix()
            if uri in generated:
                raise BuildPagesError(f"{path} would hide a generated page of the same name; rename or remove it")
            try:
                content = path.read_bytes()
            except OSError as error:
                raise BuildPagesError(f"cannot read {path}: {error.strerror or error}") from error
            if path.suffix == ".md":
                try:
                    markdown = content.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise BuildPagesError(f"{path} is not UTF-8 text: {error.reason}") from error
                content = pages.fill_evidence_labels(markdown, taxonomy).encode("utf-8")
            files[uri] = content
    return PageSet(files, len(generated))


def _overlaps(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def _inside(out: Path, uri: str) -> Path:
    """The file `uri` names inside `out`; refuses a path that would land anywhere else."""
    relative = PurePosixPath(uri)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BuildPagesError(f"refusing to write {uri!r}: not a plain path inside the output folder")
    # resolve() follows symlinks, so a link inside the folder that points out of it is caught too.
    target = (out / relative).resolve()
    if not target.is_relative_to(out):
        raise BuildPagesError(f"refusing to write {uri!r}: it resolves to {target}, outside {out}")
    return target


def _previous_files(out: Path) -> list[str] | None:
    """The files build-pages wrote into `out` last time, or None if `out` is not its folder."""
    manifest = out / MANIFEST
    if not manifest.is_file():
        return None
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    except (ValueError, AttributeError, OSError) as error:
        raise BuildPagesError(f"{manifest} is not a build-pages manifest ({error}); pass --force") from error
    return [uri for uri in listed if isinstance(uri, str)]


def write(page_set: PageSet, out: Path, protected: tuple[Path, ...] = (), force: bool = False) -> Path:
    """Write every file into `out` (created if missing) and return the folder, resolved.

    `protected` folders (the collection, docs/) may neither be nor hold nor lie inside `out`.
    A folder holding anything that build-pages did not write is refused unless `force`;
    then files of the same name are overwritten and the others are left as they are.
    """
    out = out.resolve()
    for folder in protected:
        if _overlaps(out, folder.resolve()):
            raise BuildPagesError(f"refusing to write into {out}: it overlaps {folder.resolve()}")
    if out.exists() and not out.is_dir():
        raise BuildPagesError(f"{out} exists and is not a folder")
    previous: list[str] = []
    if out.is_dir() and any(out.iterdir()):
        owned = _previous_files(out)
        if owned is None and not force:
            raise BuildPagesError(
                f"{out} is not empty and was not written by build-pages; choose an empty folder or pass --force"
            )
        previous = owned or []
    targets = {uri: _inside(out, uri) for uri in page_set.files}
    for uri in previous:
        if uri not in targets:
            stale = _inside(out, uri)
            if stale.is_file():
                stale.unlink()
    try:
        out.mkdir(parents=True, exist_ok=True)
        for uri, content in page_set.files.items():
            targets[uri].parent.mkdir(parents=True, exist_ok=True)
            targets[uri].write_bytes(content)
        manifest = {"written_by": "practice build-pages", "files": sorted(page_set.files)}
        (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    except OSError as error:
        raise BuildPagesError(f"cannot write into {out}: {error.strerror or error}") from error
    return out
