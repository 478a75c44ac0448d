"""main.html's copy of Material's site_nav block must stay Material's, bar the two cached calls.

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
PLAIN_TOC = '{% include "partials/toc.html" %}'


def _cached(helper: str, plain: str) -> list[str]:
    return [
        f"{{% if {helper} is defined %}}",
        f"{{% call {helper}(page) %}}{plain}{{% endcall %}}",
        "{% else %}",
        plain,
        "{% endif %}",
    ]


CACHED = {PLAIN_NAV: _cached("px_nav_once", PLAIN_NAV), PLAIN_TOC: _cached("px_toc_once", PLAIN_TOC)}
"""main.html's changes: the nav and toc includes, cached where the site plugin provides px_nav_once / px_toc_once."""
_BLOCK = re.compile(r"{% block site_nav %}(.*?){% endblock %}", re.DOTALL)


def site_nav_block(template: str) -> list[str]:
    """The block's lines, without indentation (ours sits at a different depth) or blank lines."""
    match = _BLOCK.search(template)
    assert match, "no {% block site_nav %} in the template"
    return [line.strip() for line in match.group(1).splitlines() if line.strip()]


def test_our_site_nav_is_materials_with_only_the_nav_and_toc_includes_cached() -> None:
    ours_uncached = site_nav_block(OURS.read_text(encoding="utf-8"))
    for plain, cached in CACHED.items():
        starts = [i for i in range(len(ours_uncached)) if ours_uncached[i : i + len(cached)] == cached]
        assert len(starts) == 1, f"main.html should wrap {plain} in its cached call exactly once"
        at = starts[0]
        ours_uncached = [*ours_uncached[:at], plain, *ours_uncached[at + len(cached) :]]
    theirs = site_nav_block(MATERIAL_BASE.read_text(encoding="utf-8"))
    diff = "\n".join(difflib.unified_diff(theirs, ours_uncached, "material base.html", "main.html", lineterm=""))
    assert ours_uncached == theirs, f"Material's site_nav block changed; re-synchronise main.html:\n{diff}"


def test_the_block_is_found_in_materials_template() -> None:
    # Guards the test above against passing vacuously if Material renames or moves the block.
    assert {PLAIN_NAV, PLAIN_TOC} <= set(site_nav_block(MATERIAL_BASE.read_text(encoding="utf-8")))
