"""A hostile corpus: one published case study per attack on the site, and what the checker must say.

Every payload, if it ever ran in a browser, calls `pxPwned()` (or opens a
dialog, navigates away or requests evil.example), which the browser test
listens for. Each entry names the finding the checker must report and the
line of the payload it must point at (0: the first line of the payload), or
no finding where the attack is harmless by construction (attr_list is gone,
the text is code, the id is prefixed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.site_helpers import new_collection

PWN = "pxPwned()"
"""What every payload calls: the browser test defines it to record that script ran."""


@dataclass(frozen=True)
class Attack:
    id: str
    what: str
    body: str
    """Markdown placed in the 'What they did' section."""
    code: str | None
    """The finding the checker must report for it, or None."""
    line: int = 0
    """Which line of `body` the finding points at."""
    title: str = ""


ATTACKS: tuple[Attack, ...] = (
    # attr_list (no longer enabled for bodies): handlers, href swaps, overlays, pagefind meta, clobbering.
    Attack("attr-onerror", "attr_list handler on an image", f'![x](missing.png){{: onerror="{PWN}" }}', "PX206"),
    Attack("attr-onfocus", "attr_list autofocus handler", f"### Note {{: tabindex=0 autofocus onfocus={PWN} }}", None),
    Attack("attr-href-swap", "attr_list href swap", f'[safe](https://example.org){{: href="javascript:{PWN}" }}', None),
    Attack(
        "attr-overlay", "attr_list full-page overlay", 'Text.\n{: style="position:fixed;inset:0;background:red" }', None
    ),
    Attack("attr-pagefind", "attr_list pagefind meta", 'Text.\n{: data-pagefind-meta="title:Hacked" }', None),
    Attack("attr-clobber", "attr_list id clobbering", 'Text.\n{: id="__config" }', None),
    # Heading ids that would clobber the theme's elements.
    Attack("heading-config", "a heading slugging to __config", "### __config", None),
    Attack("heading-search", "a heading slugging to a site id", "### px search", None),
    # Fences the old checker misread: the HTML is live in Markdown's view, and now in the checker's.
    Attack("fence-indented-tilde", "indented ~~~", f"  ~~~\n<img src=x onerror={PWN}>\n  ~~~", "PX401", 1),
    Attack("fence-info-spaces", "info string with spaces", f"``` python x\n<script>{PWN}</script>\n```", "PX402", 1),
    Attack("fence-longer-close", "a longer closing fence", f"```\n<b onclick={PWN}>x</b>\n````", "PX401", 1),
    Attack("fence-text-after", "a closing fence with text after it", "```\n<i>x</i>\n``` and text", None),
    Attack("fence-unclosed", "an unclosed fence", f"```\nText.\n\n<script>{PWN}</script>", "PX402", 3),
    Attack("escaped-backtick", "an escaped back-tick", f"\\`<script>{PWN}</script>\\`", "PX402"),
    Attack("colon-tag", "a tag name with a colon", f"<x:y onmouseover={PWN}>hover</x:y>", "PX401"),
    # Link schemes written so a regex misses them.
    Attack("scheme-entity", "entity-encoded javascript:", f"[a](&#106;avascript:{PWN})", "PX404"),
    Attack("scheme-colon-entity", "&colon;", f"[a](javascript&colon;{PWN})", "PX404"),
    Attack("scheme-tab", "a tab inside the scheme", f"[a](java\tscript:{PWN})", "PX206"),
    Attack("scheme-reference", "a reference-style definition", f"[a][r]\n\n[r]: javascript:{PWN}", "PX404", 2),
    Attack("scheme-data", "a data: URL", "[a](data:text/html;base64,PHNjcmlwdD5weFB3bmVkKCk8L3NjcmlwdD4=)", "PX404"),
    Attack("scheme-vbscript", "vbscript:", "[a](vbscript:msgbox)", "PX404"),
    Attack("scheme-protocol-relative", "//host", "[a](//evil.example/)", "PX404"),
    Attack("autolink-javascript", "an autolink to javascript:", f"<javascript:{PWN}>", "PX401"),
    # The build's own markers, quoted in code or written raw.
    Attack(
        "marker-in-code",
        "the HTML-block marker quoted in code",
        f"`<!-- px:html -->`\n\n    <!-- px:html -->\n    <script>{PWN}</script>\n    <!-- /px:html -->",
        None,
    ),
    Attack(
        "marker-raw",
        "the HTML-block marker written raw",
        f"<!-- px:html -->\n<script>{PWN}</script>\n<!-- /px:html -->",
        "PX401",
    ),
    # Plain raw HTML, which the sanitiser must strip even when the check is skipped.
    Attack("script", "a script tag", f"<script>{PWN}</script>", "PX402"),
    Attack(
        "iframe-srcdoc", "an iframe with srcdoc", f'<iframe srcdoc="<script>parent.{PWN}</script>"></iframe>', "PX403"
    ),
    Attack("svg-onload", "svg onload", f"<svg onload={PWN}></svg>", "PX401"),
    Attack("raw-link", "a raw javascript: link", f'<a href="javascript:{PWN}">x</a>', "PX401"),
    Attack("img-onerror", "img onerror", f"<img src=x onerror={PWN}>", "PX401"),
    Attack("style-overlay", "a style block", "<style>body{display:none}</style>", "PX401"),
    # What the sanitiser would strip from Markdown's own output.
    Attack("outside-image", "an image from another host", "![a](https://evil.example/x.png)", "PX408"),
    Attack("admonition-class", "an admonition type as a class", '!!! pwn "Title"\n    Text.', "PX408"),
    Attack("scheme-ftp", "ftp:", "[a](ftp://evil.example/)", "PX404"),
    # Parity: what used to break `mkdocs build --strict` for everyone.
    Attack(
        "reference-missing-case", "a reference link to a missing case", "[a][m]\n\n[m]: missing-case.md", "PX204", 2
    ),
    # Bounded work.
    Attack("brackets", "thousands of unmatched [", "[" * 5_000, "PX207", -1),
    Attack("backticks", "thousands of unmatched back-ticks", "`a" * 5_000, "PX207", -1),
    Attack("unclosed-tags", "thousands of unclosed tags", "<a " * 5_000, "PX207", -1),
    # Frontmatter.
    Attack("title-markup", "markup in the title", "Text.", None, title=f"<img src=x onerror={PWN}>"),
    Attack("title-escape", "a terminal escape in the title", "Text.", "PX409", title="Pwned \x1b]0;owned\x07 title"),
    Attack(
        "title-formula",
        "a carriage return and formula in the title",
        "Text.",
        "PX409",
        title="Title\r=cmd|' /C calc'!A0",
    ),
)


def case_text(attack: Attack) -> str:
    title = attack.title or f"Hostile {attack.id}"
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\x1b", "\\e")
    quoted = quoted.replace("\x07", "\\a") + '"'
    return "\n".join(
        [
            "---",
            f"id: {attack.id}",
            f"title: {quoted}",
            f'summary: "What an attack by {attack.what} does."',
            "status: published",
            "themes: [send]",
            "phases: [primary]",
            "support: [coaching]",
            "region: london",
            'organisations: ["Example Borough Council"]',
            "period: {from: not reported, to: not reported}",
            "evidence: reported",
            "sources: [nctl-teaching-schools-and-las-2015]",
            "reviewed: 2026-11-24",
            "review_due: 2027-11-24",
            "---",
            "",
            "## Context",
            "",
            "Some context.",
            "",
            "## What they did",
            "",
            attack.body,
            "",
            "## How the support was arranged",
            "",
            "Not reported in the source.",
            "",
            "## What changed, as reported",
            "",
            "Not reported in the source.",
            "",
            "## Cautions and what did not work",
            "",
            "Not reported in the source.",
            "",
            "## How to try this in your school",
            "",
            "Not reported in the source.",
            "",
            "## Sources",
            "",
            "- The source.",
            "",
        ]
    )


PAYLOAD_LINE = 24
"""The file line of each attack's first body line (see case_text)."""


