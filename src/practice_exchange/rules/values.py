"""PX1xx: field values and vocabularies, checked against the declarative model."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from ..document import Document, YamlPath
from ..field_kinds import Problem, is_when
from ..findings import Finding, Severity
from ..model import CASE_STUDY_BLOCK, ID_MAX_CHARS, ID_PATTERN, NOT_REPORTED, SUMMARY_MAX_CHARS
from ..statuses import rules_for
from ..taxonomy import Taxonomy
from .context import CheckContext
from .registry import Rule, rule

MISSING = rule(
    id="PX101",
    name="missing-required-field",
    severity=Severity.ERROR,
    summary="A required field is missing.",
    explanation=(
        "Every case study needs the fields that let a teacher find and trust it: id, title, summary, "
        "status, themes, phases, support, region, organisations, period, evidence, sources, reviewed and "
        "review_due. Where the source is silent, the value is 'not reported', never left out."
    ),
    fix="Add the field named in the message; `practice schema` and the field reference show every field.",
    bad="---\nid: example\ntitle: Example\n---",
    good="---\nid: example\ntitle: Example\nthemes: [send]\n# ...and every other required field\n---",
    messages={
        "case": "missing required field '{field}': {doc}",
        "in_block": "missing required field '{field}' in '{block}': {doc}",
    },
)
UNKNOWN_FIELD = rule(
    id="PX102",
    name="unknown-field",
    severity=Severity.WARNING,
    summary="A field is not part of the case-study model.",
    explanation=(
        "Fields outside the model are ignored by the site, so what is written there is lost. Often it is "
        "a typing slip for a real field."
    ),
    fix="Rename it to the field suggested in the message, or remove it.",
    bad="---\nthemse: [send]\n---",
    good="---\nthemes: [send]\n---",
    messages={
        "case": "'{field}' is not a field of a case study and will be ignored{did_you_mean}",
        "in_block": "'{field}' is not a field of '{block}' and will be ignored{did_you_mean}",
    },
)
WRONG_TYPE = rule(
    id="PX103",
    name="wrong-type",
    severity=Severity.ERROR,
    summary="A field holds the wrong kind of value.",
    explanation=(
        "Each field holds one kind of value: text, a list, a date or a block of fields. For example "
        "themes is a list even when there is only one theme."
    ),
    fix="Write the value in the shape the message asks for, e.g. `themes: [send]`.",
    bad="---\nthemes: send\n---",
    good="---\nthemes: [send]\n---",
    messages={
        "text": "'{field}' should be text, not {found}; put it in quotes",
        "choice": "'{value}' should be an id from '{vocabulary}', not {found}",
        "list": "'{field}' should be a list, e.g. {key}: [{example}]",
        "list_or_not_reported": "'{field}' should be a list, e.g. {key}: [{example}] or 'not reported'",
        "text_item": "each item of '{field}' should be text, not {found}",
        "source_item": "a source should be an id from sources.yml, not {found}",
        "block": "'{field}' should be a block of fields, not {found}",
    },
)
NOT_IN_VOCABULARY = rule(
    id="PX104",
    name="unknown-vocabulary-value",
    severity=Severity.ERROR,
    summary="A value is not in its controlled vocabulary.",
    explanation=(
        "Themes, phases, kinds of support, regions, roles, evidence levels and inspection grades come "
        "from fixed lists in practice/taxonomy.yml, so that filters and index pages group cases "
        "correctly."
    ),
    fix=(
        "Use one of the ids listed in practice/taxonomy.yml (the message suggests the nearest), or "
        "propose a new entry there in your pull request."
    ),
    bad="---\nthemes: [sen]\n---",
    good="---\nthemes: [send]\n---",
    messages={
        "term": "'{value}' is not one of the {vocabulary} in {taxonomy_path}{did_you_mean}",
        "silent_list": "'{value}' is not allowed for '{field}'{did_you_mean}",
        "grade": "'{value}' is not a grade of {framework} (its scale: {scale}; in {taxonomy_path}){did_you_mean}",
    },
)
ID_MISMATCH = rule(
    id="PX105",
    name="id-not-file-name",
    severity=Severity.ERROR,
    summary="The id does not equal the file name.",
    explanation=(
        "The id is the case study's permanent address on the site, and the file name is how contributors "
        "find it; keeping them equal avoids two names for one thing."
    ),
    fix="Rename the file to `<id>.md`, or change the id to match the file name.",
    bad="practice/a.md with `id: b`",
    good="practice/a.md with `id: a`",
    message="id '{case_id}' does not match the file name '{stem}.md'; rename one to match",
)
INVALID_ID = rule(
    id="PX106",
    name="invalid-id",
    severity=Severity.ERROR,
    summary="The id is not a lowercase hyphenated slug.",
    explanation=(
        f"Ids become file names and web addresses, so they use only a-z, 0-9 and single hyphens, "
        f"at most {ID_MAX_CHARS} characters."
    ),
    fix="Use lowercase words joined by hyphens, e.g. `partner-councils-share-send-practice`.",
    bad="---\nid: Partner Councils!\n---",
    good="---\nid: partner-councils\n---",
    message="id '{value}' must be lowercase words joined by hyphens (a-z, 0-9, -)",
)
BAD_DATE = rule(
    id="PX107",
    name="invalid-date",
    severity=Severity.ERROR,
    summary="A date is not a real date in the expected form.",
    explanation=(
        "reviewed and review_due are ISO dates (YYYY-MM-DD). Period dates may also be a year, YYYY-MM, "
        "'c. YYYY' or 'not reported'. A day that does not exist, such as 2026-02-30, is refused."
    ),
    fix="Write the date as YYYY-MM-DD, e.g. 2026-11-24, or 'not reported' where the source is silent.",
    bad="---\nreviewed: 24/11/2026\n---",
    good="---\nreviewed: 2026-11-24\n---",
    messages={
        "date": "'{field}' should be a date written YYYY-MM-DD, not {value!r}",
        "when": (
            "'{field}' should be a year, YYYY-MM, YYYY-MM-DD, 'c. YYYY' or 'not reported', not {value!r}{did_you_mean}"
        ),
    },
)
REVIEW_OVERDUE = rule(
    id="PX108",
    name="review-overdue",
    severity=Severity.WARNING,
    summary="The case study's review date has passed.",
    explanation=(
        "Practice, names and structures change; a case study is re-checked against its sources by its "
        "review_due date so that teachers can trust it is current."
    ),
    fix="Re-read the case study against its sources, then set reviewed to today and review_due a year on.",
    bad="---\nreview_due: 2020-01-01\n---",
    good="---\nreview_due: 2027-11-24\n---",
    message="review was due on {due}; re-check it against its sources and update the dates",
)
DATE_ORDER = rule(
    id="PX109",
    name="dates-out-of-order",
    severity=Severity.ERROR,
    summary="Dates are in an impossible order.",
    explanation=(
        "A review cannot be due before it was done, a case cannot be reviewed in the future, and a period"
        " cannot end before it starts."
    ),
    fix="Check the dates named in the message.",
    bad="---\nreviewed: 2026-11-24\nreview_due: 2025-11-24\n---",
    good="---\nreviewed: 2026-11-24\nreview_due: 2027-11-24\n---",
    messages={
        "reviewed_in_future": "reviewed {reviewed} is in the future (today is {today})",
        "due_before_reviewed": "review_due {due} is before reviewed {reviewed}",
        "period_backwards": "period ends ({end}) before it starts ({start})",
    },
)
NO_SOURCE = rule(
    id="PX110",
    name="published-without-source",
    severity=Severity.ERROR,
    summary="A published case study cites no source.",
    explanation=(
        "Every claim in a published case study comes from a published account, so readers can check it. "
        "Drafts may be saved before the source is added."
    ),
    fix="Add the source to practice/sources.yml if it is new, then list its id under sources.",
    bad="---\nstatus: published\nsources: []\n---",
    good="---\nstatus: published\nsources: [a-source-id]   # listed in practice/sources.yml\n---",
    message="a published case study must cite at least one source id",
)
UNKNOWN_SOURCE = rule(
    id="PX111",
    name="unknown-source",
    severity=Severity.ERROR,
    summary="A cited source id is not in practice/sources.yml.",
    explanation=(
        "Case studies cite sources by id so that the full citation is written once and shown the same way everywhere."
    ),
    fix="Use an id from practice/sources.yml (the message suggests the nearest), or add the source there.",
    bad="---\nsources: [nctl-blog]\n---",
    good="---\nsources: [a-source-id]   # listed in practice/sources.yml\n---",
    message="source '{value}' is not in {sources_path}{did_you_mean}",
)
SUMMARY_TOO_LONG = rule(
    id="PX112",
    name="summary-too-long",
    severity=Severity.WARNING,
    summary=f"The summary is longer than {SUMMARY_MAX_CHARS} characters.",
    explanation=(
        "The summary is shown on cards and index pages, often on a phone. One or two sentences let a "
        "teacher decide quickly whether to read on."
    ),
    fix="Cut the summary to one or two sentences; the detail belongs in the body.",
    bad="---\nsummary: (a 400-character paragraph)\n---",
    good="---\nsummary: Two councils share one SEND advisory team.\n---",
    message=f"summary is {{length}} characters; keep it to {SUMMARY_MAX_CHARS} (one or two sentences)",
)
EMPTY_VALUE = rule(
    id="PX113",
    name="empty-value",
    severity=Severity.ERROR,
    summary="A field is present but empty.",
    explanation=(
        "An empty value hides whether the source was silent or the contributor forgot. Where the source "
        "is silent, say so with 'not reported'."
    ),
    fix="Fill in the value, or write 'not reported' where the field allows it.",
    bad="---\nsummary:\n---",
    good="---\nsummary: not reported\n---",
    messages={
        "fill_in": "'{field}' is empty; fill it in",
        "not_reported": "'{field}' is empty; write 'not reported' if the source is silent",
    },
)

CONTROL_CHARACTER = rule(
    id="PX409",
    name="control-character",
    severity=Severity.ERROR,
    summary="A field holds a control character, or a title holds a line break.",
    explanation=(
        "Titles, summaries and other text fields are shown on one line: on cards, in lists, in the "
        "catalogue spreadsheet and in the terminal. An invisible control character (an escape, a carriage"
        " return, a right-to-left override) can split a spreadsheet row, rewrite what a curator's "
        "terminal shows or make text read backwards."
    ),
    fix="Retype the value without the character the message names; write a title on one line.",
    bad='---\ntitle: "Partners\\rworking together"\n---',
    good="---\ntitle: Partners working together\n---",
    messages={
        "control": "'{field}' holds the control character {character} (character {position}); retype it without it",
        "line_break": "'{field}' holds a line break (character {position}); retype it without it",
    },
)

_ID_RE = re.compile(ID_PATTERN)

RULE_FOR: dict[Problem, Rule] = {
    Problem.MISSING: MISSING,
    Problem.UNKNOWN_FIELD: UNKNOWN_FIELD,
    Problem.WRONG_TYPE: WRONG_TYPE,
    Problem.NOT_IN_VOCABULARY: NOT_IN_VOCABULARY,
    Problem.INVALID_ID: INVALID_ID,
    Problem.BAD_DATE: BAD_DATE,
    Problem.UNKNOWN_SOURCE: UNKNOWN_SOURCE,
    Problem.EMPTY: EMPTY_VALUE,
    Problem.CONTROL_CHARACTER: CONTROL_CHARACTER,
}
"""Which rule each problem a field kind finds is: the kinds (field_kinds.py) know nothing of rules."""


class _Where:
    """A place in one document, as the field kinds see it; built only when a value needs the full check."""

    __slots__ = ("_doc", "_path", "parent", "taxonomy")

    def __init__(self, doc: Document, taxonomy: Taxonomy, path: YamlPath, parent: dict[str, Any]) -> None:
        self._doc = doc
        self._path = path
        self.taxonomy = taxonomy
        self.parent = parent

    @property
    def name(self) -> str:
        return ".".join(str(part) for part in self._path)

    @property
    def unparsed(self) -> frozenset[str] | set[str]:
        return self._doc.unparsed if not self._path else frozenset()

    def report(self, problem: Problem, variant: str | None = None, /, **values: object) -> Finding:
        line, col = self._doc.position(self._path)
        return RULE_FOR[problem].at(self._doc.path, line, col, variant=variant, **values)

    def item(self, key: str | int, value: dict[str, Any] | None = None) -> _Where:
        return _Where(self._doc, self.taxonomy, (*self._path, key), self.parent if value is None else value)


def check_values(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    if doc.meta is None:
        return
    yield from CASE_STUDY_BLOCK.check_block(doc.meta, _Where(doc, ctx.taxonomy, (), doc.meta))
    yield from _check_identity(doc, ctx)
    yield from _check_dates(doc, ctx)
    sources = doc.meta.get("sources")
    if rules_for(doc.meta.get("status")).finished and "sources" in doc.meta and not sources:
        line, col = doc.position(("sources",))
        yield NO_SOURCE.at(doc.path, line, col)


def _check_identity(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    assert doc.meta is not None
    case_id = doc.meta.get("id")
    stem = doc.path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".md")
    if isinstance(case_id, str) and _ID_RE.match(case_id) and case_id != stem:
        line, col = doc.position(("id",))
        yield ID_MISMATCH.at(doc.path, line, col, case_id=case_id, stem=stem)
    summary = doc.meta.get("summary")
    if isinstance(summary, str) and len(summary) > SUMMARY_MAX_CHARS:
        line, col = doc.position(("summary",))
        yield SUMMARY_TOO_LONG.at(doc.path, line, col, length=len(summary))


def _check_dates(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    assert doc.meta is not None
    reviewed = _plain_date(doc.meta.get("reviewed"))
    due = _plain_date(doc.meta.get("review_due"))
    if reviewed and reviewed > ctx.today:
        line, col = doc.position(("reviewed",))
        yield DATE_ORDER.at(doc.path, line, col, variant="reviewed_in_future", reviewed=reviewed, today=ctx.today)
    if reviewed and due and due < reviewed:
        line, col = doc.position(("review_due",))
        yield DATE_ORDER.at(doc.path, line, col, variant="due_before_reviewed", due=due, reviewed=reviewed)
    elif due and due < ctx.today and rules_for(doc.meta.get("status")).finished:
        line, col = doc.position(("review_due",))
        yield REVIEW_OVERDUE.at(doc.path, line, col, due=due)
    period = doc.meta.get("period")
    if isinstance(period, dict):
        start, end = _year(period.get("from")), _year(period.get("to"))
        if start and end and end < start:
            line, col = doc.position(("period", "to"))
            yield DATE_ORDER.at(doc.path, line, col, variant="period_backwards", end=end, start=start)


def _plain_date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def _year(value: Any) -> int | None:
    if not is_when(value) or value == NOT_REPORTED:
        return None
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, int):
        return value
    return int(str(value).removeprefix("c. ")[:4])
