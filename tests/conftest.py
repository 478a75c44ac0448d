"""Shared fixtures: the real taxonomy and a fixed 'today' so date rules are reproducible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from practice_exchange.rules.context import CheckContext
from practice_exchange.taxonomy import Taxonomy, load_taxonomy

from .rule_fixtures import write_rule_fixtures

# No clock in any test: Hypothesis's per-example deadline (200 ms by default) is a timing
# assertion, which a loaded CI machine fails at random. Performance lives in scripts/ benchmarks.
settings.register_profile("practice", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("practice")

ROOT = Path(__file__).resolve().parent.parent
COLLECTION = ROOT / "practice"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 11, 24)
# Every rule fixture in one folder: the patched ones written from tests/rule_fixtures.py
# beside the ones kept as files. In the tree (git-ignored), so that paths in expected
# output read tests/generated/rules/..., whichever machine runs the tests.
RULE_FIXTURES = write_rule_fixtures(ROOT / "tests" / "generated")


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy(COLLECTION)


@pytest.fixture(scope="session")
def context(taxonomy: Taxonomy) -> CheckContext:
    return CheckContext(taxonomy, TODAY, frozenset({"valid-case"}))
