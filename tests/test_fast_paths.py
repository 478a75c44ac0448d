"""Each shortcut a rule takes before a regex scan finds exactly what the scan alone finds.

The shortcuts exist for speed (scripts/bench_check.py); these properties are
what makes them safe to keep beside the full checks.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from practice_exchange import controls, render
from practice_exchange.rules import figures, privacy
from practice_exchange.rules.scan import holds_ascii_digit, leftmost_matches, may_hold_decimal_digit

# Characters each shortcut turns on: controls and bidi marks, digits of several scripts, newlines.
_TRICKY = "\x00\x07\t\n\x0b\x1b\x7f\x85\x9f\u00a0\u200b\u202a\u202e\u2066\u2069\u2028\u0663\u0967\uff15£’"
_TEXT = st.text(alphabet=st.sampled_from("abc MrsDix.()Year 0123456789" + _TRICKY), max_size=80)


def _long(text: str) -> str:
    # Long enough that first_control takes its shortcut rather than the regex alone.
    return "plain words " * 50 + text


@settings(max_examples=400)
@given(_TEXT)
def test_first_control_finds_what_its_regex_finds(text: str) -> None:
    for candidate in (text, _long(text)):
        match = controls._CONTROL.search(candidate)
        assert controls.first_control(candidate) == (match.start() if match else -1)


_OLD_LEAD = re.compile(r"^[ \t>*+\-0-9.)]{" + str(render.MAX_LEAD + 1) + "}", re.MULTILINE)


@settings(max_examples=300)
@given(st.lists(st.sampled_from([" ", "\t", ">", "-", "1", ".", ")", "a", "\n"]), max_size=400))
def test_the_lead_check_matches_a_multiline_caret(chars: list[str]) -> None:
    text = "".join(chars)
    for candidate in (text, " " * 101 + text, text + "\n" + " " * 101):
        new = bool(render._LEAD_FIRST_LINE.match(candidate) or render._LEAD_LATER_LINE.search(candidate))
        assert new == bool(_OLD_LEAD.search(candidate))


@given(_TEXT)
def test_a_text_ruled_out_for_digits_holds_no_figure_and_no_year_group(text: str) -> None:
    if not may_hold_decimal_digit(text):
        assert figures._FIGURE.search(text) is None
    if not holds_ascii_digit(text):
        assert all(pattern.search(text) is None for pattern, _ in privacy._YEAR_GROUPS)


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from("MrsDix. \nSmithAB'’-"), max_size=60))
def test_titles_are_found_as_one_alternation_finds_them(text: str) -> None:
    joined = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in privacy._TITLES_AND_SURNAMES))
    found = [match.span() for match in leftmost_matches(privacy._TITLES_AND_SURNAMES, text)]
    assert found == [match.span() for match in joined.finditer(text)]


def _too_complex_counting_every_opener(text: str) -> str:
    """render.too_complex as it was, counting each opener whether or not the text holds one."""
    if len(text) > render.MAX_MARKDOWN_CHARS:
        return f"it is {len(text):,} characters long (the limit is {render.MAX_MARKDOWN_CHARS:,})"
    for opener in render.OPENERS:
        count = text.count(opener)
        if count > render.MAX_OPENERS:
            return f"it has {count:,} '{opener}' characters (the limit is {render.MAX_OPENERS:,})"
    if render._LEAD_FIRST_LINE.match(text) or render._LEAD_LATER_LINE.search(text):
        return f"a line starts with more than {render.MAX_LEAD} characters of indentation, quote or list markers"
    run = 0
    for line in text.split("\n"):
        run = run + 1 if line.strip() else 0
        if run > render.MAX_BLOCK_LINES:
            return f"it runs more than {render.MAX_BLOCK_LINES} lines without a blank line"
    return ""


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["[", "`", "<", "*", "\\", "a", "a\n", "\n", "!", " " * 50]), max_size=300))
def test_openers_counted_only_where_present_say_what_counting_all_says(parts: list[str]) -> None:
    text = "".join(parts)
    for candidate in (text, "[" * render.MAX_OPENERS + text, "<" * (render.MAX_OPENERS + 1) + text, "a\n" * 201):
        assert render.too_complex(candidate) == _too_complex_counting_every_opener(candidate)


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from("ab!<[ \n" + _TRICKY), max_size=80))
def test_markup_signs_found_by_first_character_are_the_signs(text: str) -> None:
    for candidate in (text, _long(text)):
        plain = any(sign in candidate for sign in render.MARKUP_SIGNS) or controls.first_control(candidate) >= 0
        assert render.holds_markup_signs(candidate) == plain
