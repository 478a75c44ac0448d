"""Field kinds: what sort of value a frontmatter field holds, and everything that follows from it.

Each kind is an object in the manner of MkDocs' config options: it owns its
validation, a fast path for plainly valid values (beside the full check, so the
two change together), its JSON Schema fragment, the words the field reference
uses for it and the value `practice new` drafts. Kinds compose: `Mapping`
holds `FieldSpec`s, each with its own kind, so a new kind is one class and a
new field one declaration in model.py.

The kinds know nothing of rules or documents. They report a `Problem`, the
variant of its message and the values it names through a `Where`;
rules/values.py says which rule each problem is, holds the message templates
in that rule's declaration and says where in the file it points; so this
module sits below the rules and the loader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

from .controls import describe, first_control
from .conventions import ID_MAX_CHARS, ID_PATTERN, NOT_REPORTED, PLACEHOLDER_MARK
from .findings import Finding
from .suggestions import closest, did_you_mean, nearest, normalise

if TYPE_CHECKING:  # the taxonomy module reads YAML through the loader, which builds on the model
    from .taxonomy import Taxonomy

WHEN_PATTERN = r"^(?:c\. )?[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?$"
"""A year, YYYY-MM or 'c. YYYY' in the JSON Schema; full dates are matched by `format: date`."""

_ID_RE = re.compile(ID_PATTERN)
_WHEN_RE = re.compile(r"^(?:c\. )?\d{4}(?:-\d{2})?$")
_NON_BLANK = r"\S"


class Problem(Enum):
    """What a kind found wrong; rules/values.py maps each to its rule."""

    MISSING = "missing"
    UNKNOWN_FIELD = "unknown-field"
    WRONG_TYPE = "wrong-type"
    NOT_IN_VOCABULARY = "not-in-vocabulary"
    INVALID_ID = "invalid-id"
    BAD_DATE = "bad-date"
    UNKNOWN_SOURCE = "unknown-source"
    EMPTY = "empty"
    CONTROL_CHARACTER = "control-character"


class Where(Protocol):
    """A place in a document where a value sits, and how to report a problem there."""

    @property
    def name(self) -> str:
        """The dotted field name, e.g. `period.from`, as messages quote it."""

    @property
    def taxonomy(self) -> Taxonomy: ...

    @property
    def parent(self) -> dict[str, Any]:
        """The block the value sits in, for kinds that depend on a sibling (grades on framework)."""

    @property
    def unparsed(self) -> frozenset[str] | set[str]:
        """Names in this block whose YAML could not be read: already reported, so not also missing."""

    def report(self, problem: Problem, variant: str | None = None, /, **values: object) -> Finding:
        """A finding of the problem's rule, worded by its template `variant` filled with `values`."""

    def item(self, key: str | int, value: dict[str, Any] | None = None) -> Where:
        """The place of a list item or a field of this block (`value` is the block, for a field's siblings)."""


class _Omitted:
    """The draft value of a field `practice new` leaves out (shown as a commented-out example)."""

    def __repr__(self) -> str:
        return "OMITTED"


OMITTED: Any = _Omitted()


def placeholder(doc: str, not_reported: bool = False) -> str:
    """Draft text for the contributor to replace; `practice check` refuses it in a published case."""
    silent = f" If the source is silent, write '{NOT_REPORTED}'." if not_reported else ""
    return f"{PLACEHOLDER_MARK}: {doc}{silent}"


def describe_value(value: Any) -> str:
    """What a wrong value is, in the words a message uses."""
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


def _check_controls(value: str, at: Where, name: str, one_line: bool = False) -> Iterator[Finding]:
    index = first_control(value.rstrip("\n"), one_line=one_line)
    if index >= 0:
        if value[index] == "\n":
            yield at.report(Problem.CONTROL_CHARACTER, "line_break", field=name, position=index + 1)
        else:
            yield at.report(
                Problem.CONTROL_CHARACTER, "control", field=name, character=describe(value[index]), position=index + 1
            )


