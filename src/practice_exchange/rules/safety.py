"""PX4xx: safety (no markup that could run in a reader's browser) and privacy."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, Severity
from ..loader import Document
from .context import CheckContext
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
    "A link uses a javascript:, vbscript: or data: address.",
    "Such links run code or hide content when clicked. Links must go to web pages (https://) or to other case studies.",
    "Link to an https:// page or another case study instead.",
    "[click me](javascript:alert(1))",
)
PHONE = rule(
    "PX405",
    "personal-phone-number",
    W,
    "Something looks like a phone number.",
    "Case studies name organisations and roles, never private individuals, and give no personal "
    "contact details. A phone number in a case study is almost always someone's direct line.",
    "Remove the number; point readers to the organisation's public website instead.",
    "Contact the SENCO on 07700 900123.",
)
EMAIL = rule(
    "PX406",
    "personal-email",
    W,
    "Something looks like a personal email address.",
    "Personal email addresses must not be published. Shared role addresses (info@, enquiries@, "
    "office@ and similar) are allowed.",
    "Remove the address, or use the organisation's public role address.",
    "Email jane.smith@example.org for details.",
)
NAMED_PUPIL = rule(
    "PX407",
    "named-pupil",
    W,
    "Something looks like a named pupil.",
    "Pupils are never named in case studies, even by first name, because they can be identified "
    "by people who know the school.",
    "Describe the pupil without a name, e.g. 'a pupil in year 5'.",
    "A pupil called Jamie started attending every day.",
)

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])[^>]*>|<!--")
_FRAME_TAGS = {"iframe", "object", "embed", "frame", "frameset"}
_UNSAFE_TARGET = re.compile(
    r"(?:\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?|<|href\s*=\s*[\"']?)\s*((?:javascript|vbscript|data)\s*:)", re.IGNORECASE
)
_PHONE = re.compile(r"(?<![\w/.-])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w/.-])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ROLE_MAILBOXES = {
    "info",
    "enquiries",
    "enquiry",
    "office",
    "admin",
    "contact",
    "hello",
    "press",
    "media",
    "schools",
    "education",
    "send",
    "sen",
    "attendance",
    "team",
    "support",
    "admissions",
    "reception",
    "general",
}
_NAMED_PUPIL = re.compile(
    r"\b(?:pupil|student|child|boy|girl|learner)s?\s+(?:called|named)\s+[A-Z][a-z]+"
    r"|\b[A-Z][a-z]+\s+\((?:[Yy]ear|[Yy]r)\s?\d{1,2}\)"
)


def check_safety(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for number, line in doc.prose_lines():
        raw_html_reported = False  # one raw-html finding a line: `<b>x</b>` is one problem, not two
        for match in _TAG.finditer(line):
            col = match.start() + 1
            name = (match.group(2) or "").lower()
            closing = match.group(1) == "/"
            if closing and name in _FRAME_TAGS | {"script"}:
                continue  # the opening tag has been reported; its closing tag is the same problem
            if name == "script":
                yield SCRIPT.at(
                    doc.path, number, col, "remove the <script> tag; scripts are never allowed in case studies"
                )
            elif name in _FRAME_TAGS:
                yield IFRAME.at(doc.path, number, col, f"remove the <{name}>; link to the page instead")
            elif not raw_html_reported:
                raw_html_reported = True
                what = "HTML comment" if match.group(0) == "<!--" else f"HTML tag <{match.group(1)}{name}>"
                yield RAW_HTML.at(doc.path, number, col, f"remove the {what}; case studies are plain Markdown")
        for match in _UNSAFE_TARGET.finditer(line):
            scheme = re.sub(r"\s", "", match.group(1)).lower()
            yield UNSAFE_LINK.at(doc.path, number, match.start(1) + 1, f"links must not use '{scheme}' addresses")
    yield from _check_privacy(doc, ((n, 1, text) for n, text in doc.prose_lines()))
    yield from _check_privacy(doc, doc.text_values())


def _check_privacy(doc: Document, texts: Iterator[tuple[int, int, str]]) -> Iterator[Finding]:
    for line, col, text in texts:
        for match in _PHONE.finditer(text):
            if sum(ch.isdigit() for ch in match.group()) >= 10:
                yield PHONE.at(
                    doc.path,
                    line,
                    col + match.start(),
                    "this looks like a phone number; give no personal contact details",
                )
        for match in _EMAIL.finditer(text):
            if match.group().split("@", 1)[0].lower() not in _ROLE_MAILBOXES:
                yield EMAIL.at(
                    doc.path,
                    line,
                    col + match.start(),
                    f"'{match.group()}' looks like a personal email address; remove it or use a role address",
                )
        for match in _NAMED_PUPIL.finditer(text):
            yield NAMED_PUPIL.at(
                doc.path,
                line,
                col + match.start(),
                f"'{match.group()}' looks like it names a pupil; describe them without a name",
            )
