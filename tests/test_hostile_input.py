"""Bad input is data: every hostile file becomes a located finding and the run goes on."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_exchange.checker import check_document, check_paths
from practice_exchange.loader import MAX_BYTES, parse_document
from practice_exchange.rules.context import CheckContext
from practice_exchange.taxonomy import Taxonomy

from .conftest import FIXTURES, TODAY

VALID = (FIXTURES / "valid-case.md").read_bytes()

HOSTILE: dict[str, tuple[bytes, str]] = {
    "malformed-yaml.md": (b"---\ntitle: [unclosed\nid: x\n---\nbody\n", "PX008"),
    "alias-bomb.md": (
        b"---\n"
        + b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + b"".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n".encode() for i in range(8))
        + b"---\n",
        "PX011",
    ),
    "python-tag.md": (b"---\nid: !!python/object/new:os.system [ls]\n---\n", "PX010"),
    "python-name-tag.md": (b"---\nid: !!python/name:os.system\n---\n", "PX010"),
    "not-utf8.md": (b"---\nid: caf\xe9\n---\n", "PX003"),
    "bom.md": (b"\xef\xbb\xbf" + VALID.replace(b"valid-case", b"bom").replace(b"A valid", b"A BOM"), "PX014"),
    "crlf.md": (VALID.replace(b"valid-case", b"crlf").replace(b"A valid", b"A CRLF").replace(b"\n", b"\r\n"), "PX015"),
    "empty.md": (b"", "PX005"),
    "whitespace.md": (b"  \n\n\t\n", "PX005"),
    "huge.md": (b"---\nid: huge\n---\n" + b"x" * (MAX_BYTES + 10), "PX002"),
    "binary.md": (bytes(range(256)) * 4, "PX004"),
    "list-frontmatter.md": (b"---\n- a\n- b\n---\n", "PX009"),
    "scalar-frontmatter.md": (b"---\njust text\n---\n", "PX009"),
    "deep-flow.md": (b"---\nid: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n", "PX008"),
    "unterminated.md": (b"---\nid: x\n", "PX007"),
}


def test_each_hostile_file_gets_a_located_finding_and_the_run_goes_on(taxonomy: Taxonomy, tmp_path: Path) -> None:
    for name, (data, _) in HOSTILE.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "valid-case.md").write_bytes(VALID)
    os.mkfifo(tmp_path / "a-fifo.md")  # not a regular file: reading it would block forever
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    result = check_paths([tmp_path, tmp_path / "missing.md"], taxonomy, TODAY)
    by_file: dict[str, set[str]] = {}
    for finding in result.findings:
        assert finding.line >= 1 and finding.col >= 1
        by_file.setdefault(Path(finding.path).name, set()).add(finding.code)
    for name, (_, code) in HOSTILE.items():
        assert code in by_file.get(name, set()), f"{name}: expected {code}, got {by_file.get(name)}"
    assert by_file["a-fifo.md"] == {"PX001"}
    assert by_file["loop.md"] == {"PX016"}  # a symlink is reported as one, never followed
    assert by_file["missing.md"] == {"PX001"}
    assert "valid-case.md" not in by_file
    assert result.files == len(HOSTILE) + 4


def test_alias_bomb_is_refused_without_expanding(taxonomy: Taxonomy) -> None:
    data, _ = HOSTILE["alias-bomb.md"]
    doc = parse_document(data, "alias-bomb.md")
    # Each field that uses an alias is refused where the alias is written; only 'a', which
    # merely defines an anchor, is read, and nothing is ever expanded.
    assert doc.meta is not None and list(doc.meta) == ["a"] and len(doc.meta["a"]) == 9
    assert {f.code for f in doc.findings} == {"PX011"}
    assert (doc.findings[0].line, doc.findings[0].col) == (3, 8)  # the first alias: 'b: &b [*a'


def test_yaml_error_reports_the_file_line(taxonomy: Taxonomy) -> None:
    doc = parse_document(b"---\nid: ok\ntitle: ok\nthemes: [send\n---\n", "x.md")
    assert [(f.code, f.line) for f in doc.findings] == [("PX008", 4)]


def test_crlf_and_bom_still_parse(taxonomy: Taxonomy, context: CheckContext) -> None:
    data = b"\xef\xbb\xbf" + VALID.replace(b"\n", b"\r\n")
    doc = parse_document(data, "valid-case.md")
    assert doc.meta is not None and doc.meta["id"] == "valid-case"
    assert sorted(f.code for f in check_document(doc, context)) == ["PX014", "PX015"]


def _check_bytes(data: bytes, context: CheckContext) -> None:
    doc = parse_document(data, "fuzz.md")
    for finding in check_document(doc, context):
        assert finding.line >= 1 and finding.col >= 1
        assert finding.path == "fuzz.md"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_never_raise(context: CheckContext, data: bytes) -> None:
    _check_bytes(data, context)
    _check_bytes(b"---\n" + data + b"\n---\n## Context\n", context)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30) | st.dates(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
FIELD_NAMES = st.sampled_from(
    [
        "id",
        "title",
        "summary",
        "status",
        "themes",
        "phases",
        "support",
        "region",
        "period",
        "agreement",
        "quality_mark",
        "sources",
        "reviewed",
        "review_due",
        "evidence",
        "organisations",
        "provider_roles",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(FIELD_NAMES | st.text(max_size=10), yaml_values, max_size=12), st.text(max_size=300))
def test_arbitrary_yaml_frontmatter_never_raises(context: CheckContext, meta: dict[str, object], body: str) -> None:
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    _check_bytes(text.encode("utf-8", "surrogatepass"), context)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"#%@`,?\n abc12")), max_size=200))
def test_yaml_punctuation_soup_never_raises(context: CheckContext, soup: str) -> None:
    _check_bytes(("---\n" + soup + "\n---\n").encode(), context)


def test_merge_and_value_scalars_are_plain_text(context: CheckContext) -> None:
    # The YAML resolver tags a bare "=" as a 'value' and "<<" as a 'merge' key;
    # neither has a constructor, and both once raised KeyError here.
    doc = parse_document(b"---\na: =\n<<: x\nb: [=, <<]\n---\n", "x.md")
    assert doc.meta == {"a": "=", "<<": "x", "b": ["=", "<<"]}
    _check_bytes(b"---\n=\n---\n", context)
