"""The case-study content model: one declarative definition of the frontmatter.

Everything that needs to know the shape of a case study reads it from here:
the validator's value rules, the JSON Schema export, the `practice new`
template and the docs. Each field is documented where it is declared, and
that text is what contributors see in the schema and the reference page.

Vocabulary-backed fields name a list in practice/taxonomy.yml rather than
repeating its values, so the vocabulary itself stays in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

NOT_REPORTED = "not reported"
"""The one legal way to say a source is silent on something."""

PLACEHOLDER_MARK = "TODO"
"""Text `practice new` leaves for the contributor to replace.

Drafts may hold it; a published case study with it left in is an error.
"""

SUMMARY_MAX_CHARS = 300
"""Summaries appear on cards and index pages; longer ones swamp a phone screen."""

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Ids are file names and URL slugs: lowercase words joined by single hyphens."""

ID_MAX_CHARS = 80


class Kind(Enum):
    """What sort of value a field holds; each kind has one checker in the rules."""

    TEXT = "text"  # a non-empty string
    ID = "id"  # a slug matching ID_PATTERN
    DATE = "date"  # an ISO date, YYYY-MM-DD
    WHEN = "when"  # a year, YYYY-MM, an ISO date, "c. YYYY", or "not reported"
    CHOICE = "choice"  # one id from a vocabulary
    CHOICES = "choices"  # a non-empty list of ids from a vocabulary
    TEXT_LIST = "text-list"  # a non-empty list of strings
    SOURCE_IDS = "source-ids"  # a list of ids from practice/sources.yml
    GRADES = "grades"  # grades from the scale of the quality mark's framework
    MAPPING = "mapping"  # a nested block with its own fields


@dataclass(frozen=True)
class FieldSpec:
    """One frontmatter field: its name, what it holds and why it exists."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    vocabulary: str | None = None
    """For CHOICE and CHOICES: the list in taxonomy.yml the values come from."""
    not_reported: bool = False
    """Whether the string "not reported" is accepted in place of a value."""
    fields: tuple[FieldSpec, ...] = ()
    """For MAPPING: the fields of the nested block."""
    example: Any = None
    """A legal value, used by the template, the schema and the docs."""
    in_draft: bool = True
    """Whether `practice new` writes the field into a draft; curators' fields (archiving) are left out."""

    def child(self, name: str) -> FieldSpec | None:
        for spec in self.fields:
            if spec.name == name:
                return spec
        return None


AGREEMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "aims",
        Kind.TEXT_LIST,
        "What the support set out to achieve, as the source reports it.",
        required=True,
        not_reported=True,
        example=["Improve leadership of writing in key stage 1"],
    ),
    FieldSpec(
        "measures",
        Kind.TEXT_LIST,
        "How the parties agreed to judge whether the support worked.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
    FieldSpec(
        "duration",
        Kind.TEXT,
        "How long the agreement ran, or was meant to run.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
    FieldSpec(
        "outcome",
        Kind.TEXT,
        "What happened, only as the source reports it.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
    FieldSpec(
        "what_did_not_work",
        Kind.TEXT,
        "Difficulties, limits or failures the source reports.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
)

PERIOD_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "from",
        Kind.WHEN,
        "When the practice began: a year, YYYY-MM, a date, 'c. YYYY' or 'not reported'.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
    FieldSpec(
        "to",
        Kind.WHEN,
        "When it ended, 'ongoing' is not assumed: use 'not reported' if the source is silent.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
)

QUALITY_MARK_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "framework",
        Kind.CHOICE,
        "The inspection framework whose grades the mark relies on.",
        required=True,
        vocabulary="frameworks",
        example="ofsted-school-four-point",
    ),
    FieldSpec(
        "grades",
        Kind.GRADES,
        "The grades, on that framework's own scale, an area needed to qualify.",
        required=True,
        example=["1", "2"],
    ),
    FieldSpec(
        "area",
        Kind.TEXT,
        "Which areas of work the mark applies to.",
        required=True,
        not_reported=True,
        example="each area in which support is offered",
    ),
    FieldSpec(
        "date",
        Kind.WHEN,
        "When the qualifying inspection took place.",
        required=True,
        not_reported=True,
        example=NOT_REPORTED,
    ),
)

CASE_STUDY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "id",
        Kind.ID,
        "Permanent identifier; must equal the file name without '.md'.",
        required=True,
        example="partner-councils-share-send-practice",
    ),
    FieldSpec(
        "title",
        Kind.TEXT,
        "A plain-words title a teacher would search for.",
        required=True,
        example="Partner councils share practice on SEND",
    ),
    FieldSpec(
        "summary",
        Kind.TEXT,
        f"One or two sentences shown on cards; at most {SUMMARY_MAX_CHARS} characters.",
        required=True,
        example="Officers from partner councils met to share what works on SEND.",
    ),
    FieldSpec(
        "status",
        Kind.CHOICE,
        "draft while being written; published once a curator has checked it.",
        required=True,
        vocabulary="statuses",
        example="draft",
    ),
    FieldSpec(
        "themes",
        Kind.CHOICES,
        "What the practice is about; the first theme is the main one.",
        required=True,
        vocabulary="themes",
        example=["send"],
    ),
    FieldSpec(
        "phases",
        Kind.CHOICES,
        "Which phases of education the practice involved.",
        required=True,
        vocabulary="phases",
        not_reported=True,
        example=["primary"],
    ),
    FieldSpec(
        "support",
        Kind.CHOICES,
        "The kinds of support used.",
        required=True,
        vocabulary="support",
        example=["practice-network"],
    ),
    FieldSpec(
        "region",
        Kind.CHOICE,
        "The region of England where the practice took place.",
        required=True,
        vocabulary="regions",
        not_reported=True,
        example="london",
    ),
    FieldSpec(
        "provider_roles",
        Kind.CHOICES,
        "The roles of the people or bodies who gave the support.",
        vocabulary="provider_roles",
        not_reported=True,
        example=["local-authority-officer"],
    ),
    FieldSpec(
        "organisations",
        Kind.TEXT_LIST,
        "Organisations involved. Never name private individuals.",
        required=True,
        not_reported=True,
        example=["Example Borough Council"],
    ),
    FieldSpec(
        "period",
        Kind.MAPPING,
        "When the practice ran, as far as the source says.",
        required=True,
        fields=PERIOD_FIELDS,
    ),
    FieldSpec(
        "agreement",
        Kind.MAPPING,
        "The support agreement, where there was one: aims, measures, duration, outcome.",
        fields=AGREEMENT_FIELDS,
    ),
    FieldSpec(
        "evidence",
        Kind.CHOICE,
        "How strong the evidence is; most published accounts are 'reported'.",
        required=True,
        vocabulary="evidence",
        example="reported",
    ),
    FieldSpec(
        "quality_mark",
        Kind.MAPPING,
        "A quality mark: support offered only where inspection graded an area highly.",
        fields=QUALITY_MARK_FIELDS,
    ),
    FieldSpec(
        "sources",
        Kind.SOURCE_IDS,
        "Ids from practice/sources.yml; a published case study needs at least one.",
        required=True,
        example=["nctl-teaching-schools-and-las-2015"],
    ),
    FieldSpec(
        "replaced_by",
        Kind.ID,
        "For an archived case study: the id of the published case study that replaces it.",
        example="london-partnership-councils-improve-each-other",
        in_draft=False,
    ),
    FieldSpec(
        "archive_note",
        Kind.TEXT,
        "For an archived case study: one sentence saying why, shown at its old address.",
        example="Merged into the London Partnership case, which describes the same work.",
        in_draft=False,
    ),
    FieldSpec(
        "first_published",
        Kind.DATE,
        "The day the case study was first published on the site; set once, never changed. The feeds order by it.",
        example="2026-11-24",
        in_draft=False,
    ),
    FieldSpec(
        "reviewed",
        Kind.DATE,
        "When a curator last checked the case study against its sources.",
        required=True,
        example="2026-11-24",
    ),
    FieldSpec(
        "review_due",
        Kind.DATE,
        "When it should next be checked; a warning appears once this has passed.",
        required=True,
        example="2027-11-24",
    ),
)

