"""`practice new`: a safe id from a title, and a draft case study from the model.

Pure apart from `write_new`, which creates the file and never overwrites one.
The template is generated from CASE_STUDY_FIELDS and REQUIRED_SECTIONS, so a
field or section added to the model appears in new drafts without a change
here. Values the contributor has not given yet are TODO placeholders (or
"not reported" where the field only accepts dates), which a draft may hold
and a published case study may not (rule PX205).

The frontmatter is written one field at a time with `yaml.safe_dump`, not by
string formatting, so a title such as `Plymouth: "the board"` is always quoted
correctly; writing it field by field lets each field carry a comment that
says what it is for.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from .field_kinds import OMITTED, Choice, Choices, placeholder
from .model import (
    CASE_STUDY_FIELDS,
    ID_MAX_CHARS,
    ID_PATTERN,
    NOT_REPORTED,
    PLACEHOLDER_MARK,
    REQUIRED_SECTIONS,
    SUMMARY_MAX_CHARS,
    FieldSpec,
)
from .statuses import Status
from .suggestions import closest, did_you_mean, nearest, resolve
from .taxonomy import Taxonomy

TITLE_MAX_CHARS = 200
COMMENT_WIDTH = 88

_ID_RE = re.compile(ID_PATTERN)
_WORD = re.compile(r"[a-z0-9]+")

SECTION_GUIDANCE: dict[str, str] = {
    "Context": "Where and when did this happen? Describe the schools or authorities, "
    "their phase and the problem they wanted to solve, as the source tells it.",
    "What they did": "Describe the practice step by step, so another school could picture it.",
    "How the support was arranged": "Who asked for help, who gave it, how it was agreed, "
    "paid for and checked. If the source does not say, write that it is not reported.",
    "What changed, as reported": "Only what the source reports. If it reports no results, "
    "write 'Not reported.' and say what the source does describe.",
    "Cautions and what did not work": "Difficulties, limits or failures the source reports. "
    "If it names none, write 'Not reported.'",
    "How to try this in your school": "Practical suggestions for another school, labelled as "
    "suggestions rather than tested results.",
}
"""What each required section asks for; a section the model adds later gets a generic prompt."""


class ScaffoldError(ValueError):
    """A value given to `practice new` cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class NewCase:
    """What a contributor tells `practice new` about their case study."""

    title: str
    themes: tuple[str, ...]
    phases: tuple[str, ...]
    support: tuple[str, ...]
    region: str
    sources: tuple[str, ...]
    reviewed: dt.date
    summary: str = ""
    case_id: str = ""
    """Empty: derive from the title."""
    provider_roles: tuple[str, ...] = ()
    answered: Mapping[str, Any] = field(default_factory=dict)
    """Other frontmatter fields already answered (organisations, period, evidence...), as values to write."""
    sections: Mapping[str, str] = field(default_factory=dict)
    """Body text already written for a required section; the others get a TODO saying what they need."""
    source_text: str = ""
    """A source described in words but not yet in sources.yml, quoted under Sources for the curator."""

    @property
    def id(self) -> str:
        return self.case_id or slugify(self.title)


def slugify(title: str) -> str:
    """Lowercase ASCII words of the title joined by hyphens, cut at a word boundary.

    Accents are dropped (é -> e), '&' becomes 'and', apostrophes vanish so
    "teachers' network" gives `teachers-network`, and anything else that is
    not a letter or digit separates words. The result always matches
    ID_PATTERN, or ScaffoldError is raised.
    """
    text = unicodedata.normalize("NFKD", title).replace("&", " and ")
    text = re.sub("['`\u2018\u2019]", "", text)
    words = _WORD.findall(text.encode("ascii", "ignore").decode("ascii").lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > ID_MAX_CHARS:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:ID_MAX_CHARS]
    if not slug:
        raise ScaffoldError(f"cannot make an id from the title {title!r}; give one with --id")
    return slug


def validate_id(case_id: str) -> str:
    """Return the id unchanged if it is a safe file name, else raise ScaffoldError saying why."""
    if not case_id:
        raise ScaffoldError("the id is empty")
    if "/" in case_id or "\\" in case_id or case_id.startswith(".") or ".." in case_id:
        raise ScaffoldError(f"id {case_id!r} looks like a path; an id is a plain file name such as 'send-network'")
    if len(case_id) > ID_MAX_CHARS:
        raise ScaffoldError(f"id {case_id!r} is {len(case_id)} characters; the limit is {ID_MAX_CHARS}")
    if not _ID_RE.match(case_id):
        raise ScaffoldError(
            f"id {case_id!r} is not allowed: use lowercase words joined by single hyphens "
            "(a-z, 0-9 and -), e.g. 'partner-councils-share-send-practice'"
        )
    return case_id


