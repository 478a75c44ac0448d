"""Shortcuts the full check takes for speed (scripts/bench_check.py), each equal to the long way."""

from __future__ import annotations

import dataclasses
import os
import threading
import time

import markdown
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from practice_exchange import document, loader, render, suggestions
from practice_exchange.document import Document
from practice_exchange.rules import body as body_rules
from practice_exchange.taxonomy import Taxonomy
from practice_exchange.yaml_reader import _construct, iso_date, read_yaml

DATE_LIKE = st.one_of(
    st.text(alphabet="0123456789-", min_size=10, max_size=10),
    st.dates().map(lambda day: f"{day:%Y-%m-%d}"),
    st.tuples(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)).map(
        lambda parts: "{:04d}-{:02d}-{:02d}".format(*parts)
    ),
)


@settings(max_examples=500)
@given(DATE_LIKE)
def test_iso_date_reads_what_the_resolver_and_constructor_read(text: str) -> None:
    slow = _construct(Resolver().resolve(ScalarNode, text, (True, False)), text)  # type: ignore[no-untyped-call]
    root, problems = read_yaml(f"day: {text}\n", 2, {})
    assert problems == []
    assert root[0]["day"] == slow
    assert type(root[0]["day"]) is type(slow)
    if len(text) == 10 and text[4] == text[7] == "-":
        assert iso_date(text) == slow


BODIES = [
    "## Context\n\nText [a link](other-case.md) and a table:\n\n| a | b |\n| :- | -: |\n| 1 | 2 |\n",
    "## Heading one\n\n!!! note\n    An admonition.\n\nTerm\n:   Its definition.\n\n<b>raw</b>\n",
]


def test_extension_objects_render_as_the_extension_names_do() -> None:
    for body in BODIES:
        by_name = markdown.Markdown(
            extensions=list(render.BODY_EXTENSIONS), extension_configs=render._extension_configs()
        ).convert(body)
        by_object = markdown.Markdown(extensions=render._extension_objects()).convert(body)
        assert by_object == by_name
        assert "<table>" in by_name or "admonition" in by_name


def _newlines_by_find(text: str) -> list[int]:
    offsets = []
    at = text.find("\n")
    while at >= 0:
        offsets.append(at)
        at = text.find("\n", at + 1)
    return offsets


@settings(max_examples=500)
@given(st.text(alphabet="ab\n\r\u2028", max_size=60))
def test_the_newline_index_is_every_newline(text: str) -> None:
    assert document._newlines(text) == _newlines_by_find(text)


HEADING_LINES = st.sampled_from(["## Context", "## What they did ##", "#Not one", "   ## x", "", "text", "## ", "\t"])


@settings(max_examples=400)
@given(st.lists(HEADING_LINES, max_size=20), st.integers(1, 30))
def test_heading_lines_counted_on_are_the_lines_the_index_gives(lines: list[str], body_line: int) -> None:
    doc = Document("x.md", meta={"status": "draft"}, body="\n".join(lines), body_line=body_line)
    expected = [doc.locate(match.start())[0] for match in body_rules._HEADING.finditer("\n" + doc.body)]
    assert [line for line, _, _ in body_rules._headings(doc)] == expected


def test_read_up_to_reads_on_until_the_size_or_the_end() -> None:
    read_end, write_end = os.pipe()

    def write() -> None:
        os.write(write_end, b"abc")
        time.sleep(0.05)  # a pause, so that the first read returns only what is there (if it does)
        os.write(write_end, b"defgh")
        os.close(write_end)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert loader._read_up_to(read_end, 6) == b"abcdef"
        assert loader._read_up_to(read_end, 6) == b"gh"
        assert loader._read_up_to(read_end, 6) == b""
    finally:
        writer.join()
        os.close(read_end)


def test_closest_is_remembered_per_taxonomy_and_equals_the_long_way(taxonomy: Taxonomy) -> None:
    for written in ("sendd", "Key Stage 2", "KS2", "nothing like it", "not reportd"):
        for silent in (False, True):
            first = suggestions.closest(taxonomy, "phases", written, silent)
            assert first == suggestions._closest(taxonomy, "phases", written, silent)
            assert suggestions.closest(taxonomy, "phases", written, silent) == first
    assert ("phases", "sendd", False) in taxonomy.suggestion_memo
    assert dataclasses.replace(taxonomy, sources={}).suggestion_memo == {}


@settings(max_examples=300)
@given(st.one_of(st.integers(0, 10**25).map(str), st.text(alphabet="0123456789_:", min_size=1, max_size=22)))
def test_plain_digits_read_as_the_resolver_and_constructor_read_them(text: str) -> None:
    slow = _construct(Resolver().resolve(ScalarNode, text, (True, False)), text)  # type: ignore[no-untyped-call]
    root, problems = read_yaml(f"n: {text}\n", 2, {})
    assume(not problems)  # a text such as ':' is no scalar at all
    assert root[0]["n"] == slow
    assert type(root[0]["n"]) is type(slow)
