"""The hand-written loader agrees with python-frontmatter on every well-formed file.

The checker splits and parses frontmatter itself, to keep line numbers and to
turn hostile input into findings; python-frontmatter is the well-kept
reference it must agree with wherever both accept a file.
"""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from practice_exchange.loader import iter_case_files, parse_document

from .conftest import COLLECTION, FIXTURES

WELL_FORMED = [path for path, _ in iter_case_files([COLLECTION])] + [FIXTURES / "valid-case.md"]


def assert_agree(text: str) -> None:
    ours = parse_document(text.encode("utf-8"), "x.md")
    reference = frontmatter.loads(text)
    assert ours.findings == []
    assert ours.meta == reference.metadata
    assert ours.body.strip() == reference.content.strip()


@pytest.mark.parametrize("path", WELL_FORMED, ids=lambda path: Path(path).name)
def test_collection_parses_as_python_frontmatter_does(path: Path) -> None:
    assert_agree(path.read_text(encoding="utf-8"))


plain_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.dates() | plain_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(plain_text, children, max_size=4),
    max_leaves=15,
)


# python-frontmatter's Post(content, handler, **metadata) cannot take these keys: an oracle limit, not ours.
_ORACLE_KEYS = plain_text.filter(lambda key: bool(key) and key not in {"self", "content", "handler"})


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_ORACLE_KEYS, values, min_size=1, max_size=8), plain_text)
def test_any_safe_dumped_mapping_parses_as_python_frontmatter_does(meta: dict[str, object], body: str) -> None:
    assume(_depth(meta) <= 10)  # deeper nesting is refused on purpose (PX012)
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    if "\n---" in "\n" + dumped:  # a string value holding a delimiter line is its own test elsewhere
        return
    assert_agree("---\n" + dumped + "---\n" + body.replace("---", "- - -"))


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    return 0
