"""Privacy rules: each pattern caught, roles and organisations allowed, silent on the collection, linear-time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from practice_exchange import fixer, from_issue
from practice_exchange.checker import check_document
from practice_exchange.loader import iter_case_files, parse_document, read_document
from practice_exchange.rules import privacy
from practice_exchange.rules.context import CheckContext
from practice_exchange.rules.privacy import email_addresses, named_pupils, named_staff, phone_numbers
from practice_exchange.yaml_messages import _ITEM_LINE, _KEY_LINE, _LEADING_TAB

from .conftest import COLLECTION, FIXTURES

PRIVACY = {"PX405", "PX406", "PX407", "PX420"}
VALID = (FIXTURES / "valid-case.md").read_text(encoding="utf-8")


def privacy_codes(text: str, context: CheckContext) -> list[tuple[int, str]]:
    doc = parse_document(text.encode("utf-8"), "valid-case.md")
    return [(f.line, f.code) for f in check_document(doc, context) if f.code in PRIVACY]


def with_body(sentence: str) -> str:
    return VALID.replace("What happened.", sentence)


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Call 07700 900123 to join.", "PX405"),
        ("Ring +44 (0)20 7946 0958 for details.", "PX405"),
        ("Email jane.smith@example.org for details.", "PX406"),
        ("Write to info@gmail.com with questions.", "PX406"),
        ("A pupil called Jamie started attending every day.", "PX407"),
        ("Jamie in Year 3 started attending every day.", "PX407"),
        ("Amy (Year 5) read to the class.", "PX407"),
        ("Sam from year 6 led the assembly.", "PX407"),
        ("Priya (Y4) joined the club.", "PX407"),
        ("Mrs Patel, the SENCO, led the meetings.", "PX420"),
        ("The meetings were chaired by Mr Jones.", "PX420"),
        ("Dr. Okafor visited twice.", "PX420"),
        ("Ms O'Neill coached the department.", "PX420"),
    ],
)
def test_each_pattern_is_caught_as_an_error(sentence: str, code: str, context: CheckContext) -> None:
    assert privacy_codes(with_body(sentence), context) == [(27, code)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Pupils in Year 3 started attending every day.",
        "Teachers in Year 6 planned together.",
        "The SENCO (Year 5 lead) met the parents.",
        "In year 2 of the programme the schools met monthly.",
        "Email info@example-council.gov.uk or enquiries@school.org.uk.",
        "The council's attendance officer called the family.",
        "A head teacher and the SENCO led it.",
        "Reception (Year 0) is not a year group here.",
        "The phone line 0800 is free; the reference is 2014-2015.",
        "Staff at Dr Challoner's Grammar School shared their practice.",
    ],
)
def test_roles_groups_and_listed_organisations_are_allowed(sentence: str, context: CheckContext) -> None:
    text = with_body(sentence).replace(
        "organisations: [Example Borough Council]",
        'organisations: [Example Borough Council, "Dr Challoner\'s Grammar School"]',
    )
    assert privacy_codes(text, context) == []


def test_an_organisation_named_after_a_person_is_caught_unless_listed(context: CheckContext) -> None:
    assert privacy_codes(with_body("Staff at Dr Challoner's Grammar School shared it."), context) == [(27, "PX420")]


def test_privacy_in_frontmatter_is_caught_too(context: CheckContext) -> None:
    text = VALID.replace("summary: A fixture that breaks exactly one rule.", "summary: Led by Mrs Patel.")
    assert privacy_codes(text, context) == [(4, "PX420")]


@pytest.mark.parametrize("path", [p for p, _ in iter_case_files([COLLECTION])], ids=lambda p: p.name)
def test_no_privacy_rule_fires_anywhere_in_the_collection(path: Path, context: CheckContext) -> None:
    doc = read_document(path)
    assert [f.as_text() for f in check_document(doc, context) if f.code in PRIVACY] == []


# --- linear time ------------------------------------------------------------------------

_UNBOUNDED = re._constants.MAXREPEAT  # type: ignore[attr-defined]
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _problems(tree: object, inside_repeat: bool = False) -> list[str]:
    """Unbounded, nested or alternating repetition anywhere in a parsed pattern."""
    found = []
    for op, argument in tree:  # type: ignore[attr-defined]
        name = str(op)
        if name in _REPEATS:
            _low, high, child = argument
            if high == _UNBOUNDED:
                found.append("unbounded repeat")
            if inside_repeat and high > 1:
                found.append("nested repeat")
            # An optional part (at most once) repeats nothing, so what it holds is not nested.
            found += _problems(child, inside_repeat=inside_repeat or high > 1)
        elif name == "BRANCH":
            if inside_repeat:
                found.append("alternation inside a repeat")
            for branch in argument[1]:
                found += _problems(branch, inside_repeat)
        elif name == "SUBPATTERN":
            found += _problems(argument[-1], inside_repeat)
        elif name in {"ASSERT", "ASSERT_NOT"}:
            found += _problems(argument[1], inside_repeat)
    return found


CONTRIBUTOR_TEXT_PATTERNS = [
    *privacy.PATTERNS,
    _KEY_LINE,
    _ITEM_LINE,
    _LEADING_TAB,
    from_issue._WHEN,
    from_issue._FIELD_LINE,
    from_issue._BULLET,
    from_issue._HEADING_START,
    fixer._FENCE,
    fixer._REVIEWED_LINE,
]
"""Every regex that privacy checks, YAML messages, from-issue and --fix run over contributor text."""


@pytest.mark.parametrize("pattern", CONTRIBUTOR_TEXT_PATTERNS, ids=lambda p: p.pattern[:40])
def test_every_pattern_is_linear_time_by_construction(pattern: re.Pattern[str]) -> None:
    """Bounded quantifiers and no nesting bound the work at each start position by a constant."""
    parsed = re._parser.parse(pattern.pattern, pattern.flags)  # type: ignore[attr-defined]
    assert _problems(list(parsed)) == []


ADVERSARIAL = [
    "a" * 20_000,
    "a@" * 10_000,
    "a." * 10_000 + "@",
    "@" + "a." * 10_000,
    "a" * 10_000 + "@" + "b" * 10_000,
    "0" * 20_000,
    "0 " * 10_000,
    "Mr " * 7_000,
    "Jamie in " * 2_000,
    "Aa " * 7_000 + "(Year",
    "pupil called " * 1_500,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:12]))
def test_adversarial_input_of_bounded_size_gives_sane_answers(text: str) -> None:
    assert len(list(phone_numbers(text))) <= len(text) // 10 + 1
    assert all(len(address) <= 64 + 1 + 256 for _, address in email_addresses(text))
    assert len(list(named_pupils(text))) <= len(text) // 4
    assert len(list(named_staff(text))) <= len(text) // 4
