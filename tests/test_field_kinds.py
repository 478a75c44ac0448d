"""Each field kind's fast path agrees with its full check, and each kind keeps its own behaviour."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_exchange.field_kinds import OMITTED, FieldSpec, Mapping, Problem, Where
from practice_exchange.findings import Finding
from practice_exchange.model import (
    CASE_STUDY,
    CASE_STUDY_BLOCK,
    CASE_STUDY_FIELDS,
    NOT_REPORTED,
    CaseStudy,
    case_study_from,
)
from practice_exchange.rules.values import RULE_FOR
from practice_exchange.statuses import SHOWN, Status, rules_for
from practice_exchange.taxonomy import Taxonomy, load_taxonomy

from .conftest import COLLECTION

FRAMEWORK = "ofsted-school-four-point"


class _Place:
    """A Where that records each problem as a finding, with no document behind it."""

    def __init__(self, taxonomy: Taxonomy, path: tuple[str | int, ...], parent: dict[str, Any]) -> None:
        self.taxonomy = taxonomy
        self.parent = parent
        self.unparsed: frozenset[str] = frozenset()
        self._path = path

    @property
    def name(self) -> str:
        return ".".join(map(str, self._path))

    def report(self, problem: Problem, variant: str | None = None, /, **values: object) -> Finding:
        # Worded by the problem's own rule, so a variant or value the template lacks fails here too.
        return RULE_FOR[problem].at("test.md", 1, 1, variant=variant, **values)

    def item(self, key: str | int, value: dict[str, Any] | None = None) -> Where:
        return _Place(self.taxonomy, (*self._path, key), self.parent if value is None else value)


def _all_specs(fields: tuple[FieldSpec, ...]) -> list[FieldSpec]:
    return [spec for field in fields for spec in (field, *_all_specs(field.fields))]


SPECS = _all_specs(CASE_STUDY_FIELDS)


def _values(taxonomy: Taxonomy) -> st.SearchStrategy[Any]:
    """YAML-ish values, weighted towards the strings that valid values are made of."""
    known = [term.id for name in taxonomy.vocabularies for term in taxonomy.terms(name)]
    known += [*list(taxonomy.sources)[:20], "1", "2", "c. 1999", "2020-13", "2021-05", "not reported", "Not Reported"]
    text = st.one_of(
        st.sampled_from(known),
        st.text(max_size=12),
        st.text(alphabet=st.sampled_from("ab-1 \n\t\r\x1b\u202e\x00"), max_size=6),
    )
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-5, max_value=3000),
        st.floats(allow_nan=False),
        st.dates(),
        st.datetimes(),
        text,
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
        max_leaves=8,
    )


TAXONOMY = load_taxonomy(COLLECTION)
VALUES = _values(TAXONOMY)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(SPECS), st.data())
def test_fast_path_says_valid_only_where_the_full_check_finds_nothing(spec: FieldSpec, data: st.DataObject) -> None:
    value = data.draw(VALUES)
    if spec.quick_ok(value, TAXONOMY):
        place = _Place(TAXONOMY, (spec.name,), {"framework": FRAMEWORK})
        assert list(spec.check(value, place)) == [], (spec.name, value)


BLOCKS = [spec for spec in SPECS if isinstance(spec.kind, Mapping)]


@settings(max_examples=800, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(BLOCKS), st.data())
def test_a_block_is_plainly_valid_only_where_its_full_check_finds_nothing(spec: FieldSpec, data: st.DataObject) -> None:
    """Blocks of their own fields (sometimes left out, or a stranger put in), each holding its example,
    'not reported' or any value, so that the shortcut is taken often and refused often."""
    value: dict[str, Any] = {}
    for child in (*spec.fields, dataclasses.replace(spec.fields[0], name="stranger")):
        choice = data.draw(st.sampled_from(["absent", "example", "silent", "any"]))
        if choice == "example" and child.example is not None:
            value[child.name] = child.example
        elif choice == "silent":
            value[child.name] = NOT_REPORTED
        elif choice == "any":
            value[child.name] = data.draw(VALUES)
    if spec.quick_ok(value, TAXONOMY):
        place = _Place(TAXONOMY, (spec.name,), value)
        assert list(spec.check(value, place)) == [], (spec.name, value)


def test_fast_path_takes_the_common_valid_values(taxonomy: Taxonomy) -> None:
    """The shortcut is worth having only if ordinary values take it."""
    quick = {
        "title": "Partner councils share practice",
        "themes": ["send"],
        "region": "london",
        "organisations": ["Example Borough Council"],
        "sources": list(taxonomy.sources)[:1],
        "reviewed": dt.date(2026, 11, 24),
        "phases": NOT_REPORTED,
        "id": "partner-councils-share-send-practice",
        "period": {"from": 2014, "to": NOT_REPORTED},
        "first_published": dt.date(2026, 11, 24),
    }
    for name, value in quick.items():
        spec = CASE_STUDY.child(name)
        assert spec is not None
        assert spec.quick_ok(value, taxonomy), name


def test_every_kind_describes_itself_for_the_reference() -> None:
    assert all(spec.kind.words for spec in SPECS)


def test_a_block_is_drafted_only_when_every_field_in_it_can_be() -> None:
    quality_mark = CASE_STUDY.child("quality_mark")
    period = CASE_STUDY.child("period")
    assert quality_mark is not None and period is not None
    assert isinstance(quality_mark.kind, Mapping)
    assert quality_mark.kind.draft_value(quality_mark) is OMITTED  # grades cannot be guessed
    assert period.kind.draft_value(period) == {"from": NOT_REPORTED, "to": NOT_REPORTED}


def test_the_statuses_vocabulary_names_exactly_the_statuses_the_code_knows(taxonomy: Taxonomy) -> None:
    assert set(taxonomy.ids("statuses")) == set(Status)


def test_only_published_cases_are_shown_and_held_to_the_published_standard() -> None:
    assert SHOWN == (Status.PUBLISHED,)
    assert [s for s in Status if rules_for(s).finished] == [Status.PUBLISHED]
    assert [s for s in Status if rules_for(s).needs_replacement] == [Status.ARCHIVED]
    assert rules_for("retired") == rules_for(Status.DRAFT) == rules_for(None)


def test_the_case_study_record_has_a_place_for_every_field_and_nothing_else() -> None:
    derived = set(CASE_STUDY_BLOCK.record_values({}))
    assert {field.name for field in dataclasses.fields(CaseStudy)} == derived | {"body", "path", "extra"}


def test_a_block_with_a_record_class_is_none_when_absent_and_its_silences_kept() -> None:
    study = case_study_from({"agreement": {"aims": NOT_REPORTED}, "period": {"from": 2019}}, "")
    assert study.quality_mark is None
    assert study.agreement is not None and study.agreement.aims == NOT_REPORTED
    assert study.agreement.duration == NOT_REPORTED
    assert (study.period_from, study.period_to) == ("2019", NOT_REPORTED)
