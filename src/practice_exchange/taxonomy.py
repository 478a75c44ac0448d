"""The controlled vocabularies (practice/taxonomy.yml) and the source registry
(practice/sources.yml), loaded once and shared by the validator, site and docs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .loader import parse_yaml
from .model import ID_PATTERN

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
)
"""The lists taxonomy.yml must hold; model fields name them as `vocabulary`."""


class ConfigError(Exception):
    """taxonomy.yml or sources.yml is missing or malformed: a usage error, not a finding."""


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    description: str
    scale: tuple[Term, ...] = ()
    """For inspection frameworks: the grades of that framework, best first."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str
    publisher: str
    date: str
    kind: str
    url: str
    date_note: str = ""

    def citation(self) -> str:
        """A one-line human citation, leaving out what is not reported."""
        parts = [f"“{self.title}”"]
        parts += [p for p in (self.author, self.publisher) if p and p != "not reported"]
        when = self.date if self.date != "not reported" else self.date_note
        if when:
            parts.append(when)
        return ", ".join(parts)


@dataclass(frozen=True)
class Taxonomy:
    vocabularies: dict[str, tuple[Term, ...]]
    sources: dict[str, Source] = field(default_factory=dict)
    taxonomy_path: str = TAXONOMY_FILE
    sources_path: str = SOURCES_FILE

    def terms(self, vocabulary: str) -> tuple[Term, ...]:
        return self.vocabularies.get(vocabulary, ())

    def __post_init__(self) -> None:
        # Every checked value asks "is this id allowed?": answer from a set built once.
        id_sets = {name: frozenset(term.id for term in terms) for name, terms in self.vocabularies.items()}
        object.__setattr__(self, "_id_sets", id_sets)

    def ids(self, vocabulary: str) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms(vocabulary))

    def allows(self, vocabulary: str, term_id: str) -> bool:
        id_sets: dict[str, frozenset[str]] = getattr(self, "_id_sets")  # noqa: B009
        return term_id in id_sets.get(vocabulary, frozenset())

    def term(self, vocabulary: str, term_id: str) -> Term | None:
        for term in self.terms(vocabulary):
            if term.id == term_id:
                return term
        return None

    def label(self, vocabulary: str, term_id: str) -> str:
        term = self.term(vocabulary, term_id)
        return term.label if term else term_id


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text") from error
    # The case files' reader: aliases (an alias bomb) and tags are refused before anything is expanded.
    value, refused = parse_yaml(text, str(path), MAX_CONFIG_VALUES)
    if refused:
        first = refused[0]
        raise ConfigError(f"{path}:{first.line}:{first.col}: {first.message}")
    return value


MAX_CONFIG_VALUES = 200_000
"""taxonomy.yml and sources.yml grow with the collection; this only stops a file built to exhaust memory."""

_SAFE_ID = re.compile(ID_PATTERN)


def _check_id(value: str, where: str) -> None:
    # Term ids become folder and file names of the site (themes/<id>/), so they are slugs like case ids.
    if not _SAFE_ID.match(value):
        raise ConfigError(f"{where}: id {value!r} must be lowercase words joined by hyphens (a-z, 0-9, -)")


def _term(raw: Any, where: str) -> Term:
    if not isinstance(raw, dict) or not {"id", "label", "description"} <= raw.keys():
        raise ConfigError(f"{where}: each entry needs id, label and description")
    _check_id(str(raw["id"]), where)
    scale = tuple(_term({"description": "", **grade}, f"{where} scale") for grade in raw.get("scale", ()))
    return Term(str(raw["id"]), str(raw["label"]), str(raw["description"]), scale)


def _when(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _source(raw: Any, where: str) -> Source:
    required = ("id", "title", "author", "publisher", "date", "kind", "url")
    if not isinstance(raw, dict) or not set(required) <= raw.keys():
        raise ConfigError(f"{where}: each source needs {', '.join(required)}")
    return Source(
        id=str(raw["id"]),
        title=str(raw["title"]),
        author=str(raw["author"]),
        publisher=str(raw["publisher"]),
        date=_when(raw["date"]),
        kind=str(raw["kind"]),
        url=str(raw["url"]),
        date_note=str(raw.get("date_note", "")),
    )


def load_taxonomy(collection_dir: Path) -> Taxonomy:
    """Load taxonomy.yml and sources.yml from a collection directory.

    Raises ConfigError with a message naming the file when either is unusable:
    without vocabularies no case study can be checked, so this is fatal.
    """
    taxonomy_path = collection_dir / TAXONOMY_FILE
    raw = _read_yaml(taxonomy_path)
    if not isinstance(raw, dict):
        raise ConfigError(f"{taxonomy_path}: expected a mapping of vocabularies")
    vocabularies: dict[str, tuple[Term, ...]] = {}
    for name in VOCABULARIES:
        entries = raw.get(name)
        if not isinstance(entries, list) or not entries:
            raise ConfigError(f"{taxonomy_path}: missing the '{name}' list")
        vocabularies[name] = tuple(_term(entry, f"{taxonomy_path} {name}") for entry in entries)
    sources_path = collection_dir / SOURCES_FILE
    sources: dict[str, Source] = {}
    if sources_path.exists():
        raw_sources = _read_yaml(sources_path)
        if not isinstance(raw_sources, list):
            raise ConfigError(f"{sources_path}: expected a list of sources")
        for entry in raw_sources:
            source = _source(entry, str(sources_path))
            sources[source.id] = source
    for source_id in sources:
        _check_id(source_id, str(sources_path))
    return Taxonomy(vocabularies, sources, str(taxonomy_path), str(sources_path))
