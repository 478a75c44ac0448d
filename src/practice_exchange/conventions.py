"""The conventions every field shares, below everything that reads or checks a case study.

Kept apart from the field kinds so that the lowest modules (suggestions,
taxonomy) can use them without importing the model.
"""

from __future__ import annotations

NOT_REPORTED = "not reported"
"""The one legal way to say a source is silent on something."""

PLACEHOLDER_MARK = "TODO"
"""Text `practice new` leaves for the contributor to replace.

Drafts may hold it; a published case study with it left in is an error.
"""

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Ids are file names and URL slugs: lowercase words joined by single hyphens."""

ID_MAX_CHARS = 80
