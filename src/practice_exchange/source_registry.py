"""Registering a new source in practice/sources.yml from `practice new` or `practice from-issue`.

A contributor often has a source the registry does not list yet. The entry
is judged by exactly the code that judges sources.yml (taxonomy.load_taxonomy
on the registry with the entry appended), so an entry accepted here is one
`practice check` accepts. The registry is only ever appended to, as text: its
comments, order and layout stay as the curators wrote them.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from .scaffold import ScaffoldError, slugify
from .taxonomy import ConfigError, Source, Taxonomy, load_taxonomy


class SourceError(ValueError):
    """The new source cannot be registered; the message says what to change."""


@dataclass(frozen=True)
class NewSource:
    """What a contributor knows about a source: its address, publisher, date and what it says."""

    title: str
    url: str
    publisher: str
    published: str
    kind: str
    notes: tuple[str, ...]
    byline: str = ""
    published_note: str = ""


@dataclass(frozen=True)
class Registration:
    source: Source
    text: str
    """What is appended to sources.yml; empty when the address was already registered."""

    @property
    def is_new(self) -> bool:
        return bool(self.text)


class _RegistryDumper(yaml.SafeDumper):
    """Indents lists inside an entry as sources.yml does (`notes:` then `    - ...`)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _entry(new: NewSource, source_id: str, read: dt.date) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": source_id, "title": new.title.strip()}
    entry["publisher"] = new.publisher.strip()
    if new.byline.strip():
        entry["byline"] = new.byline.strip()
    entry["published"] = _date_value(new.published.strip())
    if new.published_note.strip():
        entry["published_note"] = new.published_note.strip()
    entry["url"] = new.url.strip()
    entry["read"] = read
    entry["kind"] = new.kind.strip()
    entry["notes"] = [note.strip() for note in new.notes if note.strip()]
    return entry


def _date_value(text: str) -> Any:
    """A full date or a year written as YAML writes them in the registry (unquoted); anything else as text."""
    if text.isdigit() and len(text) == 4:
        return int(text)
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else text
    except ValueError:
        return text


def entry_text(entry: dict[str, Any]) -> str:
    return yaml.dump([entry], Dumper=_RegistryDumper, sort_keys=False, allow_unicode=True, width=10_000)


def _new_id(new: NewSource, taxonomy: Taxonomy) -> str:
    try:
        base = slugify(new.title)
    except ScaffoldError as error:
        raise SourceError("the source needs a title") from error
    year = new.published.strip()[:4]
    if year.isdigit() and not base.endswith(year):
        base = f"{base[: 80 - 5]}-{year}"
    candidate, number = base, 2
    while candidate in taxonomy.sources:
        candidate, number = f"{base[:76]}-{number}", number + 1
    return candidate


def prepare_source(new: NewSource, taxonomy: Taxonomy, read: dt.date) -> Registration:
    """The registry entry for a new source, validated as sources.yml is; nothing is written.

    An address that is already registered gives the existing source, so a
    second proposal citing the same page does not register it twice.
    """
    url = new.url.strip()
    for source in taxonomy.sources.values():
        if url.startswith(("http://", "https://")) and source.url == url:
            return Registration(source, "")
    entry = _entry(new, _new_id(new, taxonomy), read)
    text = entry_text(entry)
    registry = Path(taxonomy.sources_path)
    original = registry.read_text(encoding="utf-8") if registry.exists() else ""
    joined = original + ("" if not original or original.endswith("\n") else "\n") + text
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / "sources.yml"
        trial.write_text(joined, encoding="utf-8")
        try:
            checked = load_taxonomy(Path(taxonomy.taxonomy_path).parent, sources_file=trial)
        except ConfigError as error:
            raise SourceError(str(error).replace(str(trial), "the new source")) from error
    known = {problem.message for problem in taxonomy.source_problems}
    new_problems = [problem.message for problem in checked.source_problems if problem.message not in known]
    if new_problems or entry["id"] not in checked.sources:
        raise SourceError("; ".join(new_problems) or "the new source could not be read back")
    source = replace(checked.sources[entry["id"]], line=original.count("\n") + 1)
    return Registration(source, text)


def with_source(taxonomy: Taxonomy, registration: Registration) -> Taxonomy:
    """The taxonomy as it will be once the source is registered."""
    return replace(taxonomy, sources={**taxonomy.sources, registration.source.id: registration.source})


def append_source(sources_path: Path, registration: Registration) -> None:
    """Append the entry's text to sources.yml; nothing already there is rewritten."""
    if not registration.is_new:
        return
    needs_newline = sources_path.exists() and sources_path.stat().st_size > 0
    if needs_newline:
        with sources_path.open("rb") as handle:
            handle.seek(-1, os.SEEK_END)
            needs_newline = handle.read(1) != b"\n"
    with sources_path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(("\n" if needs_newline else "") + registration.text)
