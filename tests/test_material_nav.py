"""main.html's copy of Material's site_nav block must stay Material's, bar the one cached call.

The site overrides `{% block site_nav %}` to render the navigation sidebar once
per folder (site/nav_cache.py). Material offers no smaller hook for that: the
block is its extension point, and an override of partials/nav.html could not
include the original of the same name. So the copy is pinned instead: if a
Material release changes its block, this test fails and names the lines, and
main.html is re-synchronised by hand (pyproject caps mkdocs-material below 10).
"""

from __future__ import annotations

import difflib
import re
from importlib.resources import files

from .conftest import ROOT

OURS = ROOT / "src/practice_exchange/site/overrides/main.html"
MATERIAL_BASE = files("material") / "templates" / "base.html"
"""The installed Material's own template (the [site] extra)."""
PLAIN_NAV = '{% include "partials/nav.html" %}'
CACHED_NAV = [
    "{% if px_nav_once is defined %}",
    '{% call px_nav_once(page) %}{% include "partials/nav.html" %}{% endcall %}',
    "{% else %}",
    PLAIN_NAV,
    "{% endif %}",
]
"""main.html's one change: the nav include, cached where the site plugin provides px_nav_once."""
_BLOCK = re.compile(r"{% block site_nav %}(.*?){% endblock %}", re.DOTALL)


def site_nav_block(template: str) -> list[str]:
    """The block's lines, without indentation (ours sits at a different depth) or blank lines."""
    match = _BLOCK.search(template)
    assert match, "no {% block site_nav %} in the template"
    return [line.strip() for line in match.group(1).splitlines() if line.strip()]


def test_our_site_nav_is_materials_with_only_the_nav_include_cached() -> None:
    ours = site_nav_block(OURS.read_text(encoding="utf-8"))
    starts = [i for i in range(len(ours)) if ours[i : i + len(CACHED_NAV)] == CACHED_NAV]
    assert len(starts) == 1, "main.html should wrap the nav include in px_nav_once() exactly once"
    at = starts[0]
    ours_uncached = [*ours[:at], PLAIN_NAV, *ours[at + len(CACHED_NAV) :]]
    theirs = site_nav_block(MATERIAL_BASE.read_text(encoding="utf-8"))
    diff = "\n".join(difflib.unified_diff(theirs, ours_uncached, "material base.html", "main.html", lineterm=""))
    assert ours_uncached == theirs, f"Material's site_nav block changed; re-synchronise main.html:\n{diff}"


def test_the_block_is_found_in_materials_template() -> None:
    # Guards the test above against passing vacuously if Material renames or moves the block.
    assert PLAIN_NAV in site_nav_block(MATERIAL_BASE.read_text(encoding="utf-8"))
