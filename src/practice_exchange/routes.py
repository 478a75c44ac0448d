"""Where a reader goes from a page to act on it: report a problem, edit the file, follow a feed.

Pure URL building (no MkDocs), so the footer's links are tested without a build.
GitHub pre-fills an issue form's fields from query parameters named by the
fields' ids; .github/ISSUE_TEMPLATE/correction.yml declares `case` and `page`.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlencode

CORRECTION_FORM = "correction.yml"
CORRECTION_FIELDS = ("case", "page")
"""The ids of the correction form's inputs that the link fills in."""


def correction_url(repo_url: str, page_address: str, case_id: str = "") -> str:
    """A new correction issue, its form pre-filled with the page's address and the case's id."""
    query = {
        "template": CORRECTION_FORM,
        "title": f"Correction: {case_id or page_address}",
        "page": page_address,
    }
    if case_id:
        query["case"] = case_id
    return f"{repo_url.rstrip('/')}/issues/new?{urlencode(query)}"


def case_edit_url(repo_url: str, edit_uri: str, case_id: str) -> str:
    """The case's own file in practice/: case pages are generated, so MkDocs' docs/ edit link would 404.

    `edit_uri` is mkdocs.yml's (for example edit/main/docs/); the case files sit beside docs/.
    """
    branch = posixpath.dirname(edit_uri.strip("/")) or "edit/main"
    return f"{repo_url.rstrip('/')}/{branch}/practice/{case_id}.md"
