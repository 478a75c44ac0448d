"""The controlled vocabularies (practice/taxonomy.yml) and the source registry
(practice/sources.yml), loaded once and shared by the validator, site and docs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .controls import describe, first_control
from .conventions import ID_PATTERN
from .document import YamlPath
from .suggestions import compact
from .wording import long_date
from .yaml_reader import parse_yaml

TAXONOMY_FILE = "taxonomy.yml"
SOURCES_FILE = "sources.yml"

VOCABULARIES = (
    "themes",
    "phases",
    "support",
    "provider_roles",
    "regions",
    "evidence",
    "statuses",
    "frameworks",
    "source_kinds",
)
"""The lists taxonomy.yml must hold; model fields name them as `vocabulary`."""


UNDATED = "undated"
"""The published date of a source whose copy gives none."""
NOT_ONLINE = "not online"
"""The url of a source read in print or from a copy with no address."""
_ID_RE = re.compile(ID_PATTERN)


class ConfigError(Exception):
    """taxonomy.yml or sources.yml is missing or malformed: a usage error, not a finding."""


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    description: str
    scale: tuple[Term, ...] = ()
    """For inspection frameworks: the grades of that framework, best first."""
    historic: bool = False
    """A role or structure that no longer exists under this name (an NLE, an LEA)."""
    historic_note: str = ""
    """For a historic term: one sentence saying what became of it, shown on the cards that use it."""
    aliases: tuple[str, ...] = ()
    """Other words people use for this term (acronyms, older names, everyday phrasings): search and "did you mean"."""


@dataclass(frozen=True)
class Source:
    """One published account in practice/sources.yml, with the facts it states.

    `notes` are the facts the page states, in the registry's own words: a
    case study may use only these, and the figures rule checks every number
    a case prints against them. A curator can check a case without opening
    the page.
    """

    id: str
    title: str
    publisher: str
    published: str
    """YYYY-MM-DD, YYYY-MM, YYYY or "undated"."""
    url: str
    read: str
    """The date a curator read the page, YYYY-MM-DD."""
    kind: str
    """An id from the `source_kinds` vocabulary (news, organisation, reader-comment...)."""
    notes: tuple[str, ...] = ()
    byline: str = ""
    """A journalist's or author's published byline; empty where there is none."""
    published_note: str = ""
    """How an undated source was dated, or other detail of its publication."""
    line: int = 1
    """Where the entry starts in sources.yml, for findings about it."""

    def citation(self) -> str:
        """A one-line human citation: “Title”, byline, publisher, date (what is known)."""
        parts = [f"“{self.title}”"]
        parts += [p for p in (self.byline, self.publisher) if p and p != "not reported"]
        parts.append(self.when())
        return ", ".join(parts)

    def when(self) -> str:
        """The publication date in words ('24 January 2003'), or 'undated'."""
        return UNDATED if self.published == UNDATED else long_date(self.published)


_NO_IDS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Taxonomy:
    vocabularies: dict[str, tuple[Term, ...]]
    sources: dict[str, Source] = field(default_factory=dict)
    taxonomy_path: str = TAXONOMY_FILE
    sources_path: str = SOURCES_FILE
    source_problems: tuple[RegistryProblem, ...] = ()
    """Registry entries that could not be used; `practice check` reports each at its line."""
    suggestion_memo: dict[tuple[str, str, bool], str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """suggestions.closest's answers from this taxonomy, kept: (vocabulary, written, not_reported) -> value."""

    def terms(self, vocabulary: str) -> tuple[Term, ...]:
        return self.vocabularies.get(vocabulary, ())

    def __post_init__(self) -> None:
        # Every checked value asks "is this id allowed?": answer from a set built once.
        id_sets = {name: frozenset(term.id for term in terms) for name, terms in self.vocabularies.items()}
        object.__setattr__(self, "_id_sets", id_sets)

    def ids(self, vocabulary: str) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms(vocabulary))

    def allows(self, vocabulary: str, term_id: str) -> bool:
        return term_id in self.id_set(vocabulary)

    def id_set(self, vocabulary: str) -> frozenset[str]:
        """The ids of a vocabulary (none for an unknown one), for asking of many values at once."""
        id_sets: dict[str, frozenset[str]] = getattr(self, "_id_sets")  # noqa: B009
        return id_sets.get(vocabulary, _NO_IDS)

    def term(self, vocabulary: str, term_id: str) -> Term | None:
        for term in self.terms(vocabulary):
            if term.id == term_id:
                return term
        return None

    def label(self, vocabulary: str, term_id: str) -> str:
        term = self.term(vocabulary, term_id)
        return term.label if term else term_id