def case_path(collection: Path, case_id: str) -> Path:
    """The file for a new case study, refusing any id that would land outside the collection."""
    validate_id(case_id)
    path = collection / f"{case_id}.md"
    if path.resolve().parent != collection.resolve():
        raise ScaffoldError(f"id {case_id!r} would write outside {collection}")
    return path


def check_new_case(new: NewCase, taxonomy: Taxonomy) -> None:
    """Raise ScaffoldError listing every value that cannot go into a new case study."""
    problems: list[str] = []
    title = new.title.strip()
    if not title:
        problems.append("the title is empty")
    elif any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in title):
        problems.append("the title must be a single line of text")
    elif len(title) > TITLE_MAX_CHARS:
        problems.append(f"the title is {len(title)} characters; keep it under {TITLE_MAX_CHARS}")
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in new.summary):
        problems.append("the summary must be a single paragraph on one line")
    if len(new.summary) > SUMMARY_MAX_CHARS:
        problems.append(f"the summary is {len(new.summary)} characters; keep it to {SUMMARY_MAX_CHARS}")
    try:
        validate_id(new.id)
    except ScaffoldError as error:
        problems.append(str(error))
    for spec in ASKED_CHOICES:
        problems.extend(_choice_problems(spec, _chosen(new, spec), taxonomy, spec.required))
    if not new.sources and not new.source_text:
        problems.append(f"name at least one source id from {taxonomy.sources_path}")
    for source_id in new.sources:
        if source_id not in taxonomy.sources:
            problems.append(
                f"source '{source_id}' is not in {taxonomy.sources_path}; add the source there first"
                + did_you_mean(nearest(source_id, taxonomy.sources))
            )
    if len(problems) == 1:
        raise ScaffoldError(problems[0])
    if problems:
        raise ScaffoldError("cannot create the case study:\n" + "\n".join(f"  - {problem}" for problem in problems))


def _spec(name: str) -> FieldSpec:
    return next(spec for spec in CASE_STUDY_FIELDS if spec.name == name)


ASKED_CHOICES: tuple[FieldSpec, ...] = tuple(
    spec for spec in CASE_STUDY_FIELDS if spec.vocabulary and spec.name in {f.name for f in fields(NewCase)}
)
"""The vocabulary fields `practice new` asks for, in model order: those NewCase has a place for
(status is always draft at first, evidence comes with the other answers)."""


def _chosen(new: NewCase, spec: FieldSpec) -> tuple[str, ...]:
    """What was chosen for a vocabulary field, as a tuple even for a single choice."""
    value = getattr(new, spec.name)
    return (value,) if isinstance(value, str) else tuple(value)


def _choice_problems(spec: FieldSpec, values: Sequence[str], taxonomy: Taxonomy, required: bool) -> list[str]:
    vocabulary = spec.vocabulary or spec.name
    allowed = taxonomy.ids(vocabulary)
    silent_allowed = spec.not_reported and isinstance(spec.kind, Choice)  # a list's items may not be silent
    if not values or values == ("",):
        return [f"choose at least one of the {vocabulary}: {', '.join(allowed)}"] if required else []
    problems = []
    if spec.not_reported and NOT_REPORTED in values and len(values) > 1:
        problems.append(f"'{NOT_REPORTED}' for {spec.name} cannot be combined with other values")
    for value in values:
        if value == NOT_REPORTED and spec.not_reported:
            continue
        if value not in allowed:
            suggestion = closest(taxonomy, vocabulary, value, silent_allowed or spec.not_reported)
            problems.append(f"'{value}' is not one of the {vocabulary}{did_you_mean(suggestion)}")
    return problems


def resolve_labels(new: NewCase, taxonomy: Taxonomy) -> NewCase:
    """The same case with every label or miscapitalised id ('SEND', 'Not Reported') replaced by its id.

    What a contributor copies from the site names a value exactly, so it is
    taken as meant; anything else is left for check_new_case to refuse with a
    suggestion.
    """

    resolved: dict[str, Any] = {}
    for spec in ASKED_CHOICES:
        vocabulary = spec.vocabulary or spec.name
        ids = tuple(resolve(taxonomy, vocabulary, value, spec.not_reported) or value for value in _chosen(new, spec))
        resolved[spec.name] = ids if isinstance(spec.kind, Choices) else ids[0]
    return replace(new, **resolved)


