"""bytes -> text -> frontmatter + body, keeping line numbers, never raising.

Why not python-frontmatter's `load` here: it hands the YAML to a constructor
that forgets where each key was, expands aliases in full and raises on bad
input. The checker needs the line and column of every key and must turn a
hostile file into findings, so it composes the YAML node graph with the C
parser (which never builds objects) and walks it itself, refusing aliases,
unknown tags and oversized structures before any value is built.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .findings import Finding
from .model import CaseStudy, case_study_from
from .rules import parsing as px
from .rules.registry import Rule

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_NODES = 5_000

_Composer: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YamlPath = tuple[str | int, ...]

_STANDARD_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STANDARD_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS: dict[type[Node], set[str]] = {
    ScalarNode: _SCALAR_TAGS,
    SequenceNode: {_STANDARD_TAG + "seq"},
    MappingNode: {_STANDARD_TAG + "map"},
}
_CONSTRUCTOR = SafeConstructor()
_INLINE_CODE = re.compile(r"`+[^`]*`+")


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
    frontmatter_line: int = 1

    def position(self, yaml_path: YamlPath) -> tuple[int, int]:
        """Line and column of a key or list item, falling back to its nearest parent."""
        while yaml_path:
            if yaml_path in self.positions:
                return self.positions[yaml_path]
            yaml_path = yaml_path[:-1]
        return (self.frontmatter_line, 1)

    def body_lines(self) -> Iterator[tuple[int, str]]:
        """(file line number, text) for every body line."""
        for offset, line in enumerate(self.body.split("\n")):
            yield self.body_line + offset, line

    def prose_lines(self) -> Iterator[tuple[int, str]]:
        """Body lines outside fenced code blocks, with inline code spans blanked.

        Code is shown literally on the site, so markup inside it is harmless
        and must not trigger the HTML or link rules. Indented code blocks are
        deliberately still scanned: telling them from list continuations needs
        a full Markdown parser, and over-flagging is the safe side here.
        """
        fence = ""
        for number, line in self.body_lines():
            stripped = line.lstrip()
            if fence:
                if stripped.startswith(fence):
                    fence = ""
                continue
            if stripped.startswith(("```", "~~~")):
                fence = stripped[:3]
                continue
            yield number, _INLINE_CODE.sub(lambda m: " " * len(m.group()), line)

    def text_values(self) -> Iterator[tuple[int, int, str]]:
        """(line, col, text) for every string in the frontmatter."""
        if self.meta is None:
            return
        stack: list[tuple[YamlPath, Any]] = [((), self.meta)]
        while stack:
            path, value = stack.pop()
            if isinstance(value, str):
                line, col = self.position(path)
                yield line, col, value
            elif isinstance(value, dict):
                stack.extend(((*path, key), item) for key, item in value.items())
            elif isinstance(value, list):
                stack.extend(((*path, index), item) for index, item in enumerate(value))


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one file; every failure becomes a finding on the Document."""
    name = display if display is not None else str(path)
    doc = Document(name)
    try:
        if not path.is_file():
            what = "a directory" if path.is_dir() else "not a regular file" if path.exists() else "missing"
            doc.findings.append(px.UNREADABLE.at(name, 1, 1, f"cannot check this path: it is {what}"))
            return doc
        size = path.stat().st_size
        if size > MAX_BYTES:
            doc.findings.append(
                px.TOO_LARGE.at(name, 1, 1, f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")
            )
            return doc
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
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
    if not data.strip():
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


def _split_and_parse(text: str, doc: Document) -> None:
    lines = text.split("\n")
    if not _is_delimiter(lines[0]):
        doc.findings.append(
            px.NO_FRONTMATTER.at(
                doc.path, 1, 1, "file must start with a line of three dashes (---) opening the frontmatter"
            )
        )
        return
    closing = next((index for index in range(1, len(lines)) if _is_delimiter(lines[index])), None)
    if closing is None:
        doc.findings.append(
            px.UNTERMINATED.at(doc.path, 1, 1, "frontmatter opened on line 1 is never closed; add a line with only ---")
        )
        return
    doc.body = "\n".join(lines[closing + 1 :])
    doc.body_line = closing + 2
    doc.frontmatter_line = 1
    _parse_frontmatter("\n".join(lines[1:closing]), doc, line_offset=2)


def _parse_frontmatter(source: str, doc: Document, line_offset: int) -> None:
    try:
        root = yaml.compose(source, Loader=_Composer)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + line_offset if mark else line_offset
        col = mark.column + 1 if mark else 1
        problem = error.problem or error.context or "invalid YAML"
        doc.findings.append(px.YAML_SYNTAX.at(doc.path, line, col, f"YAML syntax error: {problem}"))
        return
    except yaml.YAMLError as error:
        doc.findings.append(px.YAML_SYNTAX.at(doc.path, line_offset, 1, f"YAML syntax error: {error}"))
        return
    except RecursionError:
        doc.findings.append(
            px.TOO_COMPLEX.at(doc.path, line_offset, 1, f"frontmatter is nested too deeply (limit {MAX_DEPTH} levels)")
        )
        return
    if root is None:
        doc.findings.append(
            px.NOT_MAPPING.at(doc.path, 1, 1, "frontmatter is empty; it needs fields such as id, title and themes")
        )
        return
    if not isinstance(root, MappingNode):
        line, col = _where(root, line_offset)
        what = "a list" if isinstance(root, SequenceNode) else "a single value"
        doc.findings.append(
            px.NOT_MAPPING.at(doc.path, line, col, f"frontmatter is {what}; write each field as `name: value`")
        )
        return
    walker = _Walker(doc, source, line_offset)
    value = walker.build(root, (), 0)
    if walker.failed:
        return
    doc.meta = value if isinstance(value, dict) else None


def _short_tag(tag: str) -> str:
    """Show tags the way they were written: !!python/object, not tag:yaml.org,2002:python/object."""
    return "!!" + tag.removeprefix(_STANDARD_TAG) if tag.startswith(_STANDARD_TAG) else tag


def _where(node: Node, line_offset: int) -> tuple[int, int]:
    return node.start_mark.line + line_offset, node.start_mark.column + 1


class _Walker:
    """Builds Python values from a composed node graph, refusing what a case study never needs."""

    def __init__(self, doc: Document, source: str, line_offset: int) -> None:
        self.doc = doc
        self.source = source
        self.line_offset = line_offset
        self.seen: set[int] = set()
        self.count = 0
        self.failed = False

    def fail(self, rule: Rule, node: Node, message: str) -> None:
        line, col = _where(node, self.line_offset)
        self.doc.findings.append(rule.at(self.doc.path, line, col, message))
        self.failed = True

    def build(self, node: Node, path: YamlPath, depth: int) -> Any:
        if self.failed:
            return None
        # The composer shares one node object between an anchor and all of its
        # aliases, so a node seen twice is an alias: refuse it before expanding.
        if id(node) in self.seen:
            line, col = self._first_alias()
            self.doc.findings.append(
                px.YAML_ALIAS.at(self.doc.path, line, col, "YAML aliases (*name) are not allowed in frontmatter")
            )
            self.failed = True
            return None
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            self.fail(px.TOO_COMPLEX, node, f"frontmatter has more than {MAX_NODES:,} values")
            return None
        if depth > MAX_DEPTH:
            self.fail(px.TOO_COMPLEX, node, f"frontmatter is nested more than {MAX_DEPTH} levels deep")
            return None
        if node.tag not in _ALLOWED_TAGS[type(node)]:
            self.fail(
                px.UNSAFE_TAG, node, f"YAML tag {_short_tag(node.tag)} is not allowed; write the value as plain text"
            )
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                self.doc.positions[(*path, index)] = _where(child, self.line_offset)
                items.append(self.build(child, (*path, index), depth + 1))
            return items
        assert isinstance(node, MappingNode)  # the composer makes only these three kinds
        return self._mapping(node, path, depth)

    def _first_alias(self) -> tuple[int, int]:
        # The shared node only knows where its anchor is; the alias itself is
        # found by re-reading the events, which is cheap and happens only here.
        for event in yaml.parse(self.source, Loader=_Composer):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return event.start_mark.line + self.line_offset, event.start_mark.column + 1
        return self.line_offset, 1  # pragma: no cover - an alias was seen, so an event exists

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag == _STANDARD_TAG + "str":
            return node.value
        try:
            return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except (ValueError, OverflowError, yaml.YAMLError):
            # e.g. 2026-13-45 looks like a date but is not one: keep the text
            # so the date rule can say exactly what is wrong with it.
            return node.value

    def _mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(px.YAML_SYNTAX, key_node, "a field name must be plain text, not a list or mapping")
                return result
            key = str(self.build(key_node, path, depth + 1))
            if self.failed:
                return result
            if key in result:
                line, col = _where(key_node, self.line_offset)
                first = self.doc.positions.get((*path, key), (line, col))[0]
                self.doc.findings.append(
                    px.DUPLICATE_KEY.at(
                        self.doc.path, line, col, f"field '{key}' appears twice (first on line {first}); keep one"
                    )
                )
                continue
            self.doc.positions[(*path, key)] = _where(key_node, self.line_offset)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


def iter_case_files(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """Expand paths into case-study files: directories give their *.md files, sorted.

    A path given explicitly is always yielded, even if missing, so that the
    checker reports it rather than silently skipping it.
    """
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for filename in sorted(files):
                    if filename.endswith(".md") and not filename.startswith("."):
                        found = Path(root) / filename
                        yield found, str(found)
        else:
            yield path, str(path)


def load_case_studies(collection_dir: Path, statuses: tuple[str, ...] = ("published",)) -> list[CaseStudy]:
    """Every parseable case study in a folder with one of `statuses`, sorted by id.

    Files that do not parse are left out rather than raising: `practice check`
    is where they get reported, and one bad file must not stop a site build.
    """
    studies = []
    for path, display in iter_case_files([collection_dir]):
        doc = read_document(path, display)
        if doc.meta is not None and doc.meta.get("status") in statuses:
            studies.append(case_study_from(doc.meta, doc.body, display))
    return sorted(studies, key=lambda study: study.id)
