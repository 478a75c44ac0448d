"""`repo:` links in the hand-written pages point into the project's repository.

The contributing page sends teachers to the issue form and the web editor of
whichever repository the site is built from: `repo_url` in mkdocs.yml comes
from PRACTICE_REPO_URL (the Pages workflow sets it), so a fork's site links
to the fork. Writing `[Propose a case study](repo:issues/new?template=case-study.yml)`
keeps that address in one place.
"""

from __future__ import annotations

REPO_SCHEME = "](repo:"


def expand_repo_links(markdown: str, repo_url: str) -> str:
    if REPO_SCHEME not in markdown:
        return markdown
    return markdown.replace(REPO_SCHEME, f"]({repo_url.rstrip('/')}/")