def one_year_on(day: dt.date) -> dt.date:
    """The same day next year; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _answers(new: NewCase) -> dict[str, Any]:
    def choices(values: tuple[str, ...]) -> Any:
        return NOT_REPORTED if values == (NOT_REPORTED,) else list(values)

    answers: dict[str, Any] = {
        "id": new.id,
        "title": new.title.strip(),
        "summary": new.summary.strip() or placeholder(_spec("summary").doc),
        "status": Status.DRAFT.value,
        "sources": list(new.sources),
        "reviewed": new.reviewed,
        "review_due": one_year_on(new.reviewed),
    }
    for spec in ASKED_CHOICES:
        value = getattr(new, spec.name)
        if not isinstance(spec.kind, Choices):
            answers[spec.name] = value
        elif value or spec.required:  # an optional list left unanswered stays a commented-out example
            answers[spec.name] = choices(value)
    answers.update({name: value for name, value in new.answered.items() if name not in answers})
    return answers


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(text, COMMENT_WIDTH - 2, break_on_hyphens=False)]


def _field_comment(spec: FieldSpec, taxonomy: Taxonomy, included: bool) -> list[str]:
    text = spec.doc
    if spec.vocabulary:
        text += f" Choices ({spec.vocabulary} in taxonomy.yml): {', '.join(taxonomy.ids(spec.vocabulary))}."
    if spec.not_reported:
        text += f" Write '{NOT_REPORTED}' if the source is silent."
    if included:
        text += spec.kind.draft_note(spec)
    return _comment(text)


def _dump(name: str, value: Any, flow: bool) -> list[str]:
    text = yaml.safe_dump(
        {name: value},
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None if flow else False,
        width=COMMENT_WIDTH,
    )
    return text.rstrip("\n").split("\n")


def _optional_example(spec: FieldSpec) -> list[str]:
    """An optional field left out of the draft, shown as a commented-out example."""
    example = spec.kind.draft_example(spec)
    lines = _dump(spec.name, example, flow=not spec.fields)
    return ["# Optional; if it applies, remove the # marks and edit:", *(f"# {line}" for line in lines)]


def render_frontmatter(new: NewCase, taxonomy: Taxonomy) -> str:
    """The YAML between the --- lines, every model field commented, in model order."""
    answers = _answers(new)
    lines: list[str] = []
    for spec in CASE_STUDY_FIELDS:
        if not spec.in_draft:
            continue
        if lines:
            lines.append("")
        value = answers[spec.name] if spec.name in answers else spec.kind.draft_value(spec)
        lines.extend(_field_comment(spec, taxonomy, included=value is not OMITTED))
        if value is OMITTED:
            lines.extend(_optional_example(spec))
            continue
        # A list in [brackets]; a bare "not reported" stays a plain value (flow style would wrap it in {}).
        flow = spec.kind.flow_list and isinstance(value, list)
        lines.extend(_dump(spec.name, value, flow))
    return "\n".join(lines) + "\n"


def render_body(new: NewCase, taxonomy: Taxonomy) -> str:
    """Every required section, in order, each with a TODO saying what it needs; sources cited."""
    parts: list[str] = []
    for section in REQUIRED_SECTIONS:
        parts.append(f"## {section}\n")
        if section == "Sources":
            for source_id in new.sources:
                source = taxonomy.sources.get(source_id)
                citation = source.citation() if source else source_id
                parts.append(f"- {citation} (`{source_id}`).")
            if new.source_text:
                parts.append(f"{PLACEHOLDER_MARK}: register this source in sources.yml and cite its id:\n")
                parts.append(new.source_text.rstrip() + "\n")
            parts.append("")
        elif new.sections.get(section, "").strip():
            parts.append(new.sections[section].strip() + "\n")
        else:
            guidance = SECTION_GUIDANCE.get(section, "Write this section, or say the source does not report it.")
            parts.append(f"{PLACEHOLDER_MARK}: {guidance}\n")
    return "\n".join(parts)


def render_case_study(new: NewCase, taxonomy: Taxonomy) -> str:
    """The whole file: labels resolved to ids, checked values, frontmatter, body."""
    new = resolve_labels(new, taxonomy)
    check_new_case(new, taxonomy)
    return f"---\n{render_frontmatter(new, taxonomy)}---\n\n{render_body(new, taxonomy)}"


def write_new(path: Path, text: str) -> Path:
    """Create the file; never overwrite one that exists."""
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError as error:
        raise ScaffoldError(f"{path} already exists; choose a different title or pass --id") from error
    except FileNotFoundError as error:
        raise ScaffoldError(
            f"folder {path.parent} does not exist; run from the project folder or pass --collection"
        ) from error
    except OSError as error:
        raise ScaffoldError(f"cannot create {path}: {error.strerror or error}") from error
    return path
