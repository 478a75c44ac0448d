"""bytes -> text -> frontmatter + body, keeping line numbers, never raising.

Why not python-frontmatter's `load` here: it hands the YAML to a constructor
that forgets where each key was, expands aliases in full and raises on bad
input. The checker needs the line and column of every key and must turn a
hostile file into findings, so it reads the C parser's event stream and
builds plain values itself, refusing aliases, unknown tags and oversized
structures as they arrive, before anything is expanded.
"""

from __future__ import annotations

import os
import re
import stat
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from .findings import Finding
from .model import CaseStudy, case_study_from
from .rules import parsing as px
from .rules.registry import Rule
from .statuses import SHOWN
from .yaml_messages import explain as explain_yaml_error

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_NODES = 5_000

# The C parser when PyYAML has it (it nearly always does); the pure-Python one otherwise.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YamlPath = tuple[str | int, ...]

_STANDARD_TAG = "tag:yaml.org,2002:"
_STR_TAG = _STANDARD_TAG + "str"
_MAP_TAG = _STANDARD_TAG + "map"
_SEQ_TAG = _STANDARD_TAG + "seq"
_SCALAR_TAGS = {_STANDARD_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = SafeConstructor()
_INLINE_CODE = re.compile(r"`+[^`\n]*`+")
_FENCED_CODE = re.compile(r"^[ \t]*(```|~~~).*?(?:^[ \t]*\1[^\n]*$|\Z)", re.MULTILINE | re.DOTALL)


FRONTMATTER_FIRST_LINE = 2  # the line after the opening ---


def _newlines(text: str) -> list[int]:
    """Offsets of every newline in text, to turn offsets into lines by bisection."""
    offsets = []
    at = text.find("\n")
    while at >= 0:
        offsets.append(at)
        at = text.find("\n", at + 1)
    return offsets


def _locate(newlines: list[int], first_line: int, offset: int) -> tuple[int, int]:
    # Counted once per file (newlines), not from the start of the file for every finding.
    before = bisect_left(newlines, offset)
    line_start = newlines[before - 1] + 1 if before else 0
    return first_line + before, offset - line_start + 1


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


@dataclass
class Document:
    """One case-study file after parsing: its frontmatter, body and findings so far."""

    path: str
    meta: dict[str, Any] | None = None
    body: str = ""
    body_line: int = 1
    """File line number of the first body line, so body rules can report real lines."""
    positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    frontmatter: str = ""
    """The frontmatter's YAML source, which starts on file line FRONTMATTER_FIRST_LINE."""
    frontmatter_line: int = 1
    """Where findings about the frontmatter as a whole point: its opening ---."""
    unparsed: set[str] = field(default_factory=set)
    """Top-level fields whose YAML could not be read: reported as syntax errors, so not also as missing."""

    def position(self, yaml_path: YamlPath) -> tuple[int, int]:
        """Line and column of a key or list item, falling back to its nearest parent."""
        while yaml_path:
            if yaml_path in self.positions:
                return self.positions[yaml_path]
            yaml_path = yaml_path[:-1]
        return (self.frontmatter_line, 1)

    @cached_property
    def prose(self) -> str:
        """The body with code blanked out: fenced blocks and inline spans become spaces.

        Used by the privacy rules, which skip code. The HTML and link rules
        read the body as the site renders it instead (rules/markup.py): this
        regex view of code is not Markdown's. Blanking (rather than
        cutting) keeps every offset, so a match's line and column are exact.
        Indented code blocks are deliberately still scanned: telling them from
        list continuations needs a full Markdown parser, and over-flagging is
        the safe side here. Rules scan this whole string with one regex each,
        which is what keeps `practice check` near the speed of bare parsing.
        """
        if "`" not in self.body and "~~~" not in self.body:
            return self.body
        blank = _FENCED_CODE.sub(_blank, self.body)
        return _INLINE_CODE.sub(_blank, blank)

    @cached_property
    def _body_newlines(self) -> list[int]:
        return _newlines(self.body)

    @cached_property
    def _frontmatter_newlines(self) -> list[int]:
        return _newlines(self.frontmatter)

    def locate(self, offset: int) -> tuple[int, int]:
        """File line and column of an offset into the body (or prose)."""
        return _locate(self._body_newlines, self.body_line, offset)

    def locate_frontmatter(self, offset: int) -> tuple[int, int]:
        """File line and column of an offset into the frontmatter source."""
        return _locate(self._frontmatter_newlines, FRONTMATTER_FIRST_LINE, offset)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one file; every failure becomes a finding on the Document."""
    name = display if display is not None else str(path)
    doc = Document(name)
    try:
        # A symlink is never followed: it could publish any file on the machine
        # building the site, or loop. lstat sees the link itself.
        if stat.S_ISLNK(os.lstat(path).st_mode):
            doc.findings.append(
                px.SYMLINK.at(name, 1, 1, "a symbolic link is neither read nor published; copy the file in instead")
            )
            return doc
        # One stat answers "is it a regular file?" and "how big?"; opening a
        # FIFO or device to find out would block or read forever.
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            what = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            doc.findings.append(px.UNREADABLE.at(name, 1, 1, f"cannot check this path: it is {what}"))
            return doc
        if info.st_size > MAX_BYTES:
            doc.findings.append(
                px.TOO_LARGE.at(name, 1, 1, f"file is {info.st_size:,} bytes; the limit is {MAX_BYTES:,} bytes")
            )
            return doc
        # O_NOFOLLOW: a file swapped for a symlink after the lstat above is refused, not followed.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as handle:
            # Ask for the size stat gave (plus one byte, to notice a file still
            # growing): read(MAX_BYTES + 1) would allocate a megabyte each time.
            data = handle.read(min(info.st_size, MAX_BYTES) + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_BYTES + 1 - len(data))
    except FileNotFoundError:
        doc.findings.append(px.UNREADABLE.at(name, 1, 1, "cannot check this path: it is missing"))
        return doc
    except OSError as error:
        reason = error.strerror or type(error).__name__
        doc.findings.append(px.UNREADABLE.at(name, 1, 1, f"cannot read this file: {reason}"))
        return doc
    return parse_document(data, name, doc)


def parse_document(data: bytes, name: str, doc: Document | None = None) -> Document:
    """Parse bytes that claim to be a case study. Never raises."""
    doc = doc if doc is not None else Document(name)
    if len(data) > MAX_BYTES:
        doc.findings.append(px.TOO_LARGE.at(name, 1, 1, f"file is over the {MAX_BYTES:,}-byte limit"))
        return doc
    if not data or data.isspace():
        doc.findings.append(px.EMPTY.at(name, 1, 1, "file is empty; start from `practice new`"))
        return doc
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        doc.findings.append(px.BINARY.at(name, line, 1, "file contains binary data (a NUL byte), not text"))
        return doc
    if data.startswith(b"\xef\xbb\xbf"):
        doc.findings.append(px.BOM.at(name, 1, 1, "file starts with a byte order mark; save as plain UTF-8"))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        doc.findings.append(
            px.NOT_UTF8.at(name, line, col, f"byte 0x{data[error.start]:02x} is not UTF-8; re-save the file as UTF-8")
        )
        return doc
    if "\r" in text:
        first = text.index("\r")
        line = text.count("\n", 0, first) + 1
        doc.findings.append(px.CRLF.at(name, line, 1, "file has Windows (CRLF) line endings; use LF"))
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
        doc.findings.append(
            px.NO_FRONTMATTER.at(
                doc.path, 1, 1, "file must start with a line of three dashes (---) opening the frontmatter"
            )
        )
        return
    # first_end - 1 lets an empty frontmatter (--- right after ---) be found too.
    closing = _closing_delimiter(text, first_end - 1) if first_end >= 0 else None
    if closing is None or closing[0] == 0:
        doc.findings.append(
            px.UNTERMINATED.at(doc.path, 1, 1, "frontmatter opened on line 1 is never closed; add a line with only ---")
        )
        return
    doc.frontmatter = text[first_end + 1 : max(first_end + 1, closing[0] - 1)]
    doc.body = text[closing[1] + 1 :]
    doc.body_line = text.count("\n", 0, closing[0]) + 2
    _parse_frontmatter(doc.frontmatter, doc, line_offset=FRONTMATTER_FIRST_LINE)


def parse_yaml(source: str, name: str, max_nodes: int) -> tuple[Any, list[Finding]]:
    """Any YAML document (taxonomy.yml, sources.yml) read the way frontmatter is: aliases and tags refused.

    The value, and the findings that stopped the reading (a value of None: unusable).
    """
    doc = Document(name)
    root = _parse_block(source, doc, 1, max_nodes)
    return (None if root is _BROKEN or doc.findings else root[0]), doc.findings


def _parse_frontmatter(source: str, doc: Document, line_offset: int) -> None:
    before = len(doc.findings)
    root = _parse_block(source, doc, line_offset)
    if root is _BROKEN:
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
        doc.findings.append(
            px.NOT_MAPPING.at(doc.path, 1, 1, "frontmatter is empty; it needs fields such as id, title and themes")
        )
    elif not isinstance(value, dict):
        what = "a list" if isinstance(value, list) else "a single value"
        line, col = mark
        doc.findings.append(
            px.NOT_MAPPING.at(doc.path, line, col, f"frontmatter is {what}; write each field as `name: value`")
        )
    else:
        doc.meta = value


_SALVAGED = frozenset({px.YAML_SYNTAX.id, px.UNSAFE_TAG.id, px.YAML_ALIAS.id})
"""Failures confined to one field, so the other fields are still read. An oversized or too deeply
nested frontmatter (PX012) is not salvaged: its limit guards the whole file."""

_BROKEN: Any = object()
"""What _parse_block returns when it has reported why the YAML could not be read."""


def _parse_block(source: str, doc: Document, line_offset: int, max_nodes: int = MAX_NODES) -> Any:
    """The YAML's root value and its position, or _BROKEN once a finding says why there is none."""
    builder = _EventBuilder(doc, line_offset, max_nodes)
    parser = _Parser(source)
    try:
        builder.run(parser)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line, mark.column + 1) if mark else (0, 1)
        problem = error.problem or error.context or "invalid YAML"
        if error.context_mark is not None and "quoted scalar" in (error.context or ""):
            line, col = error.context_mark.line, error.context_mark.column + 1
        plain = explain_yaml_error(source, line, col, problem, line_offset)
        doc.findings.append(px.YAML_SYNTAX.at(doc.path, plain.line + line_offset, plain.col, plain.message))
        return _BROKEN
    except yaml.YAMLError as error:
        doc.findings.append(px.YAML_SYNTAX.at(doc.path, line_offset, 1, f"YAML syntax error: {error}"))
        return _BROKEN
    finally:
        parser.dispose()
    if builder.failed:
        return _BROKEN
    return builder.root, builder.root_mark


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
        if root is _BROKEN or not isinstance(root[0], dict):
            if key_match:
                doc.unparsed.add(key_match.group(1))
            elif root is not _BROKEN and root[0] is not None:
                line, col = root[1]
                doc.findings.append(
                    px.NOT_MAPPING.at(
                        doc.path, line, col, "this line is not a `name: value` field; check its indentation"
                    )
                )
            continue
        for key, value in root[0].items():
            if key in meta:
                line, col = doc.positions.get((key,), (line_offset + start, 1))
                doc.findings.append(px.DUPLICATE_KEY.at(doc.path, line, col, f"field '{key}' appears twice; keep one"))
            else:
                meta[key] = value
    return meta


