"""`practice from-issue`: a "Propose a case study" issue, as GitHub renders it, becomes a draft case study.

GitHub renders an issue form's answers as Markdown: one `### <label>`
heading per question, in the form's order, then the answer, or
`_No response_`. The labels come from the same generated form
(issue_form.py), so this reader and the form cannot drift apart.

Everything in an issue is untrusted text. It only ever becomes values that
`yaml.safe_dump` quotes (through the same scaffold as `practice new`) or
body paragraphs that the checker then reads like any contribution; the id
is made from the title by `slugify`, so it is always a plain file name; and
the draft is checked in memory before anything is written, with `open("x")`
so that an existing case is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checker import check_document
from .field_kinds import TextList, When
from .findings import Finding, Severity
from .issue_form import BODY_SECTIONS_REQUIRED, issue_form
from .loader import parse_document, read_collection
from .model import CASE_STUDY_FIELDS, NOT_REPORTED, REQUIRED_SECTIONS, FieldSpec
from .rules.context import CheckContext
from .rules.registry import RULES
from .scaffold import NewCase, ScaffoldError, case_path, render_case_study, write_new
from .source_registry import NewSource, Registration, SourceError, append_source, prepare_source, with_source
from .suggestions import resolve
from .summary_table import escape_markdown
from .taxonomy import SOURCES_FILE, Taxonomy

MAX_BODY_CHARS = 65_536
"""GitHub's own limit on an issue body; anything longer did not come from the form."""