def record_text(value: Any) -> str:
    """A value as the CaseStudy record holds it: text as written, a date in ISO form, nothing as ''."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else str(value)


def record_texts(value: Any) -> tuple[str, ...]:
    """A list value as a tuple; "not reported" (or any bare string) becomes empty."""
    if isinstance(value, list):
        return tuple(record_text(item) for item in value if item is not None)
    return ()


def _text_schema() -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "pattern": _NON_BLANK}


def _enum_schema(taxonomy: Taxonomy, vocabulary: str) -> dict[str, Any]:
    terms = taxonomy.terms(vocabulary)
    return {
        "enum": [term.id for term in terms],
        "description": "One of: " + "; ".join(f"{term.id} ({term.label})" for term in terms) + ".",
    }


class FieldKind:
    """The behaviour every kind has; subclasses override what differs."""

    words = ""
    """How the field reference names the kind."""
    vocabulary: str | None = None
    """For kinds whose values come from a list in taxonomy.yml: its name."""
    fields: tuple[FieldSpec, ...] = ()
    """For a block: its fields."""
    flow_list = False
    """Whether a draft writes a list of this kind in [brackets] (short ids) rather than one item a line."""
    draft_hint = ""
    """What the draft comment of a block holding a field of this kind adds about its value."""
    empty_list_allowed = False
    """Whether `[]` is a value (sources in a draft) rather than an empty field."""

    def check(self, value: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        """Findings about a present, non-empty value that is not a permitted 'not reported'."""
        raise NotImplementedError

    def quick_ok(self, value: Any, spec: FieldSpec, taxonomy: Taxonomy) -> bool:
        """A cheap yes for plainly valid values; True must imply `spec.check` finds nothing.

        Anything unsure returns False and goes through the full check, which
        alone makes findings. `value.__class__ is str` (not isinstance) is the
        cheapest test, and a str subclass merely takes the full check.
        """
        return spec.not_reported and value.__class__ is str and value == NOT_REPORTED

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        """The schema of the value, before the 'not reported' alternative."""
        raise NotImplementedError

    def block_schema_rules(self, taxonomy: Taxonomy) -> list[dict[str, Any]]:
        """Conditions this kind adds to the schema of the block holding it (grades depend on framework)."""
        return []

    def draft_value(self, spec: FieldSpec) -> Any:
        """The value `practice new` writes when nobody answered, or OMITTED to leave the field out."""
        return OMITTED

    def record_value(self, value: Any) -> Any:
        """The value as the CaseStudy record holds it; never raises, whatever was written."""
        return record_text(value)

    def draft_note(self, spec: FieldSpec) -> str:
        """What the draft's comment on a field of this kind adds, when the draft holds a value for it."""
        return ""

    def draft_example(self, spec: FieldSpec) -> Any:
        """The example shown, commented out, for a field a draft leaves out."""
        return spec.example