def _short_tag(tag: str) -> str:
    """Show tags the way they were written: !!python/object, not tag:yaml.org,2002:python/object."""
    return "!!" + tag.removeprefix(_STANDARD_TAG) if tag.startswith(_STANDARD_TAG) else tag


# Plain scalars starting with any other character are always strings under
# YAML 1.1's implicit resolvers (bool, null, int, float, timestamp, merge,
# value), so they skip the resolver entirely: most frontmatter values do.
_RESOLVER_FIRST_CHARS = frozenset("yYnNtTfFoO~-+0123456789.<=")
_WORD_VALUES: dict[str, Any] = {
    **{word: True for word in ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{word: False for word in ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
    **{word: None for word in ("null", "Null", "NULL")},
}


class _EventBuilder:
    """Builds Python values straight from the C parser's events, refusing what a case study never needs.

    Working from events rather than a composed node graph means an alias is
    seen (and refused) where it is written, before anything is expanded, and
    no intermediate node objects are made: this is the hot path of
    `practice check`.
    """

    def __init__(self, doc: Document, line_offset: int, max_nodes: int = MAX_NODES) -> None:
        self.doc = doc
        self.max_nodes = max_nodes
        self.line_offset = line_offset
        self.failed = False
        self.root: Any = None
        self.root_mark: tuple[int, int] | None = None
        self.count = 0

    def fail(self, rule: Rule, mark: Any, message: str) -> None:
        line, col = self.where(mark)
        self.doc.findings.append(rule.at(self.doc.path, line, col, message))
        self.failed = True

    def where(self, mark: Any) -> tuple[int, int]:
        return (mark.line + self.line_offset, mark.column + 1) if mark is not None else (self.line_offset, 1)

    def run(self, parser: Any) -> None:
        # Each open container: (the dict or list, its path, the key awaiting a value).
        stack: list[tuple[Any, YamlPath, str | None]] = []
        positions = self.doc.positions
        documents = 0
        while True:
            event = parser.get_event()
            kind = event.__class__
            if kind is yaml.ScalarEvent:
                value: Any = event.value
                tag = event.tag
                if tag is not None and tag != "!":
                    if tag not in _SCALAR_TAGS:
                        return self.fail(px.UNSAFE_TAG, event.start_mark, _tag_message(tag))
                    value = _construct(tag, value)
                elif event.implicit[0] and (not value or value[0] in _RESOLVER_FIRST_CHARS):
                    if value[:1].isalpha():
                        # A letter-led plain scalar is a bool or null only as one of a few words.
                        value = _WORD_VALUES.get(value, value)
                    else:
                        value = _construct(parser.resolve(ScalarNode, value, (True, False)), value)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                tag = event.tag
                expected = _MAP_TAG if kind is yaml.MappingStartEvent else _SEQ_TAG
                if tag is not None and tag != "!" and tag != expected:
                    return self.fail(px.UNSAFE_TAG, event.start_mark, _tag_message(tag))
                if len(stack) >= MAX_DEPTH:
                    return self.fail(
                        px.TOO_COMPLEX, event.start_mark, f"frontmatter is nested more than {MAX_DEPTH} levels deep"
                    )
                container: Any = {} if kind is yaml.MappingStartEvent else []
                path = self._add(stack, container, event.start_mark)
                if path is None:
                    return None
                stack.append((container, path, None))
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            elif kind is yaml.AliasEvent:
                # Refused before expansion: this is what defeats "billion laughs".
                return self.fail(px.YAML_ALIAS, event.start_mark, "YAML aliases (*name) are not allowed in frontmatter")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return self.fail(px.YAML_SYNTAX, event.start_mark, "frontmatter holds more than one YAML document")
                continue
            elif kind is yaml.StreamEndEvent:
                return None
            else:
                continue
            # A scalar: a mapping key, a mapping value or a list item.
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                container, path, _ = stack[-1]
                key = event.value  # keys stay as written: `yes:` is the field "yes"
                where = self.where(event.start_mark)
                if key in container:
                    first = positions.get((*path, key), where)[0]
                    self.doc.findings.append(
                        px.DUPLICATE_KEY.at(
                            self.doc.path, *where, f"field '{key}' appears twice (first on line {first}); keep one"
                        )
                    )
                    key = _DUPLICATE
                else:
                    positions[(*path, key)] = where
                stack[-1] = (container, path, key)
                continue
            if self._add(stack, value, event.start_mark) is None:
                return None

    def _add(self, stack: list[tuple[Any, YamlPath, str | None]], value: Any, mark: Any) -> YamlPath | None:
        """Put a value into the open container (or make it the root); its path, or None once failed."""
        self.count += 1
        if self.count > self.max_nodes:
            self.fail(px.TOO_COMPLEX, mark, f"frontmatter has more than {self.max_nodes:,} values")
            return None
        if not stack:
            self.root, self.root_mark = value, self.where(mark)
            return ()
        container, path, key = stack[-1]
        if isinstance(container, list):
            item_path = (*path, len(container))
            self.doc.positions[item_path] = self.where(mark)
            container.append(value)
            return item_path
        if key is None:
            self.fail(px.YAML_SYNTAX, mark, "a field name must be plain text, not a list or mapping")
            return None
        if key is not _DUPLICATE:
            container[key] = value
        stack[-1] = (container, path, None)
        return (*path, key)


_DUPLICATE = "\x00duplicate"  # marks a repeated key whose value is reported, not kept


def _tag_message(tag: str) -> str:
    return f"YAML tag {_short_tag(tag)} is not allowed; write the value as plain text"


def _construct(tag: str, value: str) -> Any:
    # The resolver can also answer merge (<<) or value (=), which only mean
    # something inside aliases and mappings we refuse: keep them as text.
    if tag == _STR_TAG or tag not in _SCALAR_TAGS:
        return value
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, value))
    except (ValueError, OverflowError, yaml.YAMLError):
        # e.g. 2026-13-45 looks like a date but is not one: keep the text
        # so the date rule can say exactly what is wrong with it.
        return value


