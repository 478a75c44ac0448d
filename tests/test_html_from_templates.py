"""Generated HTML comes from templates with autoescape (html_templates.py), never from f-strings.

An f-string that writes markup around a value is where a forgotten escape
becomes an injection; a template escapes every value unless told otherwise.
So no f-string in the modules that write the site's pages may contain '<'.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from practice_exchange import html_templates

from .conftest import ROOT

PACKAGE = ROOT / "src" / "practice_exchange"
SITE_MODULES = sorted(
    [
        *(PACKAGE / name for name in ("pages.py", "views.py", "card.py", "catalogue.py", "feeds.py", "escape.py")),
        PACKAGE / "html_templates.py",
        *(PACKAGE / "site").glob("*.py"),
    ]
)


def _markup_fstrings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            literal = "".join(str(part.value) for part in node.values if isinstance(part, ast.Constant))
            if "<" in literal:
                found.append(f"{path.name}:{node.lineno}: {literal!r}")
    return found


@pytest.mark.parametrize("path", SITE_MODULES, ids=lambda path: path.name)
def test_no_f_string_writes_markup(path: Path) -> None:
    assert _markup_fstrings(path) == []


def test_the_check_would_see_one(tmp_path: Path) -> None:
    scratch = tmp_path / "scratch.py"
    scratch.write_text('title = "x"\nhtml = f"<p>{title}</p>"\n', encoding="utf-8")
    assert len(_markup_fstrings(scratch)) == 1


def test_templates_escape_every_value() -> None:
    env = html_templates.environment()
    assert env.autoescape is True
    rendered = env.from_string("<p>{{ value }}</p>").render(value="<script>\"x\" & 'y'</script>\n z")
    assert rendered == "<p>&lt;script&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/script&gt; z</p>"