class Text(FieldKind):
    """A non-empty string; `one_line` refuses line breaks, `max_chars` is advice for editors (the schema)."""

    words = "text"

    def __init__(self, one_line: bool = False, max_chars: int | None = None) -> None:
        self.one_line = one_line
        self.max_chars = max_chars

    def check(self, value: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        if not isinstance(value, str):
            yield at.report(Problem.WRONG_TYPE, "text", field=at.name, found=describe_value(value))
        elif value.strip() == "":
            # Blanks are as empty as nothing at all: the same words, the same advice.
            yield spec.empty(at)
        else:
            yield from _check_controls(value, at, at.name, self.one_line)

    def quick_ok(self, value: Any, spec: FieldSpec, taxonomy: Taxonomy) -> bool:
        if value.__class__ is str:
            return bool(value.strip()) and first_control(value, one_line=self.one_line) < 0
        return False

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        schema = _text_schema()
        if self.max_chars is not None:
            schema["maxLength"] = self.max_chars
        return schema

    def draft_value(self, spec: FieldSpec) -> Any:
        return placeholder(spec.doc, spec.not_reported)


class Id(FieldKind):
    """A slug matching ID_PATTERN, at most ID_MAX_CHARS long."""

    words = "lowercase-hyphenated id"

    def check(self, value: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        if not isinstance(value, str):
            yield at.report(Problem.WRONG_TYPE, "text", field=at.name, found=describe_value(value))
        elif not _ID_RE.match(value) or len(value) > ID_MAX_CHARS:
            yield at.report(Problem.INVALID_ID, value=value)
        else:
            # A slug can still end in a newline ($ matches before one); the control check says so.
            yield from _check_controls(value, at, at.name)

    def quick_ok(self, value: Any, spec: FieldSpec, taxonomy: Taxonomy) -> bool:
        # Every case has an id: without this, each one took the full check and its Where.
        if value.__class__ is str:
            return len(value) <= ID_MAX_CHARS and _ID_RE.match(value) is not None and first_control(value) < 0
        return False

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_CHARS}


class Date(FieldKind):
    """An ISO date, YYYY-MM-DD, which YAML reads as a date (never a date and time)."""

    words = "date, YYYY-MM-DD"

    def check(self, value: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            yield at.report(Problem.BAD_DATE, "date", field=at.name, value=value)

    def quick_ok(self, value: Any, spec: FieldSpec, taxonomy: Taxonomy) -> bool:
        return value.__class__ is dt.date

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


def is_when(value: Any) -> bool:
    """A year (1800-2200), YYYY-MM, an ISO date or 'c. YYYY'."""
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


class When(FieldKind):
    """A year, YYYY-MM, an ISO date or 'c. YYYY': as precise as the source is."""

    words = "year, YYYY-MM, YYYY-MM-DD or 'c. YYYY'"
    draft_hint = f"Replace '{NOT_REPORTED}' with a year, YYYY-MM or YYYY-MM-DD where the source gives one."

    def check(self, value: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        if not is_when(value):
            silent = isinstance(value, str) and normalise(value) == NOT_REPORTED
            yield at.report(
                Problem.BAD_DATE,
                "when",
                field=at.name,
                value=value,
                did_you_mean=did_you_mean(NOT_REPORTED if silent else None),
            )

    def quick_ok(self, value: Any, spec: FieldSpec, taxonomy: Taxonomy) -> bool:
        # is_when is all the full check asks, and it is false for the empty values FieldSpec reports.
        return is_when(value) or super().quick_ok(value, spec, taxonomy)

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1800, "maximum": 2200},
                {"type": "string", "pattern": WHEN_PATTERN},
                {"type": "string", "format": "date"},
            ]
        }

    def draft_value(self, spec: FieldSpec) -> Any:
        return NOT_REPORTED  # a placeholder is not a date; the comment asks for the real one


def _check_choice(vocabulary: str, value: Any, silent_allowed: bool, at: Where) -> Iterator[Finding]:
    if not isinstance(value, str):
        yield at.report(Problem.WRONG_TYPE, "choice", value=value, vocabulary=vocabulary, found=describe_value(value))
        return
    taxonomy = at.taxonomy
    if not taxonomy.allows(vocabulary, value):
        suggestion = closest(taxonomy, vocabulary, value, silent_allowed)
        yield at.report(
            Problem.NOT_IN_VOCABULARY,
            "term",
            value=value,
            vocabulary=vocabulary,
            taxonomy_path=taxonomy.taxonomy_path,
            did_you_mean=did_you_mean(suggestion),
        )