def _read_yaml(path: Path, positions: dict[YamlPath, tuple[int, int]] | None = None) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text") from error
    # The case files' reader: aliases (an alias bomb) and tags are refused before anything is expanded.
    value, refused = parse_yaml(text, MAX_CONFIG_VALUES, positions)
    if refused:
        first = refused[0]
        raise ConfigError(f"{path}:{first.line}:{first.col}: {first.message}")
    return value


MAX_CONFIG_VALUES = 200_000
"""taxonomy.yml and sources.yml grow with the collection; this only stops a file built to exhaust memory."""


def _check_id(value: str, where: str) -> None:
    # Term ids become folder and file names of the site (themes/<id>/), so they are slugs like case ids.
    if not _ID_RE.match(value):
        raise ConfigError(f"{where}: id {value!r} must be lowercase words joined by hyphens (a-z, 0-9, -)")


MAX_ALIAS_CHARS = 40
"""An alias is what a teacher types or says ("KS2", "persistent absence"), never a sentence."""


def _aliases(raw: dict[str, Any], where: str, line: Callable[[YamlPath], int], at: YamlPath) -> tuple[str, ...]:
    """The entry's `aliases`, each a short one-line name; `line` gives where each is written."""
    if "aliases" not in raw:
        return ()
    value = raw["aliases"]
    who = f"{at[0]} {str(raw['id'])!r}"
    here = f"{where}:{line((*at, 'aliases'))}: {who}"
    if not isinstance(value, list):
        raise ConfigError(f"{here}: 'aliases' must be a list of other names, e.g. aliases: [SENCO, special needs]")
    if not value:
        raise ConfigError(f"{here}: 'aliases' is empty; list the other names teachers use, or remove the key")
    aliases = []
    for index, alias in enumerate(value):
        spot = f"{where}:{line((*at, 'aliases', index))}: {who}"
        if not isinstance(alias, str) or not alias.strip():
            raise ConfigError(f"{spot}: alias {index + 1} must be text, a name such as 'KS2' (got {alias!r})")
        control = first_control(alias, one_line=True)
        if control >= 0:
            what = "a line break" if alias[control] == "\n" else f"the control character {describe(alias[control])}"
            raise ConfigError(f"{spot}: alias {alias!r} holds {what}")
        if len(alias) > MAX_ALIAS_CHARS:
            raise ConfigError(
                f"{spot}: alias {alias[:MAX_ALIAS_CHARS]!r}... is {len(alias)} characters; "
                f"an alias is a short name of at most {MAX_ALIAS_CHARS}"
            )
        aliases.append(alias.strip())
    return tuple(aliases)


def _check_alias_names(terms: tuple[Term, ...], where: str, line: Callable[[YamlPath], int], name: str) -> None:
    """Each alias names one term only: not another term's id or label, nor an alias twice.

    Compared as the checker's "did you mean" compares (suggestions.compact: case,
    hyphens and spaces aside), so that an alias can never stand for two values.
    """
    owners: dict[str, tuple[str, str]] = {}
    for term in terms:
        owners.setdefault(compact(term.id), (term.id, "id"))
        owners.setdefault(compact(term.label), (term.id, "label"))
    seen: dict[str, tuple[str, int]] = {}
    for index, term in enumerate(terms):
        for number, alias in enumerate(term.aliases):
            at = line((name, index, "aliases", number))
            who = f"{name} {term.id!r}"
            key = compact(alias)
            if key in owners:
                owner, what = owners[key]
                if owner == term.id:
                    raise ConfigError(f"{where}:{at}: {who}: alias {alias!r} repeats this term's own {what}")
                raise ConfigError(
                    f"{where}:{at}: {who}: alias {alias!r} is the {what} of {owner}; an alias must name one term"
                )
            if key in seen:
                owner, first = seen[key]
                if owner == term.id:
                    raise ConfigError(f"{where}:{at}: {who}: alias {alias!r} is listed twice (first on line {first})")
                raise ConfigError(
                    f"{where}:{at}: {who}: alias {alias!r} is already an alias of {owner} (line {first}); "
                    "an alias must name one term"
                )
            seen[key] = (term.id, at)


