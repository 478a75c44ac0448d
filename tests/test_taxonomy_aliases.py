"""Term aliases in taxonomy.yml: loading, every refusal at its line, and "did you mean" through an alias."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from practice_exchange import pages
from practice_exchange.cli import cli
from practice_exchange.suggestions import closest, resolve
from practice_exchange.taxonomy import MAX_ALIAS_CHARS, ConfigError, Taxonomy, load_taxonomy

from .site_helpers import COLLECTION, new_collection, write_case

REAL = load_taxonomy(COLLECTION)

# A small taxonomy: line numbers below are lines of this text.
VOCABULARIES = """\
themes:
  - id: send
    label: SEND
    description: Special needs.
    aliases: [SENCO, special needs]
  - id: attendance
    label: Attendance
    description: Getting pupils into school.
    aliases:
      - persistent absence
      - truancy
phases:
  - id: primary
    label: Primary
    description: Primary schools.
  - id: key-stage-2
    label: Key stage 2
    description: Years 3 to 6.
    aliases: [KS2]
"""
REST = "".join(
    f"{name}:\n  - id: x\n    label: X\n    description: X.\n"
    for name in ("support", "provider_roles", "regions", "evidence", "statuses", "frameworks", "source_kinds")
)


def _load(tmp_path: Path, vocabularies: str) -> Taxonomy:
    (tmp_path / "taxonomy.yml").write_text(vocabularies + REST, encoding="utf-8")
    return load_taxonomy(tmp_path)


def _refusal(tmp_path: Path, old: str, new: str) -> str:
    assert old in VOCABULARIES
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, VOCABULARIES.replace(old, new, 1))
    return str(caught.value).replace(str(tmp_path / "taxonomy.yml"), "taxonomy.yml")


def test_aliases_load_in_order_in_flow_and_block_style(tmp_path: Path) -> None:
    taxonomy = _load(tmp_path, VOCABULARIES)
    assert taxonomy.term("themes", "send").aliases == ("SENCO", "special needs")  # type: ignore[union-attr]
    assert taxonomy.term("themes", "attendance").aliases == ("persistent absence", "truancy")  # type: ignore[union-attr]
    assert taxonomy.term("phases", "primary").aliases == ()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "aliases: [SENCO, special needs]",
            "aliases: SENCO",
            "taxonomy.yml:5: themes 'send': 'aliases' must be a list of other names, "
            "e.g. aliases: [SENCO, special needs]",
        ),
        (
            "aliases: [SENCO, special needs]",
            "aliases: []",
            "taxonomy.yml:5: themes 'send': 'aliases' is empty; list the other names teachers use, or remove the key",
        ),
        (
            "      - truancy",
            "      - 42",
            "taxonomy.yml:11: themes 'attendance': alias 2 must be text, a name such as 'KS2' (got 42)",
        ),
        (
            "      - truancy",
            '      - "  "',
            "taxonomy.yml:11: themes 'attendance': alias 2 must be text, a name such as 'KS2' (got '  ')",
        ),
        (
            "      - truancy",
            '      - "tru\\u001bancy"',
            "taxonomy.yml:11: themes 'attendance': alias 'tru\\x1bancy' holds the control character U+001B",
        ),
        (
            "      - truancy",
            '      - "tru\\nancy"',
            "taxonomy.yml:11: themes 'attendance': alias 'tru\\nancy' holds a line break",
        ),
        (
            "      - truancy",
            "      - " + "a" * (MAX_ALIAS_CHARS + 1),
            f"taxonomy.yml:11: themes 'attendance': alias '{'a' * MAX_ALIAS_CHARS}'... is {MAX_ALIAS_CHARS + 1} "
            f"characters; an alias is a short name of at most {MAX_ALIAS_CHARS}",
        ),
        (
            "      - truancy",
            "      - Send",
            "taxonomy.yml:11: themes 'attendance': alias 'Send' is the id of send; an alias must name one term",
        ),
        (
            "aliases: [KS2]",
            "aliases: [primary school, PRIMARY]",
            "taxonomy.yml:19: phases 'key-stage-2': alias 'PRIMARY' is the id of primary; an alias must name one term",
        ),
        (
            "aliases: [KS2]",
            "aliases: [key stage-2]",
            "taxonomy.yml:19: phases 'key-stage-2': alias 'key stage-2' repeats this term's own id",
        ),
        (
            "      - truancy",
            "      - Special Needs",
            "taxonomy.yml:11: themes 'attendance': alias 'Special Needs' is already an alias of send (line 5); "
            "an alias must name one term",
        ),
        (
            "aliases: [KS2]",
            "aliases: [KS2, KS 2]",
            "taxonomy.yml:19: phases 'key-stage-2': alias 'KS 2' is listed twice (first on line 19)",
        ),
    ],
)
def test_each_bad_alias_is_refused_with_file_line_and_reason(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert _refusal(tmp_path, old, new) == message


def test_the_same_alias_may_name_terms_of_different_vocabularies(tmp_path: Path) -> None:
    # "AP" is a theme and a phase: each vocabulary's "did you mean" is asked on its own.
    text = VOCABULARIES.replace("aliases: [KS2]", "aliases: [KS2, special needs]")
    taxonomy = _load(tmp_path, text)
    assert closest(taxonomy, "themes", "special needs") == "send"
    assert closest(taxonomy, "phases", "special needs") == "key-stage-2"


def test_real_vocabularies_have_aliases_where_teachers_use_other_words() -> None:
    def aliases(vocabulary: str, term_id: str) -> set[str]:
        term = REAL.term(vocabulary, term_id)
        assert term is not None, term_id
        return set(term.aliases)

    assert {"SENCO", "SEN", "EHCP", "special needs", "additional needs"} <= aliases("themes", "send")
    assert {"persistent absence", "absence", "poor attendance", "truancy", "school refusal", "EBSA"} <= aliases(
        "themes", "attendance"
    )
    assert {"head of department", "HoD", "subject leader", "middle leaders"} <= aliases(
        "themes", "departmental-leadership"
    )
    assert {"KS3", "KS4"} <= aliases("phases", "secondary")
    assert {"EYFS"} <= aliases("phases", "early-years")
    assert {"sixth form"} <= aliases("phases", "post-16")
    assert {"LA", "council"} <= aliases("provider_roles", "local-authority")
    assert {"LEA"} <= aliases("provider_roles", "local-education-authority")
    assert {"MAT", "multi-academy trust"} <= aliases("provider_roles", "trust")
    assert {"NLE"} <= aliases("provider_roles", "national-leader-of-education")
    assert {"TSH"} <= aliases("provider_roles", "teaching-school-hub")
    assert {"West Country"} <= aliases("regions", "south-west")


@pytest.mark.parametrize(
    ("vocabulary", "written", "meant"),
    [
        ("phases", "KS2", "key-stage-2"),
        ("phases", "ks 1", "key-stage-1"),
        ("phases", "KS3", "secondary"),
        ("phases", "Sixth Form", "post-16"),
        ("phases", "EYFS", "early-years"),
        ("themes", "SENCO", "send"),
        ("themes", "Persistent absence", "attendance"),
        ("themes", "persistant absence", "attendance"),  # a misspelt long alias still leads to its term
        ("themes", "HoD", "departmental-leadership"),
        ("provider_roles", "MAT", "trust"),
        ("provider_roles", "LEA", "local-education-authority"),
        ("provider_roles", "LA", "local-authority"),
        ("regions", "West Country", "south-west"),
        # An id or label still comes first, before any alias.
        ("themes", "send", "send"),
        ("phases", "Key Stage 2", "key-stage-2"),
    ],
)
def test_did_you_mean_follows_an_alias_to_its_term(vocabulary: str, written: str, meant: str) -> None:
    assert closest(REAL, vocabulary, written) == meant


def test_short_aliases_match_exactly_never_by_spelling() -> None:
    # 'KS6' is no key stage: a fuzzy match on three letters would offer KS2, KS3 or KS5 at random.
    assert closest(REAL, "phases", "KS6") is None
    assert closest(REAL, "provider_roles", "TX") is None


def test_fix_rewrites_ids_and_labels_only_never_an_alias() -> None:
    # --fix rewrites what resolve() finds: a label is the term's own spelling, an alias needs a person to agree.
    assert resolve(REAL, "phases", "Key stage 2") == "key-stage-2"
    assert resolve(REAL, "phases", "KS2") is None


def test_every_real_alias_leads_back_to_its_own_term() -> None:
    for vocabulary, terms in REAL.vocabularies.items():
        for term in terms:
            for alias in term.aliases:
                assert closest(REAL, vocabulary, alias) == term.id, (vocabulary, alias)


def test_check_suggests_the_term_an_alias_names(tmp_path: Path) -> None:
    collection = new_collection(tmp_path / "practice")
    case = write_case(collection, "ks2-case", "A key stage 2 case", ["send"], ["KS2"])
    result = CliRunner().invoke(cli, ["check", "--today", "2026-11-24", str(case)], catch_exceptions=False)
    line = next(line for line in result.output.splitlines() if "KS2" in line)
    assert re.fullmatch(
        rf"{re.escape(str(case))}:\d+:\d+: PX104 'KS2' is not one of the phases in .*taxonomy\.yml; "
        r"did you mean 'key-stage-2'\? \(unknown-vocabulary-value\)",
        line,
    ), line
    assert result.exit_code == 1


def test_new_suggests_the_term_an_alias_names(tmp_path: Path) -> None:
    collection = new_collection(tmp_path / "practice")
    args = ["new", "--collection", str(collection), "--title", "T", "--theme", "SENCO", "--phase", "primary"]
    args += ["--support", "coaching", "--region", "london", "--source", "nctl-teaching-schools-and-las-2015"]
    args += ["--today", "2026-11-24", "--yes"]
    result = CliRunner().invoke(cli, args, prog_name="practice", catch_exceptions=False)
    assert result.exit_code == 2
    assert "Error: 'SENCO' is not one of the themes; did you mean 'send'?" in result.output.splitlines()


def test_the_glossary_shows_each_terms_aliases_as_also_called() -> None:
    page = pages.glossary_page(REAL)

    def entry(anchor: str) -> str:
        rest = page[page.index(f'<dt id="{anchor}">') :]
        return rest[: min(rest.find("<dt", 1) % len(rest), rest.index("</dl>"))]

    assert "<dd>Also called: SEN, SENCO, SENDCo, EHCP," in entry("theme-send")
    assert entry("role-trust").count("<dd>Also called: MAT, multi-academy trust") == 1
    # A term without aliases gets no empty "Also called".
    assert "Also called: ." not in page
    for vocabulary, prefix, _, _ in pages.GLOSSARY_SECTIONS:
        for term in REAL.terms(vocabulary):
            assert f'<dt id="{prefix}-{term.id}">' in page, (vocabulary, term.id)


def test_an_alias_is_text_on_the_glossary_page(tmp_path: Path) -> None:
    taxonomy = _load(tmp_path, VOCABULARIES.replace("aliases: [KS2]", 'aliases: ["<b>KS2</b> & \\"two\\""]'))
    page = pages.glossary_page(taxonomy)
    assert "<dd>Also called: &lt;b&gt;KS2&lt;/b&gt; &amp; &quot;two&quot;.</dd>" in page
