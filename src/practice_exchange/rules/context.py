"""What every rule may consult besides the document itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..taxonomy import Taxonomy


@dataclass(frozen=True)
class CheckContext:
    taxonomy: Taxonomy
    today: dt.date
    case_ids: frozenset[str]
    """Ids of every case study in the collection, for checking links between them."""
