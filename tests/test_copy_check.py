"""No case study or source note copies a sentence from the raw source texts.

The collection retells published accounts in its own words: a run of eight
or more words shared with a raw text is copying, whatever the intent. The
raw texts of the first five sources live beside the project in
../shared/sources/ (they are not ours to publish, so they are not in the
repository); CI checks out ../shared, so the test always has them there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from practice_exchange.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
RAW_TEXTS = ROOT.parent / "shared" / "sources"
COLLECTION = ROOT / "practice"
RUN = 8

_WORD = re.compile(r"[a-z0-9£%]+(?:['’][a-z]+)?")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("’", "'"))


def _runs(text: str, size: int = RUN) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _raw_runs() -> set[tuple[str, ...]]:
    texts = sorted(RAW_TEXTS.glob("*.txt"))
    assert texts, f"no raw source texts in {RAW_TEXTS}; the copy check needs ../shared/sources beside the project"
    runs: set[tuple[str, ...]] = set()
    for path in texts:
        runs |= _runs(path.read_text(encoding="utf-8", errors="replace"))
    return runs


RAW = _raw_runs()


def _copied(text: str) -> list[str]:
    return sorted(" ".join(run) for run in _runs(text) & RAW)


@pytest.mark.parametrize("path", sorted(COLLECTION.glob("*.md")), ids=lambda path: path.stem)
def test_case_study_shares_no_run_of_eight_words_with_a_raw_text(path: Path) -> None:
    assert _copied(path.read_text(encoding="utf-8")) == []


def test_source_notes_share_no_run_of_eight_words_with_a_raw_text() -> None:
    copied = {
        source.id: found
        for source in load_taxonomy(COLLECTION).sources.values()
        if (found := _copied("\n".join(source.notes)))
    }
    assert copied == {}


def test_the_check_finds_a_copied_run() -> None:
    # The detector itself: one sentence of S2 pasted into prose is caught.
    sample = "As the paper said, a posse of a dozen or more LEAs has teamed up with private partners."
    assert _copied(sample) != []