def expected_line(attack: Attack) -> int:
    if attack.line < 0:
        return 17  # the first body line: findings about the body as a whole
    if attack.code == "PX409":
        return 3  # the title
    return PAYLOAD_LINE + attack.line


HOSTILE_LABEL = f"SEND <img src=x onerror={PWN}> [x](javascript:{PWN}) {{: onclick={PWN} }}"
"""The label of the `send` theme in the corpus's taxonomy: contributed text on every listing and card."""
HOSTILE_DESCRIPTION = f"<script>{PWN}</script> *help* <!-- px:html -->"


def write_corpus(folder: Path) -> Path:
    """A collection holding every attack as a published case study, and a taxonomy with hostile text."""
    collection = new_collection(folder)
    taxonomy = collection / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    hostile = f"  - id: send\n    label: {_yaml(HOSTILE_LABEL)}\n    description: {_yaml(HOSTILE_DESCRIPTION)}\n"
    text = text.replace("  - id: send\n    label: SEND\n", hostile, 1)
    text = text.replace(
        "    description: Special educational needs and disabilities, including the work of SENCOs and teaching"
        " assistants.\n",
        "",
        1,
    )
    taxonomy.write_text(text, encoding="utf-8")
    for attack in ATTACKS:
        (collection / f"{attack.id}.md").write_text(case_text(attack), encoding="utf-8")
    return collection


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