def iter_case_files(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """Expand paths into case-study files: directories give their *.md files, sorted.

    A path given explicitly is always yielded, even if missing, so that the
    checker reports it rather than silently skipping it. Hidden files and
    folders (.git, editor swap files) are skipped.
    """
    for path in paths:
        if path.is_dir():
            for found in _markdown_under(str(path)):
                yield Path(found), found
        else:
            yield path, str(path)


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


def read_collection(collection_dir: Path) -> tuple[list[CaseStudy], list[str]]:
    """Every case study in the folder (any status), and the paths of files that do not parse.

    Never raises: `practice check` is where bad files are reported; here they
    are only counted, so one bad file cannot stop a report or a site build.
    A file without an id is known by its file name, as PX105 expects.
    """
    studies: list[CaseStudy] = []
    unreadable: list[str] = []
    for path, display in iter_case_files([collection_dir]):
        doc = read_document(path, display)
        if doc.meta is None:
            unreadable.append(display)
        else:
            study = case_study_from(doc.meta, doc.body, display)
            studies.append(study if study.id else replace(study, id=path.stem))
    return studies, unreadable


def load_case_studies(collection_dir: Path, statuses: tuple[str, ...] = SHOWN) -> list[CaseStudy]:
    """The case studies in a folder with one of `statuses`, sorted by id (what the site publishes)."""
    studies, _ = read_collection(collection_dir)
    return sorted((study for study in studies if study.status in statuses), key=lambda study: study.id)
