"""`practice schema`: a JSON Schema (draft 2020-12) of the frontmatter, generated from the model.

Nothing here is written by hand: every property, type, "not reported"
alternative and description comes from CASE_STUDY_FIELDS, and every enum from
taxonomy.yml and sources.yml, so the schema cannot drift from the validator.

The schema is a guide for editors and other tools; `practice check` stays the
authority. Two deliberate differences:

- Unknown fields: the checker warns (PX102); the schema sets
  `additionalProperties: false`, so an editor underlines a misspelt field.
- Rules the schema cannot express are left to the checker: id equals file
  name, dates in order, review overdue, placeholders in published files,
  everything about the body.

YAML loads `2026-11-24` as a date; JSON has no date type. Use `json_ready`
on frontmatter before validating it, and the schema's `format: date`
checks the ISO string.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .model import CASE_STUDY, ID_MAX_CHARS, ID_PATTERN, NOT_REPORTED, SUMMARY_MAX_CHARS, FieldSpec, Kind
from .taxonomy import Taxonomy

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://practice-exchange.example/schema/case-study.schema.json"
"""A stable identifier, not a download address; editors are pointed at the file itself."""

WHEN_PATTERN = r"^(?:c\. )?[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?$"
"""A year, YYYY-MM or 'c. YYYY'; full dates are matched by `format: date`."""

_NON_BLANK = r"\S"


def json_ready(value: Any) -> Any:
    """Frontmatter as JSON would hold it: dates become ISO strings, all else unchanged."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    return value


def _enum(taxonomy: Taxonomy, vocabulary: str) -> dict[str, Any]:
    terms = taxonomy.terms(vocabulary)
    return {
        "enum": [term.id for term in terms],
        "description": "One of: " + "; ".join(f"{term.id} ({term.label})" for term in terms) + ".",
    }


def _text() -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "pattern": _NON_BLANK}


def _value_schema(spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
    """The schema of one field's value, before the 'not reported' alternative."""
    kind = spec.kind
    if kind is Kind.ID:
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_CHARS}
    if kind is Kind.TEXT:
        schema = _text()
        if spec.name == "summary":
            schema["maxLength"] = SUMMARY_MAX_CHARS
        return schema
    if kind is Kind.DATE:
        return {"type": "string", "format": "date"}
    if kind is Kind.WHEN:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1800, "maximum": 2200},
                {"type": "string", "pattern": WHEN_PATTERN},
                {"type": "string", "format": "date"},
            ]
        }
    if kind is Kind.CHOICE:
        return _enum(taxonomy, spec.vocabulary or "")
    if kind is Kind.CHOICES:
        return {"type": "array", "minItems": 1, "items": _enum(taxonomy, spec.vocabulary or "")}
    if kind is Kind.TEXT_LIST:
        return {"type": "array", "minItems": 1, "items": _text()}
    if kind is Kind.SOURCE_IDS:
        return {
            "type": "array",
            "minItems": 1,
            "items": {"enum": list(taxonomy.sources), "description": "An id from practice/sources.yml."},
        }
    if kind is Kind.GRADES:
        grades = sorted({grade.id for term in taxonomy.terms("frameworks") for grade in term.scale})
        return {"type": "array", "minItems": 1, "items": {"enum": _grade_values(grades)}}
    if kind is Kind.MAPPING:
        return _object_schema(spec, taxonomy)
    raise ValueError(f"no schema for field kind {kind}")  # pragma: no cover - every Kind is handled above


def _grade_values(grades: list[str]) -> list[str | int]:
    """Grade ids as text, plus numeric grades as numbers, since YAML reads `[1, 2]` as numbers."""
    values: list[str | int] = list(grades)
    values += [int(grade) for grade in grades if grade.isdigit()]
    return values


def _field_schema(spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
    value = _value_schema(spec, taxonomy)
    description = spec.doc
    if "description" in value:  # a vocabulary's list of choices goes after the field's own doc
        description += " " + value.pop("description")
    if spec.not_reported:
        description += f" Write '{NOT_REPORTED}' where the source is silent."
        value = {"anyOf": [value, {"const": NOT_REPORTED}]}
    schema: dict[str, Any] = {"description": description, **value}
    if spec.example is not None:
        schema["examples"] = [spec.example]
    return schema


def _grades_by_framework(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """Each framework's grades come from its own scale: one if/then per framework."""
    rules = []
    for term in taxonomy.terms("frameworks"):
        grades = _grade_values([grade.id for grade in term.scale])
        rules.append(
            {
                "if": {"properties": {"framework": {"const": term.id}}, "required": ["framework"]},
                "then": {"properties": {"grades": {"items": {"enum": grades}}}},
            }
        )
    return rules


def _object_schema(spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {child.name: _field_schema(child, taxonomy) for child in spec.fields},
        "required": [child.name for child in spec.fields if child.required],
        "additionalProperties": False,
    }
    if any(child.kind is Kind.GRADES for child in spec.fields):
        schema["allOf"] = _grades_by_framework(taxonomy)
    return schema


def frontmatter_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """The whole JSON Schema document for a case study's frontmatter."""
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "Practice Exchange case study",
        "description": (
            "The YAML frontmatter of a case study in practice/. Generated by `practice schema` from the "
            "model and taxonomy.yml; `practice check` is the full validator."
        ),
        **_object_schema(CASE_STUDY, taxonomy),
    }


def schema_text(taxonomy: Taxonomy) -> str:
    """The schema as the committed file holds it: two-space JSON with a final newline."""
    return json.dumps(frontmatter_schema(taxonomy), indent=2, ensure_ascii=False) + "\n"
