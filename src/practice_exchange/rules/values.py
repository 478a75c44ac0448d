"""PX1xx: field values and vocabularies, checked against the declarative model."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..controls import describe, first_control
from ..document import Document, YamlPath
from ..findings import Finding, Severity
from ..model import (
    CASE_STUDY,
    ID_MAX_CHARS,
    ID_PATTERN,
    NOT_REPORTED,
    SUMMARY_MAX_CHARS,
    FieldSpec,
    Kind,
)
from ..suggestions import closest, did_you_mean, nearest, normalise
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
)

_ID_RE = re.compile(ID_PATTERN)
_ONE_LINE_FIELDS = frozenset({"title"})
_WHEN_RE = re.compile(r"^(?:c\. )?\d{4}(?:-\d{2})?$")


def check_values(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    if doc.meta is None:
        return
    yield from _check_mapping(doc, ctx, CASE_STUDY, doc.meta, ())
    yield from _check_identity(doc, ctx)
    yield from _check_dates(doc, ctx)
    status = doc.meta.get("status")
    sources = doc.meta.get("sources")
    if status == "published" and "sources" in doc.meta and not sources:
        line, col = doc.position(("sources",))
        yield NO_SOURCE.at(doc.path, line, col, "a published case study must cite at least one source id")


def _check_mapping(
    doc: Document, ctx: CheckContext, spec: FieldSpec, value: dict[str, Any], path: YamlPath
) -> Iterator[Finding]:
    known = [child.name for child in spec.fields]
    for child in spec.fields:
        if child.name not in value:
            if child.required and not (not path and child.name in doc.unparsed):
                line, col = doc.position(path) if path else (doc.frontmatter_line, 1)
                where = f" in '{path[-1]}'" if path else ""
                yield MISSING.at(
                    doc.path,
                    line,
                    col,
                    f"missing required field '{child.name}'{where}: {child.doc}",
                )
            continue
        field_value = value[child.name]
        if not _plainly_valid(ctx, child, field_value):
            yield from _check_field(doc, ctx, child, field_value, (*path, child.name), value)
    for key in value:
        if key not in known:
            line, col = doc.position((*path, key))
            where = f"'{path[-1]}'" if path else "a case study"
            yield UNKNOWN_FIELD.at(
                doc.path,
                line,
                col,
                f"'{key}' is not a field of {where} and will be ignored{did_you_mean(nearest(key, known))}",
            )


def _plainly_valid(ctx: CheckContext, spec: FieldSpec, value: Any) -> bool:
    """A cheap yes for the common, clearly valid values, so the full check runs only on doubt.

    This is a shortcut, not a second rulebook: anything it is unsure about
    returns False and goes through _check_field, which alone makes findings.
    Most fields of most files are fine, and this keeps checking them cheap.
    """
    kind = spec.kind
    if value.__class__ is str:
        if not value.strip():
            return False
        if kind is Kind.TEXT:
            return first_control(value, one_line=spec.name in _ONE_LINE_FIELDS) < 0
        if kind is Kind.CHOICE:
            return ctx.taxonomy.allows(spec.vocabulary or "", value)
        return spec.not_reported and value == NOT_REPORTED
    if value.__class__ is list and value:
        if kind is Kind.CHOICES:
            vocabulary = spec.vocabulary or ""
            return all(item.__class__ is str and ctx.taxonomy.allows(vocabulary, item) for item in value)
        if kind is Kind.TEXT_LIST:
            return all(item.__class__ is str and item.strip() and first_control(item) < 0 for item in value)
        if kind is Kind.SOURCE_IDS:
            return all(item.__class__ is str and item in ctx.taxonomy.sources for item in value)
        return False
    return kind is Kind.DATE and value.__class__ is dt.date


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a block of fields"
    if value is None:
        return "nothing"
    return "text"


def _check_field(
    doc: Document,
    ctx: CheckContext,
    spec: FieldSpec,
    value: Any,
    path: YamlPath,
    parent: dict[str, Any],
) -> Iterator[Finding]:
    def at(rule_: Rule, message: str) -> Finding:
        line, col = doc.position(path)
        return rule_.at(doc.path, line, col, message)

    name = ".".join(str(part) for part in path)
    # An empty sources list is allowed in drafts; PX110 catches it on publishing.
    if value is None or value == "" or (value == [] and spec.kind is not Kind.SOURCE_IDS):
        advice = "write 'not reported' if the source is silent" if spec.not_reported else "fill it in"
        yield at(EMPTY_VALUE, f"'{name}' is empty; {advice}")
        return
    if spec.not_reported and value == NOT_REPORTED:
        return
    kind = spec.kind
    if kind is Kind.MAPPING:
        if not isinstance(value, dict):
            yield at(WRONG_TYPE, f"'{name}' should be a block of fields, not {_describe(value)}")
            return
        yield from _check_mapping(doc, ctx, spec, value, path)
    elif kind in (Kind.TEXT, Kind.ID):
        if not isinstance(value, str):
            yield at(WRONG_TYPE, f"'{name}' should be text, not {_describe(value)}; put it in quotes")
        elif kind is Kind.ID and (not _ID_RE.match(value) or len(value) > ID_MAX_CHARS):
            yield at(INVALID_ID, f"id '{value}' must be lowercase words joined by hyphens (a-z, 0-9, -)")
        elif value.strip() == "":
            yield at(EMPTY_VALUE, f"'{name}' is empty")
        else:
            yield from _check_controls(doc, spec, value, path, name)
    elif kind is Kind.DATE:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            yield at(BAD_DATE, f"'{name}' should be a date written YYYY-MM-DD, not {value!r}")
    elif kind is Kind.WHEN:
        if not _is_when(value):
            silent = isinstance(value, str) and normalise(value) == NOT_REPORTED
            yield at(
                BAD_DATE,
                f"'{name}' should be a year, YYYY-MM, YYYY-MM-DD, 'c. YYYY' or 'not reported', not {value!r}"
                + did_you_mean(NOT_REPORTED if silent else None),
            )
    elif kind is Kind.CHOICE:
        yield from _check_choice(doc, ctx, spec, value, path)
    elif kind in (Kind.CHOICES, Kind.TEXT_LIST, Kind.SOURCE_IDS, Kind.GRADES):
        if not isinstance(value, list):
            yield _not_a_list(ctx, spec, value, name, at)
            return
        for index, item in enumerate(value):
            item_path = (*path, index)
            if kind is Kind.CHOICES:
                yield from _check_choice(doc, ctx, spec, item, item_path)
            elif kind is Kind.TEXT_LIST:
                if not isinstance(item, str) or not item.strip():
                    item_line, item_col = doc.position(item_path)
                    yield WRONG_TYPE.at(
                        doc.path, item_line, item_col, f"each item of '{name}' should be text, not {_describe(item)}"
                    )
                else:
                    yield from _check_controls(doc, spec, item, item_path, name)
            elif kind is Kind.SOURCE_IDS:
                yield from _check_source(doc, ctx, item, item_path)
            else:
                yield from _check_grade(doc, ctx, parent.get("framework"), item, item_path)


def _check_controls(doc: Document, spec: FieldSpec, value: str, path: YamlPath, name: str) -> Iterator[Finding]:
    at = first_control(value.rstrip("\n"), one_line=spec.name in _ONE_LINE_FIELDS)
    if at >= 0:
        line, col = doc.position(path)
        what = "a line break" if value[at] == "\n" else f"the control character {describe(value[at])}"
        yield CONTROL_CHARACTER.at(
            doc.path, line, col, f"'{name}' holds {what} (character {at + 1}); retype it without it"
        )


def _not_a_list(
    ctx: CheckContext, spec: FieldSpec, value: Any, name: str, at: Callable[[Rule, str], Finding]
) -> Finding:
    """A list field holding one value: the example is built from valid values only, never from what was written."""
    key = name.rsplit(".", 1)[-1]
    if isinstance(value, str) and spec.vocabulary:
        suggestion = closest(ctx.taxonomy, spec.vocabulary, value, spec.not_reported)
        if suggestion == NOT_REPORTED:
            return at(NOT_IN_VOCABULARY, f"'{value}' is not allowed for '{name}'{did_you_mean(NOT_REPORTED)}")
        if suggestion is not None:
            return at(WRONG_TYPE, f"'{name}' should be a list, e.g. {key}: [{suggestion}]")
    example = spec.example if isinstance(spec.example, list) else ["first", "second"]
    extra = " or 'not reported'" if spec.not_reported else ""
    return at(WRONG_TYPE, f"'{name}' should be a list, e.g. {key}: [{', '.join(map(str, example))}]{extra}")


def _is_when(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 1800 <= value <= 2200
    if isinstance(value, dt.datetime):
        return False
    if isinstance(value, dt.date):
        return True
    if isinstance(value, str) and _WHEN_RE.match(value):
        return value[-3:-2] != "-" or 1 <= int(value[-2:]) <= 12
    return False


def _check_choice(doc: Document, ctx: CheckContext, spec: FieldSpec, value: Any, path: YamlPath) -> Iterator[Finding]:
    vocabulary = spec.vocabulary or ""
    line, col = doc.position(path)
    if not isinstance(value, str):
        yield WRONG_TYPE.at(
            doc.path, line, col, f"'{value}' should be an id from '{vocabulary}', not {_describe(value)}"
        )
        return
    if not ctx.taxonomy.allows(vocabulary, value):
        # A single value may be 'not reported'; an item of a list may not.
        silent_allowed = spec.not_reported and spec.kind is Kind.CHOICE
        suggestion = closest(ctx.taxonomy, vocabulary, value, silent_allowed)
        yield NOT_IN_VOCABULARY.at(
            doc.path,
            line,
            col,
            f"'{value}' is not one of the {vocabulary} in {ctx.taxonomy.taxonomy_path}{did_you_mean(suggestion)}",
        )


def _check_source(doc: Document, ctx: CheckContext, value: Any, path: YamlPath) -> Iterator[Finding]:
    line, col = doc.position(path)
    if not isinstance(value, str):
        yield WRONG_TYPE.at(doc.path, line, col, f"a source should be an id from sources.yml, not {_describe(value)}")
    elif value not in ctx.taxonomy.sources:
        known = list(ctx.taxonomy.sources)
        yield UNKNOWN_SOURCE.at(
            doc.path,
            line,
            col,
            f"source '{value}' is not in {ctx.taxonomy.sources_path}{did_you_mean(nearest(value, known))}",
        )


def _check_grade(doc: Document, ctx: CheckContext, framework: Any, value: Any, path: YamlPath) -> Iterator[Finding]:
    term = ctx.taxonomy.term("frameworks", framework) if isinstance(framework, str) else None
    if term is None:
        return  # the framework finding already says what to fix
    grade = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    scale = [g.id for g in term.scale]
    if grade not in scale:
        line, col = doc.position(path)
        yield NOT_IN_VOCABULARY.at(
            doc.path,
            line,
            col,
            f"'{value}' is not a grade of {framework} (its scale: {', '.join(scale)}; in"
            f" {ctx.taxonomy.taxonomy_path}){did_you_mean(nearest(str(value), scale))}",
        )


def _check_identity(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    assert doc.meta is not None
    case_id = doc.meta.get("id")
    stem = doc.path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".md")
    if isinstance(case_id, str) and _ID_RE.match(case_id) and case_id != stem:
        line, col = doc.position(("id",))
        yield ID_MISMATCH.at(
            doc.path, line, col, f"id '{case_id}' does not match the file name '{stem}.md'; rename one to match"
        )
    summary = doc.meta.get("summary")
    if isinstance(summary, str) and len(summary) > SUMMARY_MAX_CHARS:
        line, col = doc.position(("summary",))
        yield SUMMARY_TOO_LONG.at(
            doc.path,
            line,
            col,
            f"summary is {len(summary)} characters; keep it to {SUMMARY_MAX_CHARS} (one or two sentences)",
        )


def _check_dates(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    assert doc.meta is not None
    reviewed = _plain_date(doc.meta.get("reviewed"))
    due = _plain_date(doc.meta.get("review_due"))
    if reviewed and reviewed > ctx.today:
        line, col = doc.position(("reviewed",))
        yield DATE_ORDER.at(doc.path, line, col, f"reviewed {reviewed} is in the future (today is {ctx.today})")
    if reviewed and due and due < reviewed:
        line, col = doc.position(("review_due",))
        yield DATE_ORDER.at(doc.path, line, col, f"review_due {due} is before reviewed {reviewed}")
    elif due and due < ctx.today and doc.meta.get("status") == "published":
        line, col = doc.position(("review_due",))
        yield REVIEW_OVERDUE.at(
            doc.path, line, col, f"review was due on {due}; re-check it against its sources and update the dates"
        )
    period = doc.meta.get("period")
    if isinstance(period, dict):
        start, end = _year(period.get("from")), _year(period.get("to"))
        if start and end and end < start:
            line, col = doc.position(("period", "to"))
            yield DATE_ORDER.at(doc.path, line, col, f"period ends ({end}) before it starts ({start})")


def _plain_date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def _year(value: Any) -> int | None:
    if not _is_when(value) or value == NOT_REPORTED:
        return None
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, int):
        return value
    return int(str(value).removeprefix("c. ")[:4])
