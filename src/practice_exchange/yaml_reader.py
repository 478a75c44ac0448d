"""YAML text -> plain Python values, with the position of every key and item, never raising.

Why not `yaml.safe_load`: it forgets where each key was, expands aliases in
full and raises on bad input. This reads the C parser's event stream and
builds plain values itself, refusing aliases, unknown tags and oversized
structures as they arrive, before anything is expanded.

It knows nothing of rules: what stops the reading is a YamlProblem of a
kind, which the loader turns into its PX0xx finding and the taxonomy into a
configuration error. So the taxonomy, which the rules read, never imports
the rules through the loader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from .document import YamlPath
from .yaml_messages import explain as explain_yaml_error
from .yaml_messages import worded

MAX_DEPTH = 12
MAX_NODES = 5_000

# The C parser when PyYAML has it (it nearly always does); the pure-Python one otherwise. Only its
# events are read: the C parser alone, without the constructor and resolver CSafeLoader adds,
# whose Python __init__ cost more than parsing a small frontmatter.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Parser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", yaml.SafeLoader)
# The resolver a CSafeLoader would consult: its resolve() reads only the class's resolver tables.
_RESOLVER: Any = _Loader("")

_STANDARD_TAG = "tag:yaml.org,2002:"
_STR_TAG = _STANDARD_TAG + "str"
_MAP_TAG = _STANDARD_TAG + "map"
_SEQ_TAG = _STANDARD_TAG + "seq"
_SCALAR_TAGS = {_STANDARD_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = SafeConstructor()


class Fault(Enum):
    """Why some YAML could not be (fully) read; each kind is one PX0xx rule in the loader."""

    SYNTAX = "syntax"
    TAG = "tag"
    ALIAS = "alias"
    TOO_COMPLEX = "too-complex"
    DUPLICATE_KEY = "duplicate-key"


@dataclass(frozen=True)
class YamlProblem:
    fault: Fault
    line: int
    col: int
    variant: str
    """Which of its rule's messages it is: a key of yaml_messages' templates."""
    values: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """Its words, for files no rule reports on (taxonomy.yml): the template its rule declares."""
        return worded(self.variant, self.values)


BROKEN: Any = object()
"""What read_yaml returns for the value when a problem says why there is none."""


def read_yaml(
    source: str, line_offset: int, positions: dict[YamlPath, tuple[int, int]], max_nodes: int = MAX_NODES
) -> tuple[Any, list[YamlProblem]]:
    """The YAML's root value and its position (or BROKEN), and the problems met.

    Every key's and item's line and column go into `positions`. A duplicate
    key is a problem that does not make the value BROKEN.
    """
    builder = _EventBuilder(positions, line_offset, max_nodes)
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
        builder.problems.append(
            YamlProblem(Fault.SYNTAX, plain.line + line_offset, plain.col, plain.variant, plain.values)
        )
        return BROKEN, builder.problems
    except yaml.YAMLError as error:
        builder.problems.append(YamlProblem(Fault.SYNTAX, line_offset, 1, "unmarked", {"error": error}))
        return BROKEN, builder.problems
    finally:
        parser.dispose()
    if builder.failed:
        return BROKEN, builder.problems
    return (builder.root, builder.root_mark), builder.problems


def parse_yaml(
    source: str, max_nodes: int, positions: dict[YamlPath, tuple[int, int]] | None = None
) -> tuple[Any, list[YamlProblem]]:
    """Any YAML document (taxonomy.yml, sources.yml) read the way frontmatter is: aliases and tags refused.

    The value, and the problems that stopped the reading (a value of None: unusable). Pass
    `positions` to learn the line and column of every key and item, as read_yaml records them.
    """
    root, problems = read_yaml(source, 1, {} if positions is None else positions, max_nodes)
    return (None if root is BROKEN or problems else root[0]), problems


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

    def __init__(self, positions: dict[YamlPath, tuple[int, int]], line_offset: int, max_nodes: int) -> None:
        self.positions = positions
        self.problems: list[YamlProblem] = []
        self.max_nodes = max_nodes
        self.line_offset = line_offset
        self.failed = False
        self.root: Any = None
        self.root_mark: tuple[int, int] | None = None

    def fail(self, fault: Fault, mark: Any, variant: str, **values: object) -> None:
        line, col = self.where(mark)
        self.problems.append(YamlProblem(fault, line, col, variant, values))
        self.failed = True

    def where(self, mark: Any) -> tuple[int, int]:
        return (mark.line + self.line_offset, mark.column + 1) if mark is not None else (self.line_offset, 1)

    def run(self, parser: Any) -> None:
        # The innermost open container is held in locals (top: the dict or list, None before the
        # root; its path; the key awaiting a value, None when the next scalar is a key; whether it
        # is a dict); each container opened saves its parent's on the stack, popped when it closes.
        # Each value is put in place here rather than by a method: this loop runs once for every
        # event of every file.
        stack: list[tuple[Any, YamlPath, Any, bool]] = []
        top: Any = None
        top_path: YamlPath = ()
        top_key: Any = None
        top_map = False
        positions = self.positions
        documents = 0
        count, max_nodes = 0, self.max_nodes  # values read so far (keys are not counted)
        # Locals, not module attributes, for the names every event compares against.
        scalar, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        get_event, line_offset, duplicate = parser.get_event, self.line_offset, _DUPLICATE
        resolve = _RESOLVER.resolve
        while True:
            event = get_event()
            kind = event.__class__
            if kind is scalar:
                tag = event.tag
                if top_map and top_key is None:
                    # A mapping key: kept as written (`yes:` is the field "yes"), so all that its
                    # tag can change is whether the file is refused.
                    if tag is not None and tag != "!" and tag not in _SCALAR_TAGS:
                        return self.fail(Fault.TAG, event.start_mark, "tag", tag=_short_tag(tag))
                    key = event.value
                    mark = event.start_mark
                    where = (mark.line + line_offset, mark.column + 1)
                    if key in top:
                        first = positions.get((*top_path, key), where)[0]
                        values = {"field": key, "first": first}
                        self.problems.append(YamlProblem(Fault.DUPLICATE_KEY, *where, "reader", values))
                        key = duplicate
                    else:
                        positions[(*top_path, key)] = where
                    top_key = key
                    continue
                value: Any = event.value
                if tag is not None and tag != "!":
                    if tag not in _SCALAR_TAGS:
                        return self.fail(Fault.TAG, event.start_mark, "tag", tag=_short_tag(tag))
                    value = _construct(tag, value)
                elif event.implicit[0] and (not value or value[0] in _RESOLVER_FIRST_CHARS):
                    if value[:1].isalpha():
                        # A letter-led plain scalar is a bool or null only as one of a few words.
                        value = _WORD_VALUES.get(value, value)
                    elif len(value) == 10 and _ISO_DATE.fullmatch(value):
                        # What the resolver and constructor make of YYYY-MM-DD (a date, or the text if
                        # it is no real date), at a fifth of the cost: three dates in every case study.
                        value = iso_date(value)
                    elif len(value) <= _INT_DIGITS and _DECIMAL.fullmatch(value):
                        # What YAML 1.1 makes of a plain 1-9 led run of digits (a year): the int.
                        value = int(value)
                    else:
                        value = _construct(resolve(ScalarNode, value, (True, False)), value)
                count += 1
                if count > max_nodes:
                    return self.fail(Fault.TOO_COMPLEX, event.start_mark, "values", limit=max_nodes)
                if top_map:
                    # The value of the key before it (a repeated key's value is reported, not kept).
                    if top_key is not duplicate:
                        top[top_key] = value
                    top_key = None
                elif top is not None:
                    mark = event.start_mark
                    positions[(*top_path, len(top))] = (mark.line + line_offset, mark.column + 1)
                    top.append(value)
                else:
                    self.root, self.root_mark = value, self.where(event.start_mark)
            elif kind is mapping_start or kind is sequence_start:
                tag = event.tag
                is_map = kind is mapping_start
                expected = _MAP_TAG if is_map else _SEQ_TAG
                if tag is not None and tag != "!" and tag != expected:
                    return self.fail(Fault.TAG, event.start_mark, "tag", tag=_short_tag(tag))
                if len(stack) >= MAX_DEPTH:
                    return self.fail(Fault.TOO_COMPLEX, event.start_mark, "depth", limit=MAX_DEPTH)
                count += 1
                if count > max_nodes:
                    return self.fail(Fault.TOO_COMPLEX, event.start_mark, "values", limit=max_nodes)
                opened: Any = {} if is_map else []
                path: YamlPath
                if top_map:
                    if top_key is None:
                        return self.fail(Fault.SYNTAX, event.start_mark, "key_not_text")
                    if top_key is not duplicate:
                        top[top_key] = opened
                    path = (*top_path, top_key)
                    top_key = None
                elif top is not None:
                    path = (*top_path, len(top))
                    positions[path] = self.where(event.start_mark)
                    top.append(opened)
                else:
                    self.root, self.root_mark = opened, self.where(event.start_mark)
                    path = ()
                stack.append((top, top_path, top_key, top_map))
                top, top_path, top_key, top_map = opened, path, None, is_map
            elif kind is mapping_end or kind is sequence_end:
                top, top_path, top_key, top_map = stack.pop()
            elif kind is yaml.AliasEvent:
                # Refused before expansion: this is what defeats "billion laughs".
                return self.fail(Fault.ALIAS, event.start_mark, "alias")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return self.fail(Fault.SYNTAX, event.start_mark, "several_documents")
            elif kind is yaml.StreamEndEvent:
                return None


_DUPLICATE = "\x00duplicate"  # marks a repeated key whose value is reported, not kept


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL = re.compile(r"[1-9][0-9]*")
_INT_DIGITS = 18
"""Longer runs of digits go the long way: int() refuses more than a few thousand (the resolver's error)."""


def iso_date(value: str) -> dt.date | str:
    """A plain YYYY-MM-DD scalar as YAML reads it: the date, or the text when it is no real date."""
    try:
        return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        return value


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
