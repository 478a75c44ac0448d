"""PX4xx: safety (no markup that could run in a reader's browser). Privacy is in rules/privacy.py.

The rules are declared here and raised by rules/markup.py, which reads the body as the site
renders it: a regex over the source cannot tell code from markup the way Markdown does.
"""

from __future__ import annotations

from ..findings import Severity
from .registry import rule

RAW_HTML = rule(
    id="PX401",
    name="raw-html",
    severity=Severity.ERROR,
    summary="The body contains raw HTML.",
    explanation=(
        "Case studies are plain Markdown so that the site controls how every page looks and so that no "
        "markup from a contribution can change a reader's page. HTML tags and comments are refused."
    ),
    fix="Use Markdown instead: **bold**, _italic_, lists, tables and [links](https://example.org).",
    bad='<div style="color:red">Important</div>',
    good="**Important**",
    messages={
        "comment": "remove the HTML comment; case studies are plain Markdown",
        "declaration": "remove the HTML declaration; case studies are plain Markdown",
        "start_tag": "remove the HTML tag <{tag}>; case studies are plain Markdown",
        "end_tag": "remove the HTML tag </{tag}>; case studies are plain Markdown",
    },
)
SCRIPT = rule(
    id="PX402",
    name="script-tag",
    severity=Severity.ERROR,
    summary="The body contains a <script> tag.",
    explanation="A script in a contribution would run in every reader's browser. It is never allowed.",
    fix="Delete the script; if you meant to show code, put it in a fenced code block.",
    bad="<script>alert(1)</script>",
    good="(no script: describe what the page does, and link to it)",
    message="remove the <script> tag; scripts are never allowed in case studies",
)
IFRAME = rule(
    id="PX403",
    name="embedded-frame",
    severity=Severity.ERROR,
    summary="The body embeds another page (<iframe>, <object> or <embed>).",
    explanation=(
        "Embedded frames load content from other sites, which breaks the site's promise to make no "
        "outside requests and can track readers."
    ),
    fix="Replace the embed with an ordinary link to the page.",
    bad='<iframe src="https://example.org"></iframe>',
    good="[The trust's video](https://example.org)",
    message="remove the <{tag}>; link to the page instead",
)
UNSAFE_LINK = rule(
    id="PX404",
    name="unsafe-link",
    severity=Severity.ERROR,
    summary="A link uses an address other than https://, http://, mailto: or another case study.",
    explanation=(
        "javascript:, vbscript: and data: links run code or hide content when clicked, and other schemes "
        "(file:, ftp:, or an address starting with //) lead off the web or off the site unannounced. "
        "Links must go to web pages (https://), email addresses (mailto:) or other case studies; the site"
        " removes any other address, however it is spelt (entities, tabs, reference-style)."
    ),
    fix="Link to an https:// page or another case study instead.",
    bad="[click me](javascript:alert(1))",
    good="[the trust's page](https://example.org/send)",
    messages={
        "scheme": "links must not use '{scheme}:' addresses",
        "other_scheme": "links must not use '{scheme}:' addresses; use an https:// address",
        "protocol_relative": "write the full https:// address, not one starting with //",
    },
)
