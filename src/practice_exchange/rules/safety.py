"""PX4xx: safety (no markup that could run in a reader's browser). Privacy is in rules/privacy.py.

The rules are declared here and raised by rules/markup.py, which reads the body as the site
renders it: a regex over the source cannot tell code from markup the way Markdown does.
"""

from __future__ import annotations

from ..findings import Severity
from .registry import rule

E, W = Severity.ERROR, Severity.WARNING

RAW_HTML = rule(
    "PX401",
    "raw-html",
    E,
    "The body contains raw HTML.",
    "Case studies are plain Markdown so that the site controls how every page looks and so that "
    "no markup from a contribution can change a reader's page. HTML tags and comments are refused.",
    "Use Markdown instead: **bold**, _italic_, lists, tables and [links](https://example.org).",
    '<div style="color:red">Important</div>',
)
SCRIPT = rule(
    "PX402",
    "script-tag",
    E,
    "The body contains a <script> tag.",
    "A script in a contribution would run in every reader's browser. It is never allowed.",
    "Delete the script; if you meant to show code, put it in a fenced code block.",
    "<script>alert(1)</script>",
)
IFRAME = rule(
    "PX403",
    "embedded-frame",
    E,
    "The body embeds another page (<iframe>, <object> or <embed>).",
    "Embedded frames load content from other sites, which breaks the site's promise to make no "
    "outside requests and can track readers.",
    "Replace the embed with an ordinary link to the page.",
    '<iframe src="https://example.org"></iframe>',
)
UNSAFE_LINK = rule(
    "PX404",
    "unsafe-link",
    E,
    "A link uses an address other than https://, http://, mailto: or another case study.",
    "javascript:, vbscript: and data: links run code or hide content when clicked, and other schemes "
    "(file:, ftp:, or an address starting with //) lead off the web or off the site unannounced. "
    "Links must go to web pages (https://), email addresses (mailto:) or other case studies; "
    "the site removes any other address, however it is spelt (entities, tabs, reference-style).",
    "Link to an https:// page or another case study instead.",
    "[click me](javascript:alert(1))",
)
