"""The GitHub issue form for proposing a case study without git, generated from the model.

Teachers who cannot use git fill in .github/ISSUE_TEMPLATE/case-study.yml on
GitHub; the proposal workflow turns the answers into a draft with
`practice from-issue` (from_issue.py) and opens a pull request. The form
walks CASE_STUDY_FIELDS and REQUIRED_SECTIONS, and its dropdowns list the ids
from taxonomy.yml, so a test that regenerates the file catches any drift.
"""

from __future__ import annotations

from typing import Any

import yaml

from .field_kinds import Choice, Choices, Mapping, SourceIds, TextList
from .model import CASE_STUDY_FIELDS, NOT_REPORTED, REQUIRED_SECTIONS, FieldSpec
from .taxonomy import Taxonomy

CURATOR_FIELDS = frozenset({"id", "status", "reviewed", "review_due"})
"""Set by the curator who writes the file, not asked of the contributor."""

BODY_SECTIONS_REQUIRED = frozenset({"Context", "What they did"})
"""The sections a proposal cannot do without; the rest may say 'not reported'."""

CONTENT_LICENCE = "CC BY 4.0"

GENERATED_BY = "scripts/gen_docs.py"


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _section_id(section: str) -> str:
    return "section-" + "-".join(section.lower().replace(",", "").split())


def _field_element(spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
    description = spec.doc
    validations = {"required": spec.required}
    if spec.vocabulary and isinstance(spec.kind, (Choice, Choices)):
        # Labels, as the site shows them: `practice from-issue` maps each back to its id.
        options = [term.label for term in taxonomy.terms(spec.vocabulary)]
        if spec.not_reported:
            options.append(NOT_REPORTED)
            description += f" Choose '{NOT_REPORTED}' if the source does not say."
        attributes: dict[str, Any] = {"label": _label(spec.name), "description": description, "options": options}
        if isinstance(spec.kind, Choices):
            attributes["multiple"] = True
        return {"type": "dropdown", "id": spec.name, "attributes": attributes, "validations": validations}
    if isinstance(spec.kind, SourceIds):
        description = (
            "Where this practice is described. If the source is already in practice/sources.yml, its id is "
            "enough; otherwise describe it here and answer the questions about the new source below, "
            "which register it."
        )
        return {
            "type": "textarea",
            "id": spec.name,
            "attributes": {"label": "Published source", "description": description},
            "validations": {"required": True},
        }
    if isinstance(spec.kind, Mapping):
        lines = [f"{child.name}: " for child in spec.fields]
        details = " ".join(f"{child.name}: {child.doc}" for child in spec.fields)
        optional = "" if spec.required else " Leave blank if it does not apply."
        return {
            "type": "textarea",
            "id": spec.name,
            "attributes": {
                "label": _label(spec.name),
                "description": f"{spec.doc}{optional} {details} Write '{NOT_REPORTED}' where the source is silent.",
                "value": "\n".join(lines) + "\n",
            },
            "validations": validations,
        }
    if isinstance(spec.kind, TextList):
        description += " One per line."
    if spec.not_reported:
        description += f" Write '{NOT_REPORTED}' if the source is silent."
    element_type = "input" if spec.name == "title" else "textarea"
    return {
        "type": element_type,
        "id": spec.name,
        "attributes": {"label": _label(spec.name), "description": description},
        "validations": validations,
    }


NEW_SOURCE_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("source-title", "New source: title", "The title of the page, article or report, as published."),
    ("source-url", "New source: web address", "Its address (https://...), or 'not online' for print only."),
    ("source-publisher", "New source: publisher", "Who published it: the newspaper, council, trust or body."),
    ("source-published", "New source: date published", "YYYY-MM-DD, YYYY-MM, YYYY, or 'undated'."),
    (
        "source-notes",
        "New source: what it states",
        "The facts the source states that the case study relies on, in your own words, one per line.",
    ),
)
"""Questions that register a source not yet in sources.yml (source_registry.py), in the registry's terms."""


def _new_source_elements(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    elements: list[dict[str, Any]] = []
    for element_id, label, description in NEW_SOURCE_QUESTIONS:
        kind = "textarea" if element_id == "source-notes" else "input"
        elements.append(
            {
                "type": kind,
                "id": element_id,
                "attributes": {"label": label, "description": description + " Leave blank for a listed source."},
                "validations": {"required": False},
            }
        )
    elements.insert(
        4,
        {
            "type": "dropdown",
            "id": "source-kind",
            "attributes": {
                "label": "New source: kind",
                "description": "What sort of publication it is. Leave blank for a listed source.",
                "options": [term.label for term in taxonomy.terms("source_kinds")],
            },
            "validations": {"required": False},
        },
    )
    return elements


def issue_form(taxonomy: Taxonomy) -> dict[str, Any]:
    """The issue form as data, in the order a contributor would think about it."""
    body: list[dict[str, Any]] = [
        {
            "type": "markdown",
            "attributes": {
                "value": (
                    "Thank you for sharing practice. Fill in what the published source says; where it is "
                    f"silent, write '{NOT_REPORTED}' rather than guessing. Name organisations and roles, "
                    "never private individuals or pupils. When you submit, a draft case study is made from "
                    "your answers and the checker comments here on anything to fix; edit this issue to "
                    "update the draft. A curator then checks it with you."
                )
            },
        }
    ]
    for spec in CASE_STUDY_FIELDS:
        if spec.name not in CURATOR_FIELDS:
            body.append(_field_element(spec, taxonomy))
            if isinstance(spec.kind, SourceIds):
                body += _new_source_elements(taxonomy)
    for section in REQUIRED_SECTIONS:
        if section == "Sources":
            continue
        required = section in BODY_SECTIONS_REQUIRED
        hint = "" if required else f" Leave blank if the source does not say; it will read '{NOT_REPORTED}'."
        body.append(
            {
                "type": "textarea",
                "id": _section_id(section),
                "attributes": {"label": section, "description": f"The case study's section '{section}'.{hint}"},
                "validations": {"required": required},
            }
        )
    body.append(
        {
            "type": "checkboxes",
            "id": "confirm",
            "attributes": {
                "label": "Before you submit",
                "options": [
                    {"label": "Everything above comes from the published source I named.", "required": True},
                    {
                        "label": "I have named organisations and roles, not private individuals or pupils.",
                        "required": True,
                    },
                    {
                        "label": f"I agree that the case study may be published under {CONTENT_LICENCE}.",
                        "required": True,
                    },
                ],
            },
        }
    )
    return {
        "name": "Propose a case study",
        "description": "Share school-to-school practice without using git: a curator writes it up with you.",
        "title": "Case study: ",
        "labels": ["case study"],
        "body": body,
    }


def issue_form_text(taxonomy: Taxonomy) -> str:
    """The form as the committed YAML file."""
    header = f"# Generated from the case-study model and practice/taxonomy.yml by {GENERATED_BY}; do not edit.\n"
    return header + yaml.safe_dump(issue_form(taxonomy), sort_keys=False, allow_unicode=True, width=100)
