"""The YAML reader's event loop as it stood before it was flattened for speed (issue 14), kept as
the long way that tests/test_yaml_builder.py compares the fast loop with. Not used by the package."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import ScalarNode

from practice_exchange.document import YamlPath
from practice_exchange.yaml_reader import (
    _DUPLICATE,
    _ISO_DATE,
    _MAP_TAG,
    _RESOLVER_FIRST_CHARS,
    _SCALAR_TAGS,
    _SEQ_TAG,
    _WORD_VALUES,
    MAX_DEPTH,
    Fault,
    YamlProblem,
    _construct,
    _short_tag,
    iso_date,
)


class ReferenceBuilder:
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
        self.count = 0

    def fail(self, fault: Fault, mark: Any, variant: str, **values: object) -> None:
        line, col = self.where(mark)
        self.problems.append(YamlProblem(fault, line, col, variant, values))
        self.failed = True

    def where(self, mark: Any) -> tuple[int, int]:
        return (mark.line + self.line_offset, mark.column + 1) if mark is not None else (self.line_offset, 1)

    def run(self, parser: Any) -> None:
        # Each open container: (the dict or list, its path, the key awaiting a value).
        stack: list[tuple[Any, YamlPath, str | None]] = []
        positions = self.positions
        documents = 0
        # Locals, not module attributes, for the names every event compares against.
        scalar, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        get_event, line_offset = parser.get_event, self.line_offset
        while True:
            event = get_event()
            kind = event.__class__
            if kind is scalar:
                value: Any = event.value
                tag = event.tag
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
                    else:
                        value = _construct(parser.resolve(ScalarNode, value, (True, False)), value)
            elif kind is mapping_start or kind is sequence_start:
                tag = event.tag
                expected = _MAP_TAG if kind is mapping_start else _SEQ_TAG
                if tag is not None and tag != "!" and tag != expected:
                    return self.fail(Fault.TAG, event.start_mark, "tag", tag=_short_tag(tag))
                if len(stack) >= MAX_DEPTH:
                    return self.fail(Fault.TOO_COMPLEX, event.start_mark, "depth", limit=MAX_DEPTH)
                container: Any = {} if kind is mapping_start else []
                path = self._add(stack, container, event.start_mark)
                if path is None:
                    return None
                stack.append((container, path, None))
                continue
            elif kind is mapping_end or kind is sequence_end:
                stack.pop()
                continue
            elif kind is yaml.AliasEvent:
                # Refused before expansion: this is what defeats "billion laughs".
                return self.fail(Fault.ALIAS, event.start_mark, "alias")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return self.fail(Fault.SYNTAX, event.start_mark, "several_documents")
                continue
            elif kind is yaml.StreamEndEvent:
                return None
            else:
                continue
            # A scalar: a mapping key, a mapping value or a list item.
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                container, path, _ = stack[-1]
                key = event.value  # keys stay as written: `yes:` is the field "yes"
                mark = event.start_mark
                where = (mark.line + line_offset, mark.column + 1)
                if key in container:
                    first = positions.get((*path, key), where)[0]
                    values = {"field": key, "first": first}
                    self.problems.append(YamlProblem(Fault.DUPLICATE_KEY, *where, "reader", values))
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
            self.fail(Fault.TOO_COMPLEX, mark, "values", limit=self.max_nodes)
            return None
        if not stack:
            self.root, self.root_mark = value, self.where(mark)
            return ()
        container, path, key = stack[-1]
        if isinstance(container, list):
            item_path = (*path, len(container))
            self.positions[item_path] = self.where(mark)
            container.append(value)
            return item_path
        if key is None:
            self.fail(Fault.SYNTAX, mark, "key_not_text")
            return None
        if key is not _DUPLICATE:
            container[key] = value
        stack[-1] = (container, path, None)
        return (*path, key)