CASE_STUDY = FieldSpec(
    "case study",
    Kind.MAPPING,
    "The frontmatter of a case study.",
    required=True,
    fields=CASE_STUDY_FIELDS,
)

ARCHIVED = "archived"
"""The status of a case study kept only so its address answers, pointing to its replacement."""

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


def _text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else str(value)


def _texts(value: Any) -> tuple[str, ...]:
    """A list field as a tuple; "not reported" (or any bare string) becomes empty."""
    if isinstance(value, list):
        return tuple(_text(item) for item in value if item is not None)
    return ()


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text_or_texts(value: Any) -> tuple[str, ...] | str:
    return _texts(value) if isinstance(value, list) else _text(value)


def case_study_from(meta: dict[str, Any], body: str, path: str = "") -> CaseStudy:
    """Build a CaseStudy from frontmatter that may be incomplete.

    Never raises: the validator reports what is wrong; the catalogue still
    gets a best-effort object so one bad file cannot stop a build.
    """
    period = _mapping(meta.get("period"))
    agreement_raw = meta.get("agreement")
    agreement = None
    if isinstance(agreement_raw, dict):
        agreement = Agreement(
            aims=_text_or_texts(agreement_raw.get("aims", NOT_REPORTED)),
            measures=_text_or_texts(agreement_raw.get("measures", NOT_REPORTED)),
            duration=_text(agreement_raw.get("duration", NOT_REPORTED)),
            outcome=_text(agreement_raw.get("outcome", NOT_REPORTED)),
            what_did_not_work=_text(agreement_raw.get("what_did_not_work", NOT_REPORTED)),
        )
    mark_raw = meta.get("quality_mark")
    quality_mark = None
    if isinstance(mark_raw, dict):
        quality_mark = QualityMark(
            framework=_text(mark_raw.get("framework")),
            grades=_texts(mark_raw.get("grades")),
            area=_text(mark_raw.get("area", NOT_REPORTED)),
            date=_text(mark_raw.get("date", NOT_REPORTED)),
        )
    known = {spec.name for spec in CASE_STUDY_FIELDS}
    return CaseStudy(
        id=_text(meta.get("id")),
        title=_text(meta.get("title")),
        summary=_text(meta.get("summary")),
        status=_text(meta.get("status")),
        themes=_texts(meta.get("themes")),
        phases=_texts(meta.get("phases")),
        support=_texts(meta.get("support")),
        region=_text(meta.get("region", NOT_REPORTED)),
        provider_roles=_texts(meta.get("provider_roles")),
        organisations=_texts(meta.get("organisations")),
        period_from=_text(period.get("from", NOT_REPORTED)),
        period_to=_text(period.get("to", NOT_REPORTED)),
        evidence=_text(meta.get("evidence")),
        sources=_texts(meta.get("sources")),
        reviewed=_text(meta.get("reviewed")),
        review_due=_text(meta.get("review_due")),
        body=body,
        path=path,
        agreement=agreement,
        quality_mark=quality_mark,
        replaced_by=_text(meta.get("replaced_by")),
        archive_note=_text(meta.get("archive_note")),
        first_published=_text(meta.get("first_published")),
        extra={key: value for key, value in meta.items() if key not in known},
    )
