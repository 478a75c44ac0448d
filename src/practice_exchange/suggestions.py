"""'Did you mean': from what a contributor wrote to a valid value, for `check`, `new`, `--fix` and `from-issue`.

The site shows labels ("SEND", "Key stage 1"); files hold ids (`send`,
`key-stage-1`). A contributor who copies what they see, or writes an id in
capitals, has written an unambiguous value, so `resolve` maps it to its id.
Suggestions are drawn only from valid values, never from what was written,
so a hint can be copied straight into the file.

A term's aliases (taxonomy.yml: `KS2`, `SENCO`, `persistent absence`) are
other words teachers use for it: they lead `closest` to the term ("did you
mean 'key-stage-2'?"), but `resolve` ignores them, so `--fix` rewrites only a
value that is the term's own id or label, never one it has to interpret.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .conventions import NOT_REPORTED

if TYPE_CHECKING:  # the field kinds use these suggestions, and the taxonomy module builds on them
    from .taxonomy import Taxonomy

_SEPARATORS = re.compile(r"[\s_-]+")


def normalise(text: str) -> str:
    """Case, hyphens, underscores and runs of spaces do not distinguish values: 'Key-Stage 1' == 'key stage 1'."""
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def _names(taxonomy: Taxonomy, vocabulary: str, not_reported: bool) -> dict[str, str]:
    """Each normalised id and label of a vocabulary, mapped to its id."""
    names: dict[str, str] = {}
    for term in taxonomy.terms(vocabulary):
        names.setdefault(normalise(term.id), term.id)
        names.setdefault(normalise(term.label), term.id)
    if not_reported:
        names.setdefault(normalise(NOT_REPORTED), NOT_REPORTED)
    return names


def _alias_names(taxonomy: Taxonomy, vocabulary: str) -> dict[str, str]:
    """Each normalised alias of a vocabulary, mapped to its id (the loader keeps each alias to one term)."""
    return {normalise(alias): term.id for term in taxonomy.terms(vocabulary) for alias in term.aliases}


def compact(text: str) -> str:
    """A normalised name without its spaces: 'KS 2', 'ks-2' and 'KS2' are one name."""
    return normalise(text).replace(" ", "")


FUZZY_ALIAS_CHARS = 4
"""Aliases shorter than this (KS2, LA, TA, PRU) are matched exactly, never by spelling: two letters
off a three-letter acronym is another acronym, and "did you mean" must not guess between them."""


def resolve(taxonomy: Taxonomy, vocabulary: str, written: str, not_reported: bool = False) -> str | None:
    """The id `written` names exactly (an id or label, in any capitalisation), or None."""
    return _names(taxonomy, vocabulary, not_reported).get(normalise(written))


def closest(taxonomy: Taxonomy, vocabulary: str, written: str, not_reported: bool = False) -> str | None:
    """The valid value nearest to `written`: its exact id, label or alias first, else the closest spelling."""
    # The same slip recurs across a collection ('sendd' in a hundred files), and difflib takes
    # half a millisecond each time: each answer is kept with the taxonomy it was drawn from.
    key = (vocabulary, written, not_reported)
    memo = taxonomy.suggestion_memo
    if key not in memo:
        memo[key] = _closest(taxonomy, vocabulary, written, not_reported)
    return memo[key]


def _closest(taxonomy: Taxonomy, vocabulary: str, written: str, not_reported: bool) -> str | None:
    names = _names(taxonomy, vocabulary, not_reported)
    aliases = _alias_names(taxonomy, vocabulary)
    key = normalise(written)
    if key in names:
        return names[key]
    if key in aliases:
        return aliases[key]
    squeezed = {compact(name): term_id for name, term_id in (*aliases.items(), *names.items())}
    if key.replace(" ", "") in squeezed:
        return squeezed[key.replace(" ", "")]
    spellings = dict(names)
    for alias, term_id in aliases.items():
        if len(alias) >= FUZZY_ALIAS_CHARS:
            spellings.setdefault(alias, term_id)
    close = difflib.get_close_matches(key, list(spellings), n=1, cutoff=0.6)
    return spellings[close[0]] if close else None


def nearest(written: str, valid: Iterable[str]) -> str | None:
    """The closest of some valid strings (field names, source ids), or None."""
    choices: Sequence[str] = list(valid)
    close = difflib.get_close_matches(written, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(suggestion: str | None) -> str:
    """The one wording of a suggestion, appended last to a message: "; did you mean 'send'?"."""
    return f"; did you mean '{suggestion}'?" if suggestion else ""
