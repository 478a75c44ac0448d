"""Control characters in contributed text: finding them, and making them harmless to print.

A case file can hold any character, and its titles, ids and file names are
echoed to terminals (`practice check`, `practice report`) and written into
spreadsheets. An escape sequence can rewrite what a curator's terminal shows
(or its title bar), a carriage return splits a CSV row, and bidirectional
overrides make text read differently from what it is.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates. One character class: the search is linear.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_LINE_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# The ASCII characters _CONTROL matches: in an ASCII text, a one-character `in` test
# each (a memchr) is several times faster than the class scan.
_ASCII_CONTROLS = tuple(chr(code) for code in (*range(0x09), *range(0x0B, 0x20), 0x7F))
_SHORT = 500


def first_control(text: str, one_line: bool = False) -> int:
    """Offset of the first control character (with `one_line`, tab and newline count too), or -1."""
    if not one_line and not _may_hold_control(text):
        return -1
    match = (_CONTROL_OR_LINE_BREAK if one_line else _CONTROL).search(text)
    return match.start() if match else -1


def _may_hold_control(text: str) -> bool:
    """False only when _CONTROL cannot match: a cheap test run before the regex, over every case body.

    isascii() is a flag lookup. Outside ASCII, str.isprintable() is false for every
    character in _CONTROL (C0, DEL and C1 are category Cc, the bidi controls Cf), so
    once tab and newline are out of the way a printable text holds none.
    """
    if len(text) < _SHORT:
        return True  # a field value: the regex alone is cheaper than any test before it
    if text.isascii():
        return any(char in text for char in _ASCII_CONTROLS)
    return not text.replace("\n", " ").replace("\t", " ").isprintable()


def describe(char: str) -> str:
    """A control character as a reader can name it: U+001B."""
    return f"U+{ord(char):04X}"


def printable(text: str) -> str:
    """Text safe to print on one terminal line: every control character (and line break) shown as \\xNN or \\uNNNN."""
    return _CONTROL_OR_LINE_BREAK.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def without_controls(text: str) -> str:
    """Text with every control character (and line break) removed, for one-line output such as a CSV cell."""
    return _CONTROL_OR_LINE_BREAK.sub("", text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text with the controls json.dumps(ensure_ascii=False) leaves raw (DEL, C1, bidi) as \\u escapes."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
