"""Which optional install (pyproject extra) a missing module belongs to.

`pip install practice-exchange` gives the checker alone; the MkDocs site
needs `[site]` and the Zensical trial `[engine-trial]`. A command that reaches
for a module of an extra that is not installed should say which extra to
install, not end in a ModuleNotFoundError.
"""

from __future__ import annotations

from collections.abc import Mapping

EXTRA_MODULES: Mapping[str, str] = {
    "mkdocs": "site",
    "material": "site",
    "pagefind": "site",
    "jinja2": "site",
    "zensical": "engine-trial",
}
"""Top-level module -> the extra that installs it.

Python-Markdown and nh3 are no extra's: the checker renders case bodies with the site's
own Markdown configuration and sanitiser (render.py), so they are core dependencies."""


def missing_extra(error: ModuleNotFoundError) -> str | None:
    """What to tell someone whose command needed a module of an extra they lack; None if it is no extra's."""
    top = (error.name or "").partition(".")[0]
    extra = EXTRA_MODULES.get(top)
    if extra is None:
        return None
    return (
        f"this needs the {extra!r} extra, which is not installed (no module {top!r}): "
        f"pip install 'practice-exchange[{extra}]' (in a clone: pip install -e '.[{extra}]')"
    )
