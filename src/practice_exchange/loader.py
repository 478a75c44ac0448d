"""bytes -> text -> frontmatter + body, keeping line numbers, never raising.

Why not python-frontmatter's `load` here: it hands the YAML to a constructor
that forgets where each key was, expands aliases in full and raises on bad
input. The checker needs the line and column of every key and must turn a
hostile file into findings, so the frontmatter goes through yaml_reader,
and each problem it meets becomes the PX0xx finding this module raises.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from .document import FRONTMATTER_FIRST_LINE, Document, YamlPath
from .model import CaseStudy, case_study_from
from .rules import parsing as px
from .rules.registry import Rule
from .statuses import SHOWN
from .yaml_reader import BROKEN, MAX_DEPTH, MAX_NODES, Fault, read_yaml

__all__ = [
    "FRONTMATTER_FIRST_LINE",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Document",
    "YamlPath",
    "iter_case_file_names",
    "iter_case_files",
    "load_case_studies",
    "parse_document",
    "read_collection",
    "read_document",
]

MAX_BYTES = 1_000_000


def read_document(path: str | os.PathLike[str], display: str | None = None) -> Document:
    """Read and parse one file; every failure becomes a finding on the Document."""
    # One conversion to the string the system calls take: each call given a Path converts it again.
    where = os.fspath(path)
    name = display if display is not None else where
    doc = Document(name)
    try:
        # A symlink is never followed: it could publish any file on the machine
        # building the site, or loop. lstat sees the link itself; for anything
        # else it is what stat would say, so one call answers "is it a regular
        # file?" and "how big?" too (opening a FIFO or device to find out would
        # block or read forever).
        info = os.lstat(where)
        if stat.S_ISLNK(info.st_mode):
            doc.findings.append(px.SYMLINK.at(name, 1, 1))
            return doc
        if not stat.S_ISREG(info.st_mode):
            what = "directory" if stat.S_ISDIR(info.st_mode) else "not_regular"
            doc.findings.append(px.UNREADABLE.at(name, 1, 1, variant=what))
            return doc
        if info.st_size > MAX_BYTES:
            doc.findings.append(px.TOO_LARGE.at(name, 1, 1, variant="size", size=info.st_size, limit=MAX_BYTES))
            return doc
        # O_NOFOLLOW: a file swapped for a symlink after the lstat above is refused, not followed.
        handle = os.open(where, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            # Ask for the size stat gave (plus one byte, to notice a file still
            # growing): reading MAX_BYTES + 1 would allocate a megabyte each time.
            data = _read_up_to(handle, min(info.st_size, MAX_BYTES) + 1)
            if len(data) > info.st_size:
                data += _read_up_to(handle, MAX_BYTES + 1 - len(data))
        finally:
            os.close(handle)
    except FileNotFoundError:
        doc.findings.append(px.UNREADABLE.at(name, 1, 1, variant="missing"))
        return doc
    except OSError as error:
        reason = error.strerror or type(error).__name__
        doc.findings.append(px.UNREADABLE.at(name, 1, 1, variant="os_error", reason=reason))
        return doc
    return parse_document(data, name, doc)


def _read_up_to(handle: int, size: int) -> bytes:
    """Up to `size` bytes, fewer only at the end of the file: what a buffered file's read(size) gives,
    without making the buffered file object (a tenth of the reading time at 10,000 files)."""
    data = os.read(handle, size)
    if not data or len(data) == size:
        return data
    parts = [data]
    got = len(data)
    while got < size:
        more = os.read(handle, size - got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def parse_document(data: bytes, name: str, doc: Document | None = None) -> Document:
    """Parse bytes that claim to be a case study. Never raises."""
    doc = doc if doc is not None else Document(name)
    if len(data) > MAX_BYTES:
        doc.findings.append(px.TOO_LARGE.at(name, 1, 1, variant="read_over", limit=MAX_BYTES))
        return doc
    if not data or data.isspace():
        doc.findings.append(px.EMPTY.at(name, 1, 1))
        return doc
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        doc.findings.append(px.BINARY.at(name, line, 1))
        return doc
    if data.startswith(b"\xef\xbb\xbf"):
        doc.findings.append(px.BOM.at(name, 1, 1))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        doc.findings.append(px.NOT_UTF8.at(name, line, col, byte=f"{data[error.start]:02x}"))
        return doc
    if "\r" in text:
        first = text.index("\r")
        line = text.count("\n", 0, first) + 1
        doc.findings.append(px.CRLF.at(name, line, 1))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    _split_and_parse(text, doc)
    return doc


def _is_delimiter(line: str) -> bool:
    return line.rstrip() == "---"


def _closing_delimiter(text: str, start: int) -> tuple[int, int] | None:
    """Start and end offsets of the first line holding only --- after offset `start`."""
    at = start
    while True:
        at = text.find("\n---", at)
        if at < 0:
            return None
        line_end = text.find("\n", at + 1)
        line_end = len(text) if line_end < 0 else line_end
        if _is_delimiter(text[at + 1 : line_end]):
            return at + 1, line_end
        at += 1


def _split_and_parse(text: str, doc: Document) -> None:
    first_end = text.find("\n")
    if not _is_delimiter(text if first_end < 0 else text[:first_end]):
        doc.findings.append(px.NO_FRONTMATTER.at(doc.path, 1, 1))
        return
    # first_end - 1 lets an empty frontmatter (--- right after ---) be found too.
    closing = _closing_delimiter(text, first_end - 1) if first_end >= 0 else None
    if closing is None or closing[0] == 0:
        doc.findings.append(px.UNTERMINATED.at(doc.path, 1, 1))
        return
    doc.frontmatter = text[first_end + 1 : max(first_end + 1, closing[0] - 1)]
    doc.body = text[closing[1] + 1 :]
    doc.body_line = text.count("\n", 0, closing[0]) + 2
    _parse_frontmatter(doc.frontmatter, doc, line_offset=FRONTMATTER_FIRST_LINE)


def _parse_frontmatter(source: str, doc: Document, line_offset: int) -> None:
    before = len(doc.findings)
    root = _parse_block(source, doc, line_offset)
    if root is BROKEN:
        if doc.findings and doc.findings[-1].code in _SALVAGED:
            # One syntax error must not hide every other finding: check what can still be read.
            original = doc.findings[-1]
            del doc.findings[before:]
            doc.positions.clear()
            doc.meta = _salvage(source, doc, line_offset)
            if not any(f.code == original.code for f in doc.findings[before:]):
                # The error lies between fields (say, an indented first line): report it as found.
                doc.findings.insert(before, original)
        return
    value, mark = root
    if value is None or mark is None:
        doc.findings.append(px.NOT_MAPPING.at(doc.path, 1, 1, variant="empty"))
    elif not isinstance(value, dict):
        line, col = mark
        doc.findings.append(
            px.NOT_MAPPING.at(doc.path, line, col, variant="list" if isinstance(value, list) else "scalar")
        )
    else:
        doc.meta = value


_SALVAGED = frozenset({px.YAML_SYNTAX.id, px.UNSAFE_TAG.id, px.YAML_ALIAS.id})
"""Failures confined to one field, so the other fields are still read. An oversized or too deeply
nested frontmatter (PX012) is not salvaged: its limit guards the whole file."""

_RULE_FOR: dict[Fault, Rule] = {
    Fault.SYNTAX: px.YAML_SYNTAX,
    Fault.TAG: px.UNSAFE_TAG,
    Fault.ALIAS: px.YAML_ALIAS,
    Fault.TOO_COMPLEX: px.TOO_COMPLEX,
    Fault.DUPLICATE_KEY: px.DUPLICATE_KEY,
}
"""The rule each fault the YAML reader meets is; the problem names which of the rule's messages it takes."""


