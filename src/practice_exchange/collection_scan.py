"""The id, title, status and replacement of a case-study file, read cheaply: what the collection rules need.

A check of a few changed files still needs every other file's id, title and
status, for duplicate ids and titles and for replacements (rules/collection.py).
Parsing every frontmatter for that costs about as much as a full check, so
`scan_identity` reads the four fields straight off their lines. It does so
only where that is certainly what the YAML reader would give, and loads the
file properly otherwise, so its answer always equals `identity_of(read_document(...))`
(tests/test_changed_check.py checks that over generated frontmatter).

The fast reading is exact when the frontmatter is a block mapping in which
no construct can run on into a later top-level line. A top-level line is
then a top-level field whether the whole YAML parses or the loader falls back
to reading each field on its own (loader._salvage), and a one-line plain
value reads the same in both. Everything else is "odd" and goes to the loader:
a byte order mark, CR, NUL or non-UTF-8 byte anywhere in the file, a character
YAML treats specially, a quote, flow collection, anchor, alias or tag opening
a value (unless a flow list is closed on its line), a deeply indented or very
long frontmatter (which could reach the reader's depth or size limits), and a
wanted field written any way but a one-line plain value.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .document import FRONTMATTER_FIRST_LINE, Document

# The loader's own folder walk (private there), so that this lists exactly the files a full check reads.
from .loader import MAX_BYTES, _markdown_under, read_document
from .rules.collection import Identity, title_key

WANTED = ("id", "title", "status", "replaced_by")

# The loader's pattern for a line that starts a top-level field (loader._TOP_LEVEL_KEY), so that
# the fast reading splits the frontmatter into exactly the fields its salvage parse would.
_TOP_LEVEL_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,80}):(?=[ \t]|$)")

# Characters the YAML reader treats as anything but plain text: control characters, tab, DEL,
# the C1 range (NEL is a YAML line break), U+2028/U+2029 (line breaks), the byte order mark
# and the non-characters. Outside this class every character reads as itself.
_SPECIAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

# No more than 2 values per character can be made, so a frontmatter of this length stays well
# under the reader's MAX_NODES (5,000), the limit beyond which it reads nothing at all.
_MAX_FAST_CHARS = 2000

# A block collection opens at the column of its first item or key, and at most two nest at one
# column (a mapping and the list that is one of its values); content starting no further in than
# this keeps the nesting (2 x 5 columns, plus a one-line flow list) under the reader's MAX_DEPTH (12).
_MAX_CONTENT_COLUMN = 4

# The tests below run over the frontmatter with a newline put before it, so that every line,
# the first too, starts after a "\n": a pattern led by a literal is searched for fast.

# A top-level block scalar (summary: >-) with its text: literal, and it ends at the next line that
# starts in column 0, so its text can hide nothing and is left out of the tests below.
_TOP_LEVEL_BLOCK_SCALAR = re.compile(
    r"\n[A-Za-z_][A-Za-z0-9_-]*: +[|>](?:[1-9][+-]?|[+-][1-9]?)? *(?=\n|\Z)(?:\n(?: [^\n]*)?(?=\n|\Z))*"
)

# A line starting in column 0 that is neither a top-level field nor a comment (a list, a document
# marker, a directive, a complex key): the mapping's shape is then the loader's to judge.
_ODD_COLUMN_0 = re.compile(r"\n(?![A-Za-z_][A-Za-z0-9_-]{0,80}:(?: |\n|\Z)|#| |\n|\Z)")

# Where a value starts (after the indent, a '- ' or a ': '), a character that opens something other
# than a one-line plain value: a quote or flow collection that could run on over the following
# lines (a flow list closed on its line is fine), an anchor, alias or tag, a nested block scalar,
# or a reserved or ambiguous indicator. Over-matching (say "- '" inside a sentence) only costs a full load.
_RISKY = r"""(?:["'{}\]&*!|>%@`?,:]|\[(?![^\[\]{}"'#\n]*\] *(?:\n|\Z)))"""
_RISKY_STARTS = tuple(re.compile(lead + _RISKY) for lead in (r"\n *", r": +", r"- +"))

# Content starting beyond column 4 (counting '- ' as indent): see _MAX_CONTENT_COLUMN.
_DEEP_LINE = re.compile(r"\n[ -]{5,}[^ \n-]")

# The opening lines before the first field may only be blank or comments: an indented first
# line makes the frontmatter something other than a top-level mapping.
_STARTS_WITH_FIELD = re.compile(r"(?:\n(?:#[^\n]*| *)(?=\n))*\n[A-Za-z_]")

_WANTED_LINE = re.compile(r"\n(id|title|status|replaced_by):(?= |\n|\Z)([^\n]*)")

# After a wanted field's line, an indented line (past any blank or comment lines) would continue
# its value, or be an error that leaves the field unread when the loader reads fields one by one.
_CONTINUED = re.compile(r"(?:\n(?:#[^\n]*| *))*\n +[^ \n]")

# Characters that open something other than a plain scalar when they start a value.
_NOT_PLAIN_START = frozenset("\"'[]{},&*!|>%@`?:-#")

# A plain scalar starting with one of these is resolved by the reader (yaml_reader._RESOLVER_FIRST_CHARS):
# it may read as a number, date, bool or null; a letter-led one only as one of a few words.
_RESOLVED_FIRST = frozenset("yYnNtTfFoO~-+0123456789.<=")
_RESOLVED_WORDS = frozenset(
    {
        *("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"),
        *("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"),
        *("null", "Null", "NULL"),
    }
)


class _Odd(Exception):
    """The file is not one the fast reading can answer for exactly."""


def identity_of(doc: Document) -> Identity:
    """What the collection rules keep of a parsed document (its meta must have been read)."""
    assert doc.meta is not None
    case_id, title = doc.meta.get("id"), doc.meta.get("title")
    status, replaced_by = doc.meta.get("status"), doc.meta.get("replaced_by")
    return Identity(
        path=doc.path,
        id=case_id if isinstance(case_id, str) else None,
        id_position=doc.position(("id",)),
        title=title if isinstance(title, str) else None,
        title_position=doc.position(("title",)),
        status=status if isinstance(status, str) else None,
        replaced_by=replaced_by if isinstance(replaced_by, str) else None,
        replaced_by_position=doc.position(("replaced_by",)),
    )


def scan_identity(path: Path, display: str) -> Identity | None:
    """The file's Identity as a full check would make it, or None where it would make none."""
    return _identity(str(path), _plain_file_bytes(str(path)), display)


def case_file_names(collection_dir: Path) -> list[str]:
    """The files a check of the folder reads, as iter_case_files names them (without making a Path for each)."""
    if not collection_dir.is_dir():
        return [str(collection_dir)]
    return list(_markdown_under(str(collection_dir)))


def file_stem(name: str) -> str:
    """Path(name).stem, without making the Path: the name less its last suffix (a leading or final dot is none)."""
    base = name.rsplit(os.sep, 1)[-1]
    dot = base.rfind(".")
    return base[:dot] if 0 < dot < len(base) - 1 else base


def scan_related(files: list[str], given: list[Identity]) -> list[Identity]:
    """The Identity of each of `files` (in order) that could share an id or title with `given`, or
    name one of them (or their replacement) as its replacement: every file the collection rules
    could put beside a given one. Which files cannot is told from their bytes alone (_Needles)."""
    needles = _Needles(given)
    found: list[Identity] = []
    for name in files:
        data = _plain_file_bytes(name)
        if data is not None and not needles.may_occur_in(data):
            continue
        identity = _identity(name, data)
        if identity is not None:
            found.append(identity)
    return found


class _Needles:
    """Text that a file must hold to be related to the given identities.

    An id or replacement equal to a given id (or a given file's replacement) is a YAML value
    equal to it, which appears in the frontmatter as written, unless an escape (a backslash)
    or a folded line break made it: a value without white space or quote marks comes from no
    folding and no quoting (a single-quoted '' is one '). A title with a given title's key
    holds each of the key's words in its case-folded text, as str.casefold works character by
    character (so on an ASCII file it is bytes.lower()). The search runs over the file up to
    the first line that is exactly ---, which holds the whole frontmatter.
    """

    def __init__(self, given: list[Identity]) -> None:
        ids = {value for item in given for value in (item.id, item.replaced_by) if value is not None}
        titles = [title_key(item.title) for item in given if item.title is not None]
        self.ids = [value.encode("utf-8") for value in ids]
        self.titles = [tuple(word for word in key.split(" ") if "'" not in word) for key in titles]
        # On ASCII text the key's words must also stand in order with only white space between
        # them (all that folding or quoting leaves there, a backslash aside), which rules out far more.
        self.titles_ascii = [
            re.compile(_SPACE.join(re.escape(word.encode("utf-8")) for word in key.split(" ")))
            for key in titles
            if "'" not in key
        ] + [_all_words(words) for key, words in zip(titles, self.titles, strict=True) if "'" in key]
        # A needle that could be written other than as itself rules nothing out: read every file.
        self.everything = any(not _literal(value) for value in ids) or any(not words for words in self.titles)

    def may_occur_in(self, data: bytes) -> bool:
        if self.everything:
            return True
        end = data.find(b"\n---\n")
        if end < 0:
            end = len(data) - 4 if data.endswith(b"\n---") else len(data)
        head = data[:end]
        if b"\\" in head or any(value in head for value in self.ids):
            return True
        if not self.titles:
            return False
        if head.isascii():
            lowered = head.lower()
            return any(pattern.search(lowered) for pattern in self.titles_ascii)
        try:
            folded = head.decode("utf-8").casefold()
        except UnicodeDecodeError:
            return True  # the loader reads no frontmatter from it; let it say so
        return any(all(word in folded for word in words) for words in self.titles)


# What str.split() splits on among ASCII characters.
_SPACE = rb"[\s\x1c-\x1f]+"


def _all_words(words: tuple[str, ...]) -> re.Pattern[bytes]:
    """A pattern matching text that holds every word, in any order (for keys with quote marks)."""
    return re.compile(b"".join(b"(?=.*?" + re.escape(word.encode("utf-8")) + b")" for word in words), re.S)


def _literal(value: str) -> bool:
    return bool(value) and "'" not in value and value.split() == [value]


def _identity(name: str, data: bytes | None, display: str | None = None) -> Identity | None:
    shown = name if display is None else display
    if data is not None:
        try:
            return _identity_from_bytes(data, shown)
        except _Odd:
            pass
    doc = read_document(Path(name), shown)
    return identity_of(doc) if doc.meta is not None else None


def _plain_file_bytes(path: str) -> bytes | None:
    """A regular file's whole content, or None for anything the loader must judge (links, FIFOs, big files)."""
    try:
        # O_NOFOLLOW refuses a symlink; O_NONBLOCK keeps a FIFO from blocking the open (fstat then rejects it).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        data = os.read(fd, info.st_size + 1)
        return data if len(data) == info.st_size else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _identity_from_bytes(data: bytes, display: str) -> Identity:
    if not data.startswith(b"---\n") or b"\r" in data or b"\x00" in data:
        raise _Odd
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Odd from None
    frontmatter = text[4 : _closing_delimiter(text)]
    if not frontmatter or len(frontmatter) > _MAX_FAST_CHARS or not _plain_characters(frontmatter):
        raise _Odd
    fields: dict[str, str | None] = {}
    positions: dict[str, tuple[int, int]] = {}
    for key, value, index in _wanted_values(frontmatter):
        fields[key] = value
        positions[key] = (FRONTMATTER_FIRST_LINE + index, 1)
    # Where a field is absent the loader's Document.position falls back to the frontmatter's first line.
    absent = (1, 1)
    return Identity(
        path=display,
        id=fields.get("id"),
        id_position=positions.get("id", absent),
        title=fields.get("title"),
        title_position=positions.get("title", absent),
        status=fields.get("status"),
        replaced_by=fields.get("replaced_by"),
        replaced_by_position=positions.get("replaced_by", absent),
    )


def _plain_characters(text: str) -> bool:
    """No character YAML treats specially (_SPECIAL); for ASCII text, that is every one printable."""
    if text.isascii():
        return text.replace("\n", "").isprintable()
    return _SPECIAL.search(text) is None


def _closing_delimiter(text: str) -> int:
    """Offset of the newline before the closing ---, found as the loader finds it."""
    at = 3
    while True:
        at = text.find("\n---", at)
        if at < 0:
            raise _Odd
        line_end = text.find("\n", at + 1)
        line = text[at + 1 : len(text) if line_end < 0 else line_end]
        if line == "---":
            return at
        if line.rstrip() == "---":
            raise _Odd  # a delimiter with trailing white space: left to the loader
        at += 1


def _wanted_values(frontmatter: str) -> list[tuple[str, str | None, int]]:
    """Each wanted field, its value (None for an empty one) and its line index; raises _Odd when unsure."""
    text = "\n" + frontmatter
    if not _STARTS_WITH_FIELD.match(text) or _ODD_COLUMN_0.search(text):
        raise _Odd
    rest = _TOP_LEVEL_BLOCK_SCALAR.sub("", text) if ": |" in text or ": >" in text else text
    if any(pattern.search(rest) for pattern in _RISKY_STARTS) or _DEEP_LINE.search(rest):
        raise _Odd
    found: list[tuple[str, str | None, int]] = []
    for match in _WANTED_LINE.finditer(text):
        key = match.group(1)
        if any(key == seen for seen, _, _ in found) or _CONTINUED.match(text, match.end()):
            raise _Odd
        found.append((key, _plain_value(match.group(2).strip(" ")), text.count("\n", 0, match.start())))
    return found


def _plain_value(value: str) -> str | None:
    """A wanted field's one-line value as the reader gives it: a string, or None when empty."""
    if not value:
        return None
    if value[0] in _NOT_PLAIN_START or "#" in value or ": " in value or value.endswith(":"):
        raise _Odd
    if value[0] in _RESOLVED_FIRST and (not value[0].isalpha() or value in _RESOLVED_WORDS):
        raise _Odd
    return value
