"""The case-study content model: one declarative definition of the frontmatter.

Everything that needs to know the shape of a case study reads it from here:
the validator's value rules, the JSON Schema export, the `practice new`
template and the docs. Each field is documented where it is declared, and
that text is what contributors see in the schema and the reference page.

Vocabulary-backed fields name a list in practice/taxonomy.yml rather than
repeating its values, so the vocabulary itself stays in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .conventions import ID_MAX_CHARS, ID_PATTERN, NOT_REPORTED, PLACEHOLDER_MARK
from .field_kinds import (
    Choice,
    Choices,
    Date,
    FieldSpec,
    Grades,
    Id,
    Mapping,
    SourceIds,
    Text,
    TextList,
    When,
)

__all__ = ["ID_MAX_CHARS", "ID_PATTERN", "NOT_REPORTED", "PLACEHOLDER_MARK", "FieldSpec"]

SUMMARY_MAX_CHARS = 300
"""Summaries appear on cards and index pages; longer ones swamp a phone screen."""


@dataclass(frozen=True)
class Agreement:
    aims: tuple[str, ...] | str
    measures: tuple[str, ...] | str
    duration: str
    outcome: str
    what_did_not_work: str


@dataclass(frozen=True)
class QualityMark:
    framework: str
    grades: tuple[str, ...]
    area: str
    date: str


AGREEMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "aims",
        TextList(silence_kept=True),
        "What the support set out to achieve, as the source reports it.",
        required=True,
        not_reported=True,
        example=["Improve leadership of writing in key stage 1"],
    ),
    FieldSpec(
        "measures",
        TextList(silence_kept=True),
        "How the parties agreed to judge whether the support worked.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
    FieldSpec(
        "duration",
        Text(),
        "How long the agreement ran, or was meant to run.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
    FieldSpec(
        "outcome",
        Text(),
        "What happened, only as the source reports it.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
    FieldSpec(
        "what_did_not_work",
        Text(),
        "Difficulties, limits or failures the source reports.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
)

PERIOD_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "from",
        When(),
        "When the practice began: a year, YYYY-MM, a date, 'c. YYYY' or 'not reported'.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
    FieldSpec(
        "to",
        When(),
        "When it ended, 'ongoing' is not assumed: use 'not reported' if the source is silent.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
)

QUALITY_MARK_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "framework",
        Choice("frameworks"),
        "The inspection framework whose grades the mark relies on.",
        required=True,
        example="ofsted-school-four-point",
    ),
    FieldSpec(
        "grades",
        Grades(scale_from="framework"),
        "The grades, on that framework's own scale, an area needed to qualify.",
        required=True,
        example=["1", "2"],
    ),
    FieldSpec(
        "area",
        Text(),
        "Which areas of work the mark applies to.",
        required=True,
        not_reported=True,
        example="each area in which support is offered",
    ),
    FieldSpec(
        "date",
        When(),
        "When the qualifying inspection took place.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
)

CASE_STUDY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "id",
        Id(),
        "Permanent identifier; must equal the file name without '.md'.",
        required=True,
        example="partner-councils-share-send-practice",
    ),
    FieldSpec(
        "title",
        Text(one_line=True),
        "A plain-words title a teacher would search for.",
        required=True,
        example="Partner councils share practice on SEND",
    ),
    FieldSpec(
        "summary",
        Text(max_chars=SUMMARY_MAX_CHARS),
        f"One or two sentences shown on cards; at most {SUMMARY_MAX_CHARS} characters.",
        required=True,
        example="Officers from partner councils met to share what works on SEND.",
    ),
    FieldSpec(
        "status",
        Choice("statuses"),
        "draft while being written; published once a curator has checked it.",
        required=True,
        example="draft",
    ),
    FieldSpec(
        "themes",
        Choices("themes"),
        "What the practice is about; the first theme is the main one.",
        required=True,
        example=["send"],
    ),
    FieldSpec(
        "phases",
        Choices("phases"),
        "Which phases of education the practice involved.",
        required=True,
        not_reported=True,
        example=["primary"],
    ),
    FieldSpec(
        "support",
        Choices("support"),
        "The kinds of support used.",
        required=True,
        example=["practice-network"],
    ),
    FieldSpec(
        "region",
        Choice("regions"),
        "The region of England where the practice took place.",
        required=True,
        not_reported=True,
        example="london",
    ),
    FieldSpec(
        "provider_roles",
        Choices("provider_roles"),
        "The roles of the people or bodies who gave the support.",
        not_reported=True,
        example=["local-authority-officer"],
    ),
    FieldSpec(
        "organisations",
        TextList(),
        "Organisations involved. Never name private individuals.",
        required=True,
        not_reported=True,
        example=["Example Borough Council"],
    ),
    FieldSpec(
        "period",
        Mapping(PERIOD_FIELDS),
        "When the practice ran, as far as the source says.",
        required=True,
    ),
    FieldSpec(
        "agreement",
        Mapping(AGREEMENT_FIELDS, record=Agreement),
        "The support agreement, where there was one: aims, measures, duration, outcome.",
    ),
    FieldSpec(
        "evidence",
        Choice("evidence"),
        "How strong the evidence is; most published accounts are 'reported'.",
        required=True,
        example="reported",
    ),
    FieldSpec(
        "quality_mark",
        Mapping(QUALITY_MARK_FIELDS, record=QualityMark),
        "A quality mark: support offered only where inspection graded an area highly.",
    ),
    FieldSpec(
        "sources",
        SourceIds(),
        "Ids from practice/sources.yml; a published case study needs at least one.",
        required=True,
        example=["nctl-teaching-schools-and-las-2015"],
    ),
    FieldSpec(
        "replaced_by",
        Id(),
        "For an archived case study: the id of the published case study that replaces it.",
        example="london-partnership-councils-improve-each-other",
        in_draft=False,
    ),
    FieldSpec(
        "archive_note",
        Text(),
        "For an archived case study: one sentence saying why, shown at its old address.",
        example="Merged into the London Partnership case, which describes the same work.",
        in_draft=False,
    ),
    FieldSpec(
        "first_published",
        Date(),
        "The day the case study was first published on the site; set once, never changed. The feeds order by it.",
        example="2026-11-24",
        in_draft=False,
    ),
    FieldSpec(
        "reviewed",
        Date(),
        "When a curator last checked the case study against its sources.",
        required=True,
        example="2026-11-24",
    ),
    FieldSpec(
        "review_due",
        Date(),
        "When it should next be checked; a warning appears once this has passed.",
        required=True,
        example="2027-11-24",
    ),
)

CASE_STUDY_BLOCK = Mapping(CASE_STUDY_FIELDS)
"""The frontmatter as a whole: the checker starts its walk here."""

CASE_STUDY = FieldSpec(
    "case study",
    CASE_STUDY_BLOCK,
    "The frontmatter of a case study.",
    required=True,
)


REQUIRED_SECTIONS: tuple[str, ...] = (
    "Context",
    "What they did",
    "How the support was arranged",
    "What changed, as reported",
    "Cautions and what did not work",
    "How to try this in your school",
    "Sources",
)
"""The level-two headings every case study body has, in this order.

