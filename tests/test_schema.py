"""`practice schema`: generated from the model, accepts the collection, rejects broken frontmatter."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from practice_exchange.cli import cli
from practice_exchange.loader import iter_case_files, read_document
from practice_exchange.model import CASE_STUDY_FIELDS, NOT_REPORTED
from practice_exchange.schema import frontmatter_schema, json_ready, schema_text
from practice_exchange.taxonomy import Taxonomy

from .conftest import COLLECTION, FIXTURES, ROOT, RULE_FIXTURES

COMMITTED_SCHEMA = ROOT / "docs" / "schema" / "case-study.schema.json"

SCHEMA_RULES = ("PX101", "PX102", "PX103", "PX104", "PX106", "PX107", "PX110", "PX111", "PX112", "PX113")
"""Rules about the frontmatter's own shape, which the schema expresses too.

Not here: file and YAML problems (PX0xx: nothing to validate), rules that
need the file name, today's date or other files (PX105, PX108, PX109, PX3xx),
and rules about the body (PX2xx, PX4xx).
"""


@pytest.fixture(scope="module")
def validator(taxonomy: Taxonomy) -> Draft202012Validator:
    schema = frontmatter_schema(taxonomy)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(validator: Draft202012Validator, meta: dict[str, Any]) -> list[str]:
    return [error.message for error in validator.iter_errors(json_ready(meta))]


def _meta(path: Path) -> dict[str, Any]:
    doc = read_document(path)
    assert doc.meta is not None, doc.findings
    return doc.meta


def collection_files() -> list[Path]:
    return [path for path, _ in iter_case_files([COLLECTION])]


@pytest.mark.parametrize("path", collection_files(), ids=lambda p: p.name)
def test_every_case_study_validates(validator: Draft202012Validator, path: Path) -> None:
    assert errors(validator, _meta(path)) == []


def test_the_valid_fixture_validates(validator: Draft202012Validator) -> None:
    assert errors(validator, _meta(FIXTURES / "valid-case.md")) == []


def _fixture(code: str) -> Path:
    matches = sorted(RULE_FIXTURES.glob(f"{code.lower()}-*.md"))
    assert matches, f"no fixture for {code} in {RULE_FIXTURES}"
    return matches[0]


@pytest.mark.parametrize("code", SCHEMA_RULES)
def test_rule_fixtures_that_break_the_frontmatter_contract_are_rejected(
    validator: Draft202012Validator, code: str
) -> None:
    assert errors(validator, _meta(_fixture(code))) != []


def test_the_schema_is_generated_from_the_model(taxonomy: Taxonomy) -> None:
    schema = frontmatter_schema(taxonomy)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(schema["properties"]) == [spec.name for spec in CASE_STUDY_FIELDS]
    assert schema["required"] == [spec.name for spec in CASE_STUDY_FIELDS if spec.required]
    for spec in CASE_STUDY_FIELDS:
        assert schema["properties"][spec.name]["description"].startswith(spec.doc)
    assert schema["properties"]["themes"]["items"]["enum"] == list(taxonomy.ids("themes"))
    assert schema["properties"]["region"]["anyOf"][1] == {"const": NOT_REPORTED}
    assert schema["properties"]["reviewed"]["format"] == "date"
    assert schema["additionalProperties"] is False


@pytest.fixture
def good() -> dict[str, Any]:
    return _meta(FIXTURES / "valid-case.md")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m.pop("title"), "'title' is a required property"),
        (lambda m: m.update(themse=["send"]), "Additional properties are not allowed ('themse' was unexpected)"),
        (lambda m: m.update(themes="send"), "'send' is not of type 'array'"),
        (lambda m: m.update(themes=["sen"]), "'sen' is not one of"),
        (lambda m: m.update(id="Not An Id"), "'Not An Id' does not match"),
        (lambda m: m.update(reviewed="2026-02-30"), "'2026-02-30' is not a 'date'"),
        (lambda m: m.update(reviewed="24/11/2026"), "'24/11/2026' is not a 'date'"),
        (lambda m: m.update(sources=[]), "[] should be non-empty"),
        (lambda m: m.update(sources=["nope"]), "'nope' is not one of"),
        (lambda m: m.update(summary="x" * 301), "is too long"),
        (lambda m: m.update(summary=" "), "' ' does not match"),
        (lambda m: m.update(period={"from": "2014-13", "to": NOT_REPORTED}), "is not valid under any"),
        (lambda m: m.update(phases="not known"), "is not valid under any"),
        (
            lambda m: m.update(
                quality_mark={"framework": "ofsted-report-card", "grades": ["1"], "area": "x", "date": 2026}
            ),
            "'1' is not one of ['exceptional'",
        ),
    ],
)
def test_broken_frontmatter_is_rejected(
    validator: Draft202012Validator, good: dict[str, Any], change: Any, expected: str
) -> None:
    meta = copy.deepcopy(good)
    change(meta)
    found = errors(validator, meta)
    assert any(expected in message for message in found), found


def test_not_reported_and_numeric_grades_are_accepted(validator: Draft202012Validator, good: dict[str, Any]) -> None:
    meta = copy.deepcopy(good)
    meta.update(
        phases=NOT_REPORTED,
        region=NOT_REPORTED,
        period={"from": 2014, "to": "c. 2016"},
        quality_mark={"framework": "ofsted-school-four-point", "grades": [1, "2"], "area": "x", "date": "2013-05"},
    )
    assert errors(validator, meta) == []


# --- the command -----------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["schema", "--collection", str(COLLECTION), *args], prog_name="practice", catch_exceptions=False
    )
    return result.exit_code, result.output


def test_schema_prints_json(taxonomy: Taxonomy) -> None:
    code, output = run()
    assert code == 0
    assert json.loads(output) == frontmatter_schema(taxonomy)


def test_schema_output_file_is_never_overwritten_without_force(tmp_path: Path, taxonomy: Taxonomy) -> None:
    target = tmp_path / "schema.json"
    assert run("-o", str(target)) == (0, f"Wrote {target}\n")
    assert target.read_text(encoding="utf-8") == schema_text(taxonomy)
    target.write_text("mine", encoding="utf-8")
    assert run("-o", str(target)) == (2, f"Error: {target} already exists; pass --force to overwrite it\n")
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("-o", str(target), "--force") == (0, f"Wrote {target}\n")
    assert target.read_text(encoding="utf-8") == schema_text(taxonomy)


def test_schema_to_a_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "schema.json"
    code, output = run("-o", str(target))
    assert code == 2
    assert output.startswith(f"Error: cannot write {target}")


def test_committed_schema_file_is_fresh(taxonomy: Taxonomy) -> None:
    assert COMMITTED_SCHEMA.read_text(encoding="utf-8") == schema_text(taxonomy), (
        "docs/schema/case-study.schema.json is stale: run python scripts/gen_docs.py"
    )
