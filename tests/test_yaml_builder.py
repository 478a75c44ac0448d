"""The YAML reader's event loop, flattened for speed (scripts/bench_check.py), reads exactly what the
loop it replaced read: the same values, positions and problems, and stops at the same event."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_exchange.yaml_reader import _EventBuilder, _Parser

from .yaml_builder_reference import ReferenceBuilder

# Lines that between them make mappings, lists (block and flow), nesting, duplicate keys, tags,
# aliases, several documents, keys that are not text, and the scalars each resolver branch reads.
LINES = [
    "id: a",
    "id: b",
    "yes: no",
    "title: 'quoted'",
    "n: 12",
    "n: 2014",
    "n: 0123",
    "n: 1_000",
    "n: 190:20:30",
    "n: 123456789012345678901234567890",
    "n: -7",
    "f: 1.5",
    "d: 2026-11-24",
    "d: 2026-13-45",
    "t: 2026-11-24 10:00:00",
    "nothing: ~",
    "empty:",
    "list: [a, 1, true, null]",
    "flow: {a: 1, b: [x, y]}",
    "block:",
    "  - one",
    "  - two: 2",
    "  -",
    "    - deep",
    "  key: value",
    "    nested: 1",
    "tagged: !!str 12",
    "int: !!int '7'",
    "bad: !!python/object x",
    "map: !!map {a: 1}",
    "seq: !!seq [1]",
    "local: !thing x",
    "anchor: &a 1",
    "alias: *a",
    "? [complex, key]",
    ": value",
    "{a: 1}: x",
    "---",
    "...",
    "- root item",
    "plain scalar",
    "<<: merge",
    "=: value",
    "a: b: c",
    "",
]


def _outcome(builder_class: Any, source: str, max_nodes: int) -> tuple[Any, ...]:
    positions: dict[Any, tuple[int, int]] = {}
    builder = builder_class(positions, 2, max_nodes)
    # The reference read events from the whole CSafeLoader, and asked it to resolve scalars.
    parser = _Parser(source) if builder_class is _EventBuilder else yaml.CSafeLoader(source)
    error = None
    try:
        builder.run(parser)
    except yaml.YAMLError as caught:
        error = (type(caught), str(caught))
    finally:
        parser.dispose()
    return (repr(builder.root), builder.root_mark, positions, builder.problems, builder.failed, error)


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(LINES), max_size=12), st.sampled_from([3, 8, 5_000]))
def test_the_flat_loop_reads_what_the_reference_loop_read(lines: list[str], max_nodes: int) -> None:
    source = "\n".join(lines)
    assert _outcome(_EventBuilder, source, max_nodes) == _outcome(ReferenceBuilder, source, max_nodes)


@settings(max_examples=300)
@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.dates()),
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)),
        max_leaves=30,
    ),
    st.sampled_from([None, False, True]),
)
def test_dumped_values_read_alike(value: Any, flow: bool | None) -> None:
    source = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    assert _outcome(_EventBuilder, source, 5_000) == _outcome(ReferenceBuilder, source, 5_000)


def test_deep_nesting_and_many_values_stop_alike() -> None:
    for source in ("a: " + "[" * 20 + "]" * 20, "- " * 15 + "x", "[" + ", ".join(["1"] * 50) + "]"):
        assert _outcome(_EventBuilder, source, 20) == _outcome(ReferenceBuilder, source, 20)
