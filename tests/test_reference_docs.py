"""The generated reference pages are committed; they must match the code and data."""

from __future__ import annotations

import importlib.util
import sys

from practice_exchange.model import CASE_STUDY_FIELDS
from practice_exchange.rules.registry import RULES

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
assert _spec and _spec.loader
gen_docs = importlib.util.module_from_spec(_spec)
sys.modules["gen_docs"] = gen_docs
_spec.loader.exec_module(gen_docs)


def test_generated_pages_are_fresh() -> None:
    assert gen_docs.stale_pages() == [], "run: python scripts/gen_docs.py"


def test_rule_reference_lists_every_rule_with_its_explanation() -> None:
    text = (ROOT / "docs/reference/rules.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"### {rule.id} {rule.name}" in text
        assert rule.explanation in text


def test_field_reference_lists_every_field_and_vocabulary() -> None:
    text = (ROOT / "docs/reference/fields.md").read_text(encoding="utf-8")
    for spec in CASE_STUDY_FIELDS:
        assert f"| `{spec.name}` |" in text
    for vocabulary in ("themes", "phases", "support", "regions", "frameworks"):
        assert f"### {vocabulary}" in text
    assert "| `send` | SEND |" in text