def _parse_block(source: str, doc: Document, line_offset: int) -> Any:
    """The YAML's root value and its position, or BROKEN once a finding says why there is none."""
    root, problems = read_yaml(source, line_offset, doc.positions)
    for problem in problems:
        doc.findings.append(
            _RULE_FOR[problem.fault].at(doc.path, problem.line, problem.col, variant=problem.variant, **problem.values)
        )
    return root


# A line that starts a top-level field: the unit the salvage parse reads on its own.
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]{0,80}):(?=[ \t]|$)")


def _salvage(source: str, doc: Document, line_offset: int) -> dict[str, Any]:
    """Parse each top-level field on its own, so one broken field hides only itself.

    Only reached when the whole frontmatter failed to parse, so valid files
    never pay for it. Each field that still fails gets its own plain-words
    finding, and its name goes in doc.unparsed so that it is not also
    reported as missing.
    """
    lines = source.split("\n")
    starts = [index for index, text in enumerate(lines) if _TOP_LEVEL_KEY.match(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    meta: dict[str, Any] = {}
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        block = "\n".join(lines[start:end])
        key_match = _TOP_LEVEL_KEY.match(lines[start])
        root = _parse_block(block, doc, line_offset + start)
        if root is BROKEN or not isinstance(root[0], dict):
            if key_match:
                doc.unparsed.add(key_match.group(1))
            elif root is not BROKEN and root[0] is not None:
                line, col = root[1]
                doc.findings.append(px.NOT_MAPPING.at(doc.path, line, col, variant="not_a_field"))
            continue
        for key, value in root[0].items():
            if key in meta:
                line, col = doc.positions.get((key,), (line_offset + start, 1))
                doc.findings.append(px.DUPLICATE_KEY.at(doc.path, line, col, variant="salvaged", field=key))
            else:
                meta[key] = value
    return meta


def iter_case_files(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """Expand paths into case-study files: directories give their *.md files, sorted.

    A path given explicitly is always yielded, even if missing, so that the
    checker reports it rather than silently skipping it. Hidden files and
    folders (.git, editor swap files) are skipped.
    """
    for name, display in iter_case_file_names(paths):
        yield Path(name), display


def iter_case_file_names(paths: list[Path]) -> Iterator[tuple[str, str]]:
    """iter_case_files with each file's path as a string, as read_document takes it: making a Path
    for each of 10,000 files costs more than a tenth of a second."""
    for path in paths:
        if path.is_dir():
            for found in _markdown_under(str(path)):
                yield found, found
        else:
            yield str(path), str(path)


def _markdown_under(folder: str) -> Iterator[str]:
    # os.scandir knows from the directory listing which entries are folders,
    # so this costs no stat call per file (os.walk and Path.glob make one).
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            # Symlinked files and folders alike are yielded, never entered: the
            # reader reports them, so no link leads out of the collection or round a loop.
            is_link = entry.is_symlink()
            is_dir = not is_link and entry.is_dir(follow_symlinks=False)
        except OSError:
            is_link, is_dir = False, False
        if is_dir:
            yield from _markdown_under(entry.path)
        elif is_link or entry.name.endswith(".md"):
            yield entry.path


Stamp = tuple[int, int, int, int]


RACY_NS = 2_000_000_000
"""A file changed this recently (ns) when it was read is read again next time: file times tick
coarsely (a few milliseconds here, two seconds on FAT), so two saves within one tick look alike."""


def settled(stamp: Stamp | None, read_ns: int) -> bool:
    """Whether a file with this stamp, read at read_ns, can be told apart from any later save of it."""
    return stamp is not None and max(stamp[2], stamp[3]) < read_ns - RACY_NS


class ReadMemo:
    """What read_collection() made of each file, for the next read in this process (the preview's rebuilds).

    A file is parsed again when its inode, size, modification or change time differ, the
    stamp git's index trusts too; the change time cannot be set back, so a rewrite shows.
    As in git, a file whose times were too close to the read to tell a later save apart
    ("racy") is not trusted, but read again.
    """

    def __init__(self) -> None:
        self._read: dict[str, tuple[Stamp, CaseStudy | None]] = {}

    @staticmethod
    def stamp(path: Path) -> Stamp | None:
        try:
            info = os.lstat(path)
        except OSError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def get(self, display: str, stamp: Stamp | None) -> tuple[bool, CaseStudy | None]:
        """(known, study): known is False when the file must be read."""
        known = self._read.get(display)
        if stamp is None or known is None or known[0] != stamp:
            return False, None
        return True, known[1]

    def keep(self, read: dict[str, tuple[Stamp, CaseStudy | None]], started_ns: int) -> None:
        # Only this read's files (a file gone is forgotten), and none changed since the read began, less a tick.
        self._read = {name: entry for name, entry in read.items() if settled(entry[0], started_ns)}


def read_collection(collection_dir: Path, memo: ReadMemo | None = None) -> tuple[list[CaseStudy], list[str]]:
    """Every case study in the folder (any status), and the paths of files that do not parse.

    Never raises: `practice check` is where bad files are reported; here they
    are only counted, so one bad file cannot stop a report or a site build.
    A file without an id is known by its file name, as PX105 expects.
    With a `memo`, a file unchanged since the memo's last read is not read again.
    """
    studies: list[CaseStudy] = []
    unreadable: list[str] = []
    read: dict[str, tuple[Stamp, CaseStudy | None]] = {}
    started_ns = time.time_ns()
    for path, display in iter_case_files([collection_dir]):
        stamp = ReadMemo.stamp(path) if memo is not None else None
        known, study = memo.get(display, stamp) if memo is not None else (False, None)
        if not known:
            doc = read_document(path, display)
            if doc.meta is not None:
                study = case_study_from(doc.meta, doc.body, display)
                study = study if study.id else replace(study, id=path.stem)
        if stamp is not None:
            read[display] = (stamp, study)
        if study is None:
            unreadable.append(display)
        else:
            studies.append(study)
    if memo is not None:
        memo.keep(read, started_ns)
    return studies, unreadable


def load_case_studies(collection_dir: Path, statuses: tuple[str, ...] = SHOWN) -> list[CaseStudy]:
    """The case studies in a folder with one of `statuses`, sorted by id (what the site publishes)."""
    studies, _ = read_collection(collection_dir)
    return with_status(studies, statuses)


def with_status(studies: Iterable[CaseStudy], statuses: tuple[str, ...] = SHOWN) -> list[CaseStudy]:
    """The studies with one of `statuses`, sorted by id: load_case_studies() on studies read already."""
    return sorted((study for study in studies if study.status in statuses), key=lambda study: study.id)
