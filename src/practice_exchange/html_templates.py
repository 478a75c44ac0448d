"""The Jinja environment that renders the generated pages' HTML blocks (templates/).

Autoescape is on, so a value from a case study or a vocabulary cannot become
markup whatever the template does with it. `finalize` escapes each value the
way the site always has (escape.html_text: one line, quotes as &quot; and
&#x27;), so the pages did not change by a byte when the f-strings went; markup
built by a macro or another template is Markup and passes through as it is.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .escape import html_text


def _escaped(value: Any) -> Any:
    # Called for every value in every template: the plain string, by far the commonest, is tested first.
    if value.__class__ is str:
        return Markup(html_text(value))
    if isinstance(value, Markup) or value is None:
        return value
    return Markup(html_text(str(value)))


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("practice_exchange", "templates"),
        autoescape=True,
        finalize=_escaped,
        undefined=StrictUndefined,
        # Block tags on their own lines leave no trace, so a template's layout is its output's.
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values: Any) -> str:
    """`name` from templates/, as text with no trailing newline (pages.html_block fences it)."""
    return environment().get_template(name).render(**values).removesuffix("\n")