NO_RESPONSE = "_No response_"
SOURCES_ENTRY_FILE = "sources-entry.yml"
"""With --output-dir: the text to append to sources.yml for a source the proposal registers."""
_WHEN = re.compile(r"^(?:c\. )?\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_FIELD_LINE = re.compile(r"^[ \t]{0,8}([a-z_]{1,40})[ \t]{0,8}:[ \t]{0,8}(.{0,2000})$")
_BULLET = re.compile(r"^[ \t]{0,8}(?:[-*+][ \t]{1,4}|[0-9]{1,3}\.[ \t]{1,4})")
_HEADING_START = re.compile(r"^(#{1,6})(?=[ \t]|$)", re.MULTILINE)
_SECTION_ID = {
    section: "section-" + "-".join(section.lower().replace(",", "").split()) for section in REQUIRED_SECTIONS
}


class ProposalError(ValueError):
    """The issue cannot become a draft; the message says why, in words for the person who wrote it."""


@dataclass(frozen=True)
class Draft:
    """What `from-issue` made of a proposal: the file it writes (or would) and what the checker says."""

    path: Path
    text: str
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]
    """Answers that could not be used as written, and what the draft says instead."""
    registration: Registration | None = None
    """A source the proposal registers in sources.yml, appended when the draft is written."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)


def read_answers(body: str, taxonomy: Taxonomy) -> dict[str, str]:
    """Each form element id with its answer ('' where GitHub wrote _No response_ or the heading is missing).

    Headings are looked for in the form's order, each after the previous one,
    so an answer that itself contains `### Something` cannot reorder the form.
    """
    if len(body) > MAX_BODY_CHARS:
        raise ProposalError(
            f"the issue is {len(body):,} characters; a proposal from the form is under {MAX_BODY_CHARS:,}"
        )
    text = "\n" + body.replace("\r\n", "\n").replace("\r", "\n")
    elements = [element for element in issue_form(taxonomy)["body"] if element["type"] != "markdown"]
    found: list[tuple[str, int, int]] = []  # element id, heading start, answer start
    at = 0
    for element in elements:
        heading = f"\n### {element['attributes']['label']}\n"
        start = text.find(heading, at)
        if start >= 0:
            found.append((element["id"], start, start + len(heading)))
            at = start + len(heading)
    answers = {element["id"]: "" for element in elements}
    for index, (element_id, _, answer_start) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        answer = text[answer_start:end].strip()
        answers[element_id] = "" if answer == NO_RESPONSE else answer
    return answers


def _choices(answer: str) -> tuple[str, ...]:
    """A multiple-choice answer: GitHub joins the chosen labels with ', '."""
    return tuple(part.strip() for part in answer.split(", ") if part.strip())


def _lines(answer: str) -> list[str]:
    return [_BULLET.sub("", line).strip() for line in answer.split("\n") if _BULLET.sub("", line).strip()]


def _fields(answer: str) -> dict[str, str]:
    """`name: value` lines of a block answer (period, agreement), read as text, never as YAML."""
    values: dict[str, str] = {}
    for line in answer.split("\n"):
        match = _FIELD_LINE.match(line)
        if match:
            values[match.group(1)] = match.group(2).strip()
    return values


def _when(spec: FieldSpec, written: str, notes: list[str]) -> Any:
    if not written or written.lower() == NOT_REPORTED:
        return NOT_REPORTED
    if _WHEN.match(written):
        if written.isdigit():
            return int(written)
        return written
    notes.append(f"'{spec.name}' was '{written}', which is not a date; the draft says '{NOT_REPORTED}'")
    return NOT_REPORTED


def _block(spec: FieldSpec, answer: str, notes: list[str]) -> dict[str, Any] | None:
    written = _fields(answer)
    if not any(written.values()):
        return None
    block: dict[str, Any] = {}
    for child in spec.fields:
        value = written.get(child.name, "")
        if isinstance(child.kind, When):
            block[child.name] = _when(child, value, notes)
        elif isinstance(child.kind, TextList):
            block[child.name] = [value] if value and value.lower() != NOT_REPORTED else NOT_REPORTED
        else:
            block[child.name] = value if value else NOT_REPORTED
    return block


def _body_text(answer: str) -> str:
    """An answer as body paragraphs: its own headings are kept as text, so the required sections stay in order."""
    return _HEADING_START.sub(lambda match: "\\" + match.group(1), answer.strip())


def _new_case(
    answers: Mapping[str, str], taxonomy: Taxonomy, today: dt.date, case_id: str, registration: Registration | None
) -> tuple[NewCase, list[str]]:
    notes: list[str] = []
    answered: dict[str, Any] = {}
    specs = {spec.name: spec for spec in CASE_STUDY_FIELDS}
    organisations = _lines(answers.get("organisations", ""))
    if organisations:
        silent = [name.lower() for name in organisations] == [NOT_REPORTED]
        answered["organisations"] = NOT_REPORTED if silent else organisations
    if answers.get("evidence"):
        # The dropdown shows labels ('Self-reported'); the file holds the id.
        evidence = answers["evidence"]
        answered["evidence"] = resolve(taxonomy, "evidence", evidence) or evidence
    period = _block(specs["period"], answers.get("period", ""), notes)
    answered["period"] = period or {"from": NOT_REPORTED, "to": NOT_REPORTED}
    agreement = _block(specs["agreement"], answers.get("agreement", ""), notes)
    if agreement:
        answered["agreement"] = agreement
    if any(_fields(answers.get("quality_mark", "")).values()):
        notes.append("the quality mark is left for the curator to add from the source")
    sections = {section: _body_text(answers.get(_SECTION_ID[section], "")) for section in REQUIRED_SECTIONS}
    for section in REQUIRED_SECTIONS:
        if section not in BODY_SECTIONS_REQUIRED and section != "Sources" and not sections[section]:
            sections[section] = "Not reported in the source."
    source_answer = answers.get("sources", "").strip()
    sources = tuple(source_id for source_id in _lines(source_answer) if source_id in taxonomy.sources)
    if registration is not None:
        sources = (*sources, registration.source.id)
    new = NewCase(
        title=answers.get("title", ""),
        themes=_choices(answers.get("themes", "")),
        phases=_choices(answers.get("phases", "")),
        support=_choices(answers.get("support", "")),
        region=answers.get("region", ""),
        sources=sources,
        reviewed=today,
        summary=answers.get("summary", "").replace("\n", " "),
        case_id=case_id,
        provider_roles=_choices(answers.get("provider_roles", "")),
        answered=answered,
        sections=sections,
        source_text="" if sources else _body_text(source_answer),
    )
    return new, notes


def draft_from_issue(body: str, collection: Path, taxonomy: Taxonomy, today: dt.date, case_id: str = "") -> Draft:
    """The draft a proposal makes, checked as `practice check` would; nothing is written here."""
    answers = read_answers(body, taxonomy)
    if not answers.get("title", "").strip():
        raise ProposalError("the proposal has no title; add one at the top of the issue")
    registration = _new_source(answers, taxonomy, today)
    if registration is not None:
        taxonomy = with_source(taxonomy, registration)
    new, notes = _new_case(answers, taxonomy, today, case_id, registration)
    try:
        text = render_case_study(new, taxonomy)
        path = case_path(collection, new.id)
    except ScaffoldError as error:
        raise ProposalError(str(error)) from error
    if path.exists():
        raise ProposalError(
            f"a case study with the id '{new.id}' already exists ({path}); "
            "if this adds to it, say so in the issue, or give the proposal a more specific title"
        )
    studies, _ = read_collection(collection)
    same_title = [study.id for study in studies if study.title.strip().casefold() == new.title.strip().casefold()]
    if same_title:
        raise ProposalError(f"the case study '{same_title[0]}' already has this title; give the proposal its own title")
    doc = parse_document(text.encode("utf-8"), str(path))
    ids = frozenset({study.id for study in studies} | {new.id})
    findings = tuple(sorted(check_document(doc, CheckContext(taxonomy, today, ids))))
    return Draft(path, text, findings, tuple(notes), registration)


def _new_source(answers: Mapping[str, str], taxonomy: Taxonomy, today: dt.date) -> Registration | None:
    """The source the proposal's 'New source' answers describe, validated as sources.yml is; None if unanswered."""
    if not answers.get("source-title", "").strip():
        return None
    kind = answers.get("source-kind", "")
    given = NewSource(
        title=answers.get("source-title", ""),
        url=answers.get("source-url", ""),
        publisher=answers.get("source-publisher", ""),
        published=answers.get("source-published", ""),
        kind=resolve(taxonomy, "source_kinds", kind) or kind,
        notes=tuple(_lines(answers.get("source-notes", ""))),
    )
    try:
        return prepare_source(given, taxonomy, today)
    except SourceError as error:
        raise ProposalError(f"the new source cannot be registered: {error}") from error