Fixed headings let a teacher jump to the same part of any case study, and
make it obvious when a source is silent on outcomes or failures.
"""


@dataclass(frozen=True)
class CaseStudy:
    """A case study as the catalogue and site see it, built from checked frontmatter.

    Strings stay as written; "not reported" is kept rather than turned into
    None so every page can say it plainly.
    """

    id: str
    title: str
    summary: str
    status: str
    themes: tuple[str, ...]
    phases: tuple[str, ...]
    support: tuple[str, ...]
    region: str
    provider_roles: tuple[str, ...]
    organisations: tuple[str, ...]
    period_from: str
    period_to: str
    evidence: str
    sources: tuple[str, ...]
    reviewed: str
    review_due: str
    body: str
    path: str = ""
    agreement: Agreement | None = None
    quality_mark: QualityMark | None = None
    replaced_by: str = ""
    archive_note: str = ""
    first_published: str = ""
    """YYYY-MM-DD; empty on drafts. Feeds are ordered by it, never by a build date."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def case_study_from(meta: dict[str, Any], body: str, path: str = "") -> CaseStudy:
    """Build a CaseStudy from frontmatter that may be incomplete.

    Never raises: the validator reports what is wrong; the catalogue still
    gets a best-effort object so one bad file cannot stop a build. Every
    attribute comes from the field table through its kind, so a field added
    there without a place in CaseStudy fails the first load, not silently.
    """
    return CaseStudy(
        **CASE_STUDY_BLOCK.record_values(meta),
        body=body,
        path=path,
        extra={key: value for key, value in meta.items() if key not in CASE_STUDY_BLOCK.name_set},
    )
