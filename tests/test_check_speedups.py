"""Shortcuts the full check takes for speed (scripts/bench_check.py), each equal to the long way."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from practice_exchange import render
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
