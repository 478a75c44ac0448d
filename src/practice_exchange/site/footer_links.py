"""The footer's and head's links for one page (main.html's px_routes): report, edit, feed, accessibility."""

from __future__ import annotations

import html
from collections.abc import Container

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from practice_exchange import feeds, pages, routes


def footer_links(page: Page | None, config: MkDocsConfig, generated: Container[str]) -> dict[str, str]:
    """Values are plain URLs; main.html escapes them. Case pages edit their file in
    practice/; other generated pages (src_uri in `generated`) have nothing to edit;
    hand-written pages use MkDocs' own edit_url.
    """
    address = page.canonical_url if page is not None and page.canonical_url else config.site_url or ""
    meta = page.meta if page is not None else {}
    case_id = str(meta.get("px_case", ""))
    repo = config.repo_url or ""
    is_generated = page is not None and page.file.src_uri in generated
    # Generated pages' meta title and description are escaped already (pages.attr), since
    # Material prints them raw; a hand-written page's title is escaped here.
    title = str(meta.get("title", "")) if is_generated else html.escape(page.title or "") if page else ""
    summary = str(meta.get("description", "")) if is_generated else ""
    out = {
        "share_title": title or html.escape(config.site_name),
        "share_summary": summary or html.escape(config.site_description or ""),
        "report": routes.correction_url(repo, address, case_id) if repo else "",
        "feed": str(meta.get("px_feed", feeds.ALL_FEED)),
        "accessibility": pages.page_url(pages.ACCESSIBILITY, config.use_directory_urls),
        "edit": "",
        "edit_label": "",
    }
    if case_id and repo:
        out["edit"], out["edit_label"] = (
            routes.case_edit_url(repo, config.edit_uri or "", case_id),
            "Edit this case study",
        )
    elif page is not None and page.edit_url and not is_generated:
        out["edit"], out["edit_label"] = page.edit_url, "Edit this page"
    return out
