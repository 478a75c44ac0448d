"""What a case page's card says, as plain values: no HTML, no MkDocs.

pages.py renders these values. Keeping the decisions here (which terms are
historic, which facts the source leaves out, what each agreement field is
called) means the card, the handout and any later template agree on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import NOT_REPORTED, CaseStudy
from .taxonomy import Source, Taxonomy, Term

AGREEMENT_LABELS: tuple[tuple[str, str], ...] = (
    ("aims", "Aims"),
    ("measures", "How success was judged"),
    ("duration", "Duration"),
    ("outcome", "Outcome"),
    ("what_did_not_work", "What did not work"),
)
"""The support agreement's fields, in the order the card shows them, with the words a teacher reads."""


GAP_PHRASES = {
    "Aims": "its aims",
    "How success was judged": "how success was judged",
    "Duration": "how long it ran",
    "Outcome": "the outcome",
    "What did not work": "what did not work",
}
"""How "What this case does not tell you" names each silent agreement field, after "The source does not report"."""


@dataclass(frozen=True)
class AgreementRow:
    label: str
    values: tuple[str, ...]
    """The source's words; empty where the source is silent ("not reported")."""


def _silent(value: str) -> bool:
    return value.strip() in ("", NOT_REPORTED)


def agreement_rows(study: CaseStudy) -> tuple[AgreementRow, ...]:
    """Every agreement field, silent ones included, so the reader sees what the source left out."""
    rows = []
    for name, label in AGREEMENT_LABELS:
        raw = getattr(study.agreement, name) if study.agreement else NOT_REPORTED
        values = (raw,) if isinstance(raw, str) else tuple(raw)
        rows.append(AgreementRow(label, tuple(value for value in values if not _silent(value))))
    return tuple(rows)


def gaps(study: CaseStudy) -> tuple[str, ...]:
    """What the source does not say, as short phrases for "What this case does not tell you"."""
    missing: list[str] = []
    if _silent(study.period_from) and _silent(study.period_to):
        missing.append("when it happened")
    elif _silent(study.period_from):
        missing.append("when it started")
    elif _silent(study.period_to):
        missing.append("when it ended")
    missing += [GAP_PHRASES[row.label] for row in agreement_rows(study) if not row.values]
    if not study.provider_roles:
        missing.append("who gave the support")
    if not study.phases:
        missing.append("which phases of education took part")
    if _silent(study.region):
        missing.append("where in England it took place")
    if not study.organisations:
        missing.append("which organisations took part")
    return tuple(missing)


HISTORIC_VOCABULARIES = ("provider_roles", "frameworks")
"""The vocabularies whose terms can be historic: who gave support, and the inspections a quality mark relied on."""


def historic_terms(study: CaseStudy, taxonomy: Taxonomy) -> tuple[tuple[str, Term], ...]:
    """(vocabulary, term) for each historic role or structure the case names."""
    named = [("provider_roles", role) for role in study.provider_roles]
    if study.quality_mark is not None:
        named.append(("frameworks", study.quality_mark.framework))
    found = [(vocabulary, taxonomy.term(vocabulary, term_id)) for vocabulary, term_id in named]
    return tuple((vocabulary, term) for vocabulary, term in found if term is not None and term.historic)


def cited_sources(study: CaseStudy, taxonomy: Taxonomy) -> tuple[Source, ...]:
    """The case's sources that the registry knows, in the order the case cites them."""
    return tuple(taxonomy.sources[source_id] for source_id in study.sources if source_id in taxonomy.sources)