def _term(raw: Any, where: str) -> Term:
    if not isinstance(raw, dict) or not {"id", "label", "description"} <= raw.keys():
        raise ConfigError(f"{where}: each entry needs id, label and description")
    _check_id(str(raw["id"]), where)
    scale = tuple(_term({"description": "", **grade}, f"{where} scale") for grade in raw.get("scale", ()))
    historic = raw.get("historic", False)
    if not isinstance(historic, bool):
        raise ConfigError(f"{where}: 'historic' must be true or false (entry {raw['id']})")
    note = str(raw.get("historic_note", "") or "")
    if historic and not note:
        raise ConfigError(f"{where}: historic entry {raw['id']} needs a historic_note saying what became of it")
    return Term(str(raw["id"]), str(raw["label"]), str(raw["description"]), scale, historic, note)


def _when(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


_SOURCE_REQUIRED = ("id", "title", "publisher", "published", "url", "read", "kind", "notes")
_SOURCE_OPTIONAL = ("byline", "published_note")
_PUBLISHED_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL_RE = re.compile(r"^https?://[^\s<>\"']+$")


REGISTRY_MESSAGES = {
    "entry": "source '{source_id}': {problems}",
    "unnamed_entry": "a source: {problems}",
    "registered_twice": "source '{source_id}' is registered twice (first on line {first})",
}
"""PX303's messages (rules/collection.py declares them); `practice new-source` words them without the rule."""


@dataclass(frozen=True)
class RegistryProblem:
    """A source entry that cannot be used, reported as a finding at its line."""

    line: int
    variant: str
    """Its template in REGISTRY_MESSAGES."""
    values: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def message(self) -> str:
        return REGISTRY_MESSAGES[self.variant].format_map(self.values)


def _source(raw: Any, line: int, kinds: frozenset[str]) -> tuple[Source | None, list[str]]:
    """A Source from one registry entry, or None and what is wrong with it."""
    if not isinstance(raw, dict):
        return None, ["each source is a mapping of fields (id, title, publisher, ...)"]
    problems: list[str] = []
    missing = [name for name in _SOURCE_REQUIRED if name not in raw]
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    unknown = sorted(str(key) for key in raw if key not in _SOURCE_REQUIRED + _SOURCE_OPTIONAL)
    if unknown:
        problems.append(
            f"unknown field {', '.join(unknown)} (fields: {', '.join(_SOURCE_REQUIRED + _SOURCE_OPTIONAL)})"
        )
    source_id = _when(raw.get("id", ""))
    if "id" in raw and not _ID_RE.match(source_id):
        problems.append(f"id {source_id!r} must be lowercase words joined by hyphens")
    for name in ("title", "publisher"):
        if name in raw and not (isinstance(raw[name], str) and raw[name].strip()):
            problems.append(f"{name} must be text")
    published = _when(raw.get("published", ""))
    if "published" in raw and published != UNDATED and not _valid_date(published):
        problems.append(f"published {published!r} must be YYYY-MM-DD, YYYY-MM, YYYY or 'undated'")
    read = _when(raw.get("read", ""))
    if "read" in raw and not (_DATE_RE.match(read) and _valid_date(read)):
        problems.append(f"read {read!r} must be the date you read the page, YYYY-MM-DD")
    url = _when(raw.get("url", ""))
    if "url" in raw and url != NOT_ONLINE and not _URL_RE.match(url):
        problems.append(f"url {url!r} must be an http(s) address, or '{NOT_ONLINE}' for a print-only source")
    kind = _when(raw.get("kind", ""))
    if "kind" in raw and kind not in kinds:
        problems.append(f"kind {kind!r} is not one of {', '.join(sorted(kinds))}")
    notes = raw.get("notes")
    if "notes" in raw and not (
        isinstance(notes, list) and notes and all(isinstance(note, str) and note.strip() for note in notes)
    ):
        problems.append("notes must be a list of the facts the page states, one short line each")
    if problems:
        return None, problems
    return (
        Source(
            id=source_id,
            title=str(raw["title"]),
            publisher=str(raw["publisher"]),
            published=published,
            url=url,
            read=read,
            kind=kind,
            notes=tuple(str(note) for note in notes or ()),
            byline=str(raw.get("byline", "") or ""),
            published_note=str(raw.get("published_note", "") or ""),
            line=line,
        ),
        [],
    )


def _valid_date(text: str) -> bool:
    if not _PUBLISHED_RE.match(text):
        return False
    parts = [int(part) for part in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _load_sources(path: Path, kinds: frozenset[str]) -> tuple[dict[str, Source], tuple[RegistryProblem, ...]]:
    """Every usable source in the registry, and a problem for each entry that is not usable.

    One bad entry must not stop the check of a whole collection, so entries
    are judged one by one; only an unreadable file or one that is not a
    list is fatal.
    """
    positions: dict[YamlPath, tuple[int, int]] = {}
    raw_sources = _read_yaml(path, positions)
    if raw_sources is None:
        return {}, ()
    if not isinstance(raw_sources, list):
        raise ConfigError(f"{path}: expected a list of sources, each starting with '- id:'")
    sources: dict[str, Source] = {}
    problems: list[RegistryProblem] = []
    for index, entry in enumerate(raw_sources):
        line = positions.get((index,), (1, 1))[0]
        source, wrong = _source(entry, line, kinds)
        if source is None:
            named = isinstance(entry, dict) and entry.get("id")
            if named:
                values = {"source_id": entry.get("id"), "problems": "; ".join(wrong)}
                problems.append(RegistryProblem(line, "entry", values))
            else:
                problems.append(RegistryProblem(line, "unnamed_entry", {"problems": "; ".join(wrong)}))
        elif source.id in sources:
            first = sources[source.id].line
            problems.append(RegistryProblem(line, "registered_twice", {"source_id": source.id, "first": first}))
        else:
            sources[source.id] = source
    return sources, tuple(problems)


def load_taxonomy(collection_dir: Path, sources_file: Path | None = None) -> Taxonomy:
    """Load taxonomy.yml and sources.yml from a collection directory.

    Raises ConfigError with a message naming the file when either is unusable:
    without vocabularies no case study can be checked, so this is fatal. A
    single bad source entry is not fatal: it is kept in `source_problems`.
    `sources_file` reads the registry from elsewhere (tests and fixtures).
    """
    taxonomy_path = collection_dir / TAXONOMY_FILE
    positions: dict[YamlPath, tuple[int, int]] = {}
    raw = _read_yaml(taxonomy_path, positions)

    def line(path: YamlPath) -> int:
        return positions.get(path, (1, 1))[0]

    if not isinstance(raw, dict):
        raise ConfigError(f"{taxonomy_path}: expected a mapping of vocabularies")
    vocabularies: dict[str, tuple[Term, ...]] = {}
    for name in VOCABULARIES:
        entries = raw.get(name)
        if not isinstance(entries, list) or not entries:
            raise ConfigError(f"{taxonomy_path}: missing the '{name}' list")
        terms: list[Term] = []
        for index, entry in enumerate(entries):
            term = _term(entry, f"{taxonomy_path} {name}")  # first: it checks the entry is a mapping
            terms.append(replace(term, aliases=_aliases(entry, str(taxonomy_path), line, (name, index))))
        _check_alias_names(tuple(terms), str(taxonomy_path), line, name)
        vocabularies[name] = tuple(terms)
    sources_path = sources_file if sources_file is not None else collection_dir / SOURCES_FILE
    sources: dict[str, Source] = {}
    problems: tuple[RegistryProblem, ...] = ()
    if sources_path.exists():
        kinds = frozenset(term.id for term in vocabularies["source_kinds"])
        sources, problems = _load_sources(sources_path, kinds)
    return Taxonomy(vocabularies, sources, str(taxonomy_path), str(sources_path), problems)