def write_draft(draft: Draft, output_dir: Path | None = None) -> Path:
    """Create the draft's file (in `output_dir` if given); never overwrite one."""
    path = draft.path if output_dir is None else output_dir / draft.path.name
    try:
        written = write_new(path, draft.text)
    except ScaffoldError as error:
        raise ProposalError(str(error)) from error
    if draft.registration is not None and draft.registration.is_new:
        if output_dir is None:
            append_source(draft.path.parent / SOURCES_FILE, draft.registration)
        else:
            # The workflow appends this to practice/sources.yml on the proposal's branch.
            (output_dir / SOURCES_ENTRY_FILE).write_text(draft.registration.text, encoding="utf-8")
    return written


def comment_markdown(draft: Draft | None, problem: str = "", issue: int | None = None) -> str:
    """The comment the proposal workflow posts on the issue: what happened and what to do, in plain words."""
    lines = ["<!-- practice-from-issue -->", "### Case study draft", ""]
    if draft is None:
        first, *items = problem.split("\n")
        if items:
            lines += ["A draft could not be made from this issue:", ""]
            lines += [f"- {escape_markdown(item.strip().removeprefix('- '))}" for item in items]
        else:
            lines.append(f"A draft could not be made from this issue: {escape_markdown(first)}.")
        lines += ["", "Edit the issue to fix this; the draft is made again each time the issue is saved."]
        return "\n".join(lines) + "\n"
    errors = draft.errors
    warnings = [f for f in draft.findings if f.severity is Severity.WARNING]
    if errors:
        lines.append(
            "Thank you. The answers need a change before a draft can be made; edit the issue to fix each item below."
        )
    else:
        where = escape_markdown(str(draft.path))
        pr = " in the pull request linked below" if issue is not None else ""
        lines.append(f"Thank you. A draft case study was made from your answers: {where}{pr}.")
        if draft.registration is not None and draft.registration.is_new:
            source_id = escape_markdown(draft.registration.source.id)
            lines.append(f"Your new source is registered in sources.yml as {source_id}.")
    for heading, findings in (("To fix", errors), ("Worth a look", warnings)):
        if findings:
            lines += ["", f"**{heading}**", ""]
            for finding in findings:
                rule = RULES.get(finding.code)
                fix = f" How to fix: {escape_markdown(rule.fix)}" if rule else ""
                lines.append(f"- line {finding.line}: {escape_markdown(finding.message)} ({finding.code}).{fix}")
    if draft.notes:
        lines += ["", "**Changed from what you wrote**", ""]
        lines += [f"- {escape_markdown(note)}" for note in draft.notes]
    return "\n".join(lines) + "\n"