class Choice(FieldKind):
    """One id from a vocabulary in taxonomy.yml."""

    words = "one id from a vocabulary"

    vocabulary: str

    def __init__(self, vocabulary: str) -> None:
        self.vocabulary = vocabulary

    def check(self, value: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        yield from _check_choice(self.vocabulary, value, spec.not_reported, at)

    def quick_ok(self, value: Any, spec: FieldSpec, taxonomy: Taxonomy) -> bool:
        if value.__class__ is str:
            return bool(value.strip()) and taxonomy.allows(self.vocabulary, value)
        return False

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        return _enum_schema(taxonomy, self.vocabulary)

    def draft_value(self, spec: FieldSpec) -> Any:
        # A required choice starts at its example: a legal id the contributor can see and change.
        return spec.example if spec.required and spec.example is not None else OMITTED


class _ListKind(FieldKind):
    """A non-empty list whose items are checked one by one."""

    def check(self, value: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        if not isinstance(value, list):
            yield self._not_a_list(value, spec, at)
            return
        for index, item in enumerate(value):
            yield from self.check_item(item, spec, at.item(index))

    def check_item(self, item: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        raise NotImplementedError

    def _not_a_list(self, value: Any, spec: FieldSpec, at: Where) -> Finding:
        """A list field holding one value: the example is built from valid values only, never from what was written."""
        name = at.name
        key = name.rsplit(".", 1)[-1]
        if isinstance(value, str) and self.vocabulary:
            suggestion = closest(at.taxonomy, self.vocabulary, value, spec.not_reported)
            if suggestion == NOT_REPORTED:
                return at.report(
                    Problem.NOT_IN_VOCABULARY,
                    "silent_list",
                    value=value,
                    field=name,
                    did_you_mean=did_you_mean(NOT_REPORTED),
                )
            if suggestion is not None:
                return at.report(Problem.WRONG_TYPE, "list", field=name, key=key, example=suggestion)
        example = spec.example if isinstance(spec.example, list) else ["first", "second"]
        variant = "list_or_not_reported" if spec.not_reported else "list"
        return at.report(Problem.WRONG_TYPE, variant, field=name, key=key, example=", ".join(map(str, example)))

    def _schema(self, items: dict[str, Any]) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "items": items}

    def record_value(self, value: Any) -> Any:
        return record_texts(value)


class Choices(_ListKind):
    """A non-empty list of ids from a vocabulary in taxonomy.yml."""

    words = "list of ids from a vocabulary"
    flow_list = True

    vocabulary: str

    def __init__(self, vocabulary: str) -> None:
        self.vocabulary = vocabulary

    def check_item(self, item: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        # A single value may be 'not reported'; an item of a list may not.
        yield from _check_choice(self.vocabulary, item, False, at)

    def quick_ok(self, value: Any, spec: FieldSpec, taxonomy: Taxonomy) -> bool:
        if value.__class__ is list:
            ids = taxonomy.id_set(self.vocabulary)
            return bool(value) and all(item.__class__ is str and item in ids for item in value)
        return super().quick_ok(value, spec, taxonomy)

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        return self._schema(_enum_schema(taxonomy, self.vocabulary))

    def draft_value(self, spec: FieldSpec) -> Any:
        # A required choice starts at its example: a legal id the contributor can see and change.
        return spec.example if spec.required and spec.example is not None else OMITTED


class TextList(_ListKind):
    """A non-empty list of strings, one item a line.

    `silence_kept`: the record keeps a bare 'not reported' as text rather than
    an empty tuple, for fields a page quotes as they were written.
    """

    words = "list of text"

    def __init__(self, silence_kept: bool = False) -> None:
        self.silence_kept = silence_kept

    def record_value(self, value: Any) -> Any:
        if self.silence_kept and not isinstance(value, list):
            return record_text(value)
        return record_texts(value)

    def check_item(self, item: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        name = at.name.rsplit(".", 1)[0]  # messages name the list, not the item
        if not isinstance(item, str) or not item.strip():
            yield at.report(Problem.WRONG_TYPE, "text_item", field=name, found=describe_value(item))
        else:
            yield from _check_controls(item, at, name)

    def quick_ok(self, value: Any, spec: FieldSpec, taxonomy: Taxonomy) -> bool:
        if value.__class__ is list:
            return bool(value) and all(
                item.__class__ is str and item.strip() and first_control(item) < 0 for item in value
            )
        return super().quick_ok(value, spec, taxonomy)

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        return self._schema(_text_schema())

    def draft_value(self, spec: FieldSpec) -> Any:
        return [placeholder(spec.doc, spec.not_reported)]


class SourceIds(_ListKind):
    """Ids from practice/sources.yml; an empty list is allowed in drafts (PX110 catches it on publishing)."""

    words = "list of source ids from practice/sources.yml"
    flow_list = True
    empty_list_allowed = True

    def check_item(self, item: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        sources = at.taxonomy.sources
        if not isinstance(item, str):
            yield at.report(Problem.WRONG_TYPE, "source_item", found=describe_value(item))
        elif item not in sources:
            yield at.report(
                Problem.UNKNOWN_SOURCE,
                value=item,
                sources_path=at.taxonomy.sources_path,
                did_you_mean=did_you_mean(nearest(item, list(sources))),
            )

    def quick_ok(self, value: Any, spec: FieldSpec, taxonomy: Taxonomy) -> bool:
        if value.__class__ is list:
            sources = taxonomy.sources
            return bool(value) and all(item.__class__ is str and item in sources for item in value)
        return super().quick_ok(value, spec, taxonomy)

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        return self._schema({"enum": list(taxonomy.sources), "description": "An id from practice/sources.yml."})


def _grade_values(grades: list[str]) -> list[str | int]:
    """Grade ids as text, plus numeric grades as numbers, since YAML reads `[1, 2]` as numbers."""
    values: list[str | int] = list(grades)
    values += [int(grade) for grade in grades if grade.isdigit()]
    return values


class Grades(_ListKind):
    """Grades on the scale of the framework named by a sibling field."""

    words = "list of grades from the framework's scale"
    flow_list = True

    def __init__(self, scale_from: str) -> None:
        self.scale_from = scale_from

    def check_item(self, item: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        framework = at.parent.get(self.scale_from)
        term = at.taxonomy.term("frameworks", framework) if isinstance(framework, str) else None
        if term is None:
            return  # the framework finding already says what to fix
        grade = str(item) if isinstance(item, (str, int)) and not isinstance(item, bool) else None
        scale = [g.id for g in term.scale]
        if grade not in scale:
            yield at.report(
                Problem.NOT_IN_VOCABULARY,
                "grade",
                value=item,
                framework=framework,
                scale=", ".join(scale),
                taxonomy_path=at.taxonomy.taxonomy_path,
                did_you_mean=did_you_mean(nearest(str(item), scale)),
            )

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        grades = sorted({grade.id for term in taxonomy.terms("frameworks") for grade in term.scale})
        return self._schema({"enum": _grade_values(grades)})

    def block_schema_rules(self, taxonomy: Taxonomy) -> list[dict[str, Any]]:
        """Each framework's grades come from its own scale: one if/then per framework."""
        rules = []
        for term in taxonomy.terms("frameworks"):
            grades = _grade_values([grade.id for grade in term.scale])
            rules.append(
                {
                    "if": {"properties": {self.scale_from: {"const": term.id}}, "required": [self.scale_from]},
                    "then": {"properties": {"grades": {"items": {"enum": grades}}}},
                }
            )
        return rules


class Mapping(FieldKind):
    """A nested block with its own fields: required ones must be there, unknown ones are reported.

    `record` is the class the CaseStudy record holds the block as (None when
    the block is absent); without one, the block's fields are flattened into
    the record as `<block>_<field>` (period_from).
    """

    words = "block of fields"

    def __init__(self, fields: tuple[FieldSpec, ...], record: Callable[..., Any] | None = None) -> None:
        self.fields = fields
        self.names = [child.name for child in fields]
        # For "is this a field of the block?", asked of every key of every file: a set, where the
        # list (kept for the order "did you mean" draws from) compared each key with every name.
        self.name_set = frozenset(self.names)
        # What check_block reads of each field, once: its name, its spec and its kind's shortcut.
        self._walk = tuple((child.name, child, child.kind.quick_ok) for child in fields)
        self.record = record

    def record_values(self, value: Any, prefix: str = "") -> dict[str, Any]:
        """The block's fields as record attributes, each converted by its kind; missing ones get their default."""
        block = value if isinstance(value, dict) else {}
        values: dict[str, Any] = {}
        for child in self.fields:
            raw = block.get(child.name, NOT_REPORTED if child.not_reported else None)
            kind = child.kind
            if isinstance(kind, Mapping) and kind.record is None:
                values.update(kind.record_values(raw, f"{prefix}{child.name}_"))
            else:
                values[prefix + child.name] = kind.record_value(raw)
        return values

    def record_value(self, value: Any) -> Any:
        if self.record is None or not isinstance(value, dict):
            return None
        return self.record(**self.record_values(value))

    def check(self, value: Any, spec: FieldSpec, at: Where) -> Iterator[Finding]:
        if not isinstance(value, dict):
            yield at.report(Problem.WRONG_TYPE, "block", field=at.name, found=describe_value(value))
            return
        yield from self.check_block(value, at)

    def quick_ok(self, value: Any, spec: FieldSpec, taxonomy: Taxonomy) -> bool:
        """What check_block asks of a nested block, without a Where: each field there if required and
        plainly valid if there, and no other field (a nested block has no unparsed fields)."""
        if value.__class__ is not dict:
            return super().quick_ok(value, spec, taxonomy)
        for child in self.fields:
            if child.name in value:
                if not child.kind.quick_ok(value[child.name], child, taxonomy):
                    return False
            elif child.required:
                return False
        known = self.name_set
        return all(key in known for key in value)

    def check_block(self, value: dict[str, Any], at: Where) -> Iterator[Finding]:
        """The fields of a block; `at` is the block itself (the whole frontmatter at the top)."""
        taxonomy = at.taxonomy
        block = at.name.rsplit(".", 1)[-1]
        for name, child, quick_ok in self._walk:
            if name not in value:
                if child.required and name not in at.unparsed:
                    if block:
                        yield at.report(Problem.MISSING, "in_block", field=name, block=block, doc=child.doc)
                    else:
                        yield at.report(Problem.MISSING, "case", field=name, doc=child.doc)
                continue
            field_value = value[name]
            if not quick_ok(field_value, child, taxonomy):
                yield from child.check(field_value, at.item(name, value))
        known = self.name_set
        if known.issuperset(value):
            return  # no unknown field (one set operation rather than a look-up a key)
        for key in value:
            if key not in known:
                suggestion = did_you_mean(nearest(key, self.names))
                if block:
                    yield at.item(key, value).report(
                        Problem.UNKNOWN_FIELD, "in_block", field=key, block=block, did_you_mean=suggestion
                    )
                else:
                    yield at.item(key, value).report(Problem.UNKNOWN_FIELD, "case", field=key, did_you_mean=suggestion)

    def json_schema(self, spec: FieldSpec, taxonomy: Taxonomy) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {child.name: child.json_schema(taxonomy) for child in self.fields},
            "required": [child.name for child in self.fields if child.required],
            "additionalProperties": False,
        }
        conditions = [rule for child in self.fields for rule in child.kind.block_schema_rules(taxonomy)]
        if conditions:
            schema["allOf"] = conditions
        return schema

    def draft_value(self, spec: FieldSpec) -> Any:
        children = {child.name: child.kind.draft_value(child) for child in self.fields}
        if any(value is OMITTED for value in children.values()):
            return OMITTED
        return children

    def draft_example(self, spec: FieldSpec) -> Any:
        return {child.name: child.example for child in self.fields}

    def draft_note(self, spec: FieldSpec) -> str:
        notes = [hint for hint in dict.fromkeys(child.kind.draft_hint for child in self.fields) if hint]
        if not spec.required:
            notes.append("Delete the whole block if it does not apply.")
        return "".join(f" {note}" for note in notes)


@dataclass(frozen=True)
class FieldSpec:
    """One frontmatter field: its name, what it holds and why it exists."""

    name: str
    kind: FieldKind
    doc: str
    required: bool = False
    not_reported: bool = False
    """Whether the string "not reported" is accepted in place of a value."""
    example: Any = None
    """A legal value, used by the template, the schema and the docs."""
    in_draft: bool = True
    """Whether `practice new` writes the field into a draft; curators' fields (archiving) are left out."""

    @property
    def vocabulary(self) -> str | None:
        """For choice kinds: the list in taxonomy.yml the values come from."""
        return self.kind.vocabulary

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        """For a block: the fields of the nested block."""
        return self.kind.fields

    def child(self, name: str) -> FieldSpec | None:
        for spec in self.fields:
            if spec.name == name:
                return spec
        return None

    def check(self, value: Any, at: Where) -> Iterator[Finding]:
        """Every finding about a present value: empty, 'not reported' where allowed, then the kind's own check."""
        if value is None or value == "" or (value == [] and not self.kind.empty_list_allowed):
            yield self.empty(at)
            return
        if self.not_reported and value == NOT_REPORTED:
            return
        yield from self.kind.check(value, self, at)

    def empty(self, at: Where) -> Finding:
        """The finding for an empty value, with the advice this field allows."""
        return at.report(Problem.EMPTY, "not_reported" if self.not_reported else "fill_in", field=at.name)

    def quick_ok(self, value: Any, taxonomy: Taxonomy) -> bool:
        return self.kind.quick_ok(value, self, taxonomy)

    def json_schema(self, taxonomy: Taxonomy) -> dict[str, Any]:
        """The field's schema: its kind's fragment, its doc, the 'not reported' alternative, its example."""
        value = self.kind.json_schema(self, taxonomy)
        description = self.doc
        if "description" in value:  # a vocabulary's list of choices goes after the field's own doc
            description += " " + value.pop("description")
        if self.not_reported:
            description += f" Write '{NOT_REPORTED}' where the source is silent."
            value = {"anyOf": [value, {"const": NOT_REPORTED}]}
        schema: dict[str, Any] = {"description": description, **value}
        if self.example is not None:
            schema["examples"] = [self.example]
        return schema
