"""'Did you mean': from what a contributor wrote to a valid value, for `check`, `new`, `--fix` and `from-issue`.

The site shows labels ("SEND", "Key stage 1"); files hold ids (`send`,
`key-stage-1`). A contributor who copies what they see, or writes an id in
capitals, has written an unambiguous value, so `resolve` maps it to its id.
Suggestions are drawn only from valid values, never from what was written,
so a hint can be copied straight into the file.
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


def resolve(taxonomy: Taxonomy, vocabulary: str, written: str, not_reported: bool = False) -> str | None:
    """The id `written` names exactly (an id or label, in any capitalisation), or None."""
    return _names(taxonomy, vocabulary, not_reported).get(normalise(written))


def closest(taxonomy: Taxonomy, vocabulary: str, written: str, not_reported: bool = False) -> str | None:
    """The valid value nearest to `written`: its exact id or label first, else the closest spelling."""
    names = _names(taxonomy, vocabulary, not_reported)
    key = normalise(written)
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def nearest(written: str, valid: Iterable[str]) -> str | None:
    """The closest of some valid strings (field names, source ids), or None."""
    choices: Sequence[str] = list(valid)
    close = difflib.get_close_matches(written, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(suggestion: str | None) -> str:
    """The one wording of a suggestion, appended last to a message: "; did you mean 'send'?"."""
    return f"; did you mean '{suggestion}'?" if suggestion else ""
