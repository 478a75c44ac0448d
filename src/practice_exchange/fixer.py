"""`practice check --fix`: repair what is mechanical, never what a file says.

Fixed: Windows (CRLF) line endings, a byte order mark, spaces at the ends of
lines, a missing `review_due` (a year after `reviewed`), and a label or a
miscapitalised id written where the id belongs ('SEND' -> send). Every edit
is a small change to the text itself, so comments, quoting and layout stay
as they were, and the file is otherwise byte-identical.

Two guards keep "never changes meaning" true rather than hoped for: the
fixed frontmatter is parsed again and must equal the original's values with
only the intended changes, or the value edits are dropped; and Markdown hard
line breaks (two spaces before a line that continues the paragraph) and the
insides of fenced code blocks are left exactly as they are.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .field_kinds import Choice, Choices, Mapping
from .loader import FRONTMATTER_FIRST_LINE, MAX_BYTES, Document, YamlPath, parse_document
from .model import CASE_STUDY_FIELDS, NOT_REPORTED, FieldSpec
from .scaffold import one_year_on
from .suggestions import resolve
from .taxonomy import Taxonomy

BOM = b"\xef\xbb\xbf"
_FENCE = re.compile(r"^[ ]{0,3}(`{3,80}|~{3,80})")
_REVIEWED_LINE = re.compile(r"^reviewed:[ \t]{0,40}\d{4}-\d{2}-\d{2}[ \t]{0,40}(?:#.{0,1000})?$")


@dataclass(frozen=True)
class Fixed:
    data: bytes
    changes: tuple[str, ...]
    """What was changed, in plain words; empty when the file was left alone."""


def fix_bytes(data: bytes, taxonomy: Taxonomy) -> Fixed:
    """The file with its mechanical problems repaired, and what was changed."""
    changes: list[str] = []
    if not data.removeprefix(BOM).strip():
        return Fixed(data, ())  # an empty file needs its contents, not a repair
    if data.startswith(BOM):
        data = data[len(BOM) :]
        changes.append("removed the byte order mark")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Fixed(data, tuple(changes))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        changes.append("changed Windows (CRLF) line endings to LF")
    before = parse_document(text.encode("utf-8"), "fix.md")
    stripped = _strip_trailing_spaces(text, before)
    if stripped != text:
        text = stripped
        changes.append("removed spaces at the ends of lines")
    doc = parse_document(text.encode("utf-8"), "fix.md")
    if doc.meta is not None and not doc.unparsed:
        text, value_changes = _fix_values(text, doc, taxonomy)
        changes.extend(value_changes)
    return Fixed(text.encode("utf-8"), tuple(changes))


def _strip_trailing_spaces(text: str, doc: Document) -> str:
    """Trailing spaces and tabs removed, except hard line breaks and fenced code in the body."""
    lines = text.split("\n")
    body_start = doc.body_line - 1 if doc.frontmatter or doc.meta is not None else 0
    fence = ""
    for index, line in enumerate(lines):
        in_body = index >= body_start
        if in_body:
            marker = _FENCE.match(line)
            if marker and (not fence or marker.group(1)[0] == fence[0]):
                fence = "" if fence else marker.group(1)
            elif fence:
                continue
        trimmed = line.rstrip(" \t")
        if trimmed == line:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if in_body and trimmed and line.endswith("  ") and following.strip():
            continue  # a Markdown hard line break: two spaces are meaning here
        lines[index] = trimmed
    fixed = "\n".join(lines)
    # Trailing spaces in frontmatter are insignificant except inside a literal block (|):
    # if removing them changed any value, keep the frontmatter as it was.
    if doc.meta is not None and parse_document(fixed.encode("utf-8"), "fix.md").meta != doc.meta:
        original = text.split("\n")
        lines[:body_start] = original[:body_start]
        fixed = "\n".join(lines)
    return fixed


def _choice_values(spec: FieldSpec, value: Any, path: YamlPath) -> Iterator[tuple[FieldSpec, YamlPath, Any]]:
    if isinstance(spec.kind, Mapping) and isinstance(value, dict):
        for child in spec.fields:
            if child.name in value:
                yield from _choice_values(child, value[child.name], (*path, child.name))
    elif isinstance(spec.kind, Choices) and isinstance(value, list):
        for index, item in enumerate(value):
            yield spec, (*path, index), item
    elif isinstance(spec.kind, (Choice, Choices)) and isinstance(value, str):
        yield spec, path, value


def _replace_scalar(line: str, col: int, written: str, wanted: str, after_key: bool) -> str | None:
    """`line` with the scalar `written` (plain or quoted) at `col`, or after its key, replaced by `wanted`."""
    start = col - 1
    if after_key:
        colon = line.find(":", start)
        if colon < 0:
            return None
        start = colon + 1
        while start < len(line) and line[start] in " \t":
            start += 1
    for form in (written, f"'{written}'", f'"{written}"'):
        if line.startswith(form, start):
            end = start + len(form)
            rest = line[end:]
            if rest and rest.lstrip()[:1] not in ("", "#", ",", "]"):
                return None
            return line[:start] + wanted + rest
    return None


def _fix_values(text: str, doc: Document, taxonomy: Taxonomy) -> tuple[str, list[str]]:
    assert doc.meta is not None
    lines = text.split("\n")
    expected = copy.deepcopy(doc.meta)
    changes: list[str] = []
    for spec in CASE_STUDY_FIELDS:
        if spec.name not in doc.meta:
            continue
        for field_spec, path, value in _choice_values(spec, doc.meta[spec.name], (spec.name,)):
            vocabulary = field_spec.vocabulary or ""
            if not isinstance(value, str) or taxonomy.allows(vocabulary, value):
                continue
            single = isinstance(path[-1], str)
            wanted = resolve(taxonomy, vocabulary, value, field_spec.not_reported and single)
            if wanted is None or wanted == value:
                continue
            if single and isinstance(field_spec.kind, Choices) and wanted != NOT_REPORTED:
                continue  # `themes: SEND` needs a list, not just an id: a change for the contributor to make
            line, col = doc.position(path)
            index = line - 1
            new_line = _replace_scalar(lines[index], col, value, wanted, after_key=single)
            if new_line is None:
                continue
            lines[index] = new_line
            _set(expected, path, wanted)
            changes.append(f"wrote the id '{wanted}' for '{value}' on line {line}")
    review_due = _missing_review_due(doc, lines)
    if review_due is not None:
        index, due = review_due
        lines.insert(index + 1, f"review_due: {due.isoformat()}")
        expected["review_due"] = due
        changes.append(f"added review_due: {due.isoformat()}, a year after reviewed")
    fixed = "\n".join(lines)
    if not changes:
        return text, []
    if parse_document(fixed.encode("utf-8"), "fix.md").meta != expected:
        return text, []  # an edit would have changed more than intended: leave the values to the contributor
    return fixed, changes


def _set(data: Any, path: YamlPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _missing_review_due(doc: Document, lines: list[str]) -> tuple[int, dt.date] | None:
    """Where to add review_due (after the reviewed line) and its date, if it is missing and computable."""
    assert doc.meta is not None
    reviewed = doc.meta.get("reviewed")
    if "review_due" in doc.meta or not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
        return None
    line, _ = doc.position(("reviewed",))
    index = line - 1
    if line < FRONTMATTER_FIRST_LINE or not _REVIEWED_LINE.match(lines[index]):
        return None
    return index, one_year_on(reviewed)


def fix_file(path: Path, taxonomy: Taxonomy) -> tuple[str, ...]:
    """Fix one file in place and say what changed; a file that cannot be read is left to the checker."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return ()
        data = path.read_bytes()
    except OSError:
        return ()
    if b"\x00" in data:
        return ()
    fixed = fix_bytes(data, taxonomy)
    if fixed.data != data:
        write_atomically(path, fixed.data, stat.S_IMODE(info.st_mode))
    return fixed.changes


def write_atomically(path: Path, data: bytes, mode: int) -> None:
    """Replace the file's contents all at once: a crash leaves the old file or the new one, never half of each."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".fix")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
