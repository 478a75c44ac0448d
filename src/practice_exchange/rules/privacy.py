"""PX405–PX407, PX420: privacy. Case studies name organisations and roles, never private people.

These are errors, not warnings: a personal phone number or a pupil's name
must not reach a published page, and the documented `practice check` has to
fail on it. What is allowed is as important as what is caught: roles ("the
SENCO", "a Year 5 teacher"), organisations, role mailboxes (info@) and any
name the case itself lists under `organisations` (a school named after a
person, such as "Dr Challoner's Grammar School").

Every pattern here runs over contributor text, so each is linear-time by
construction: only bounded quantifiers, nothing repeated inside a repetition,
and no alternation inside a repetition. tests/test_privacy.py checks that
property on the compiled patterns and feeds them adversarial input. Email
addresses are found from each '@' outwards rather than by a regex, which
would try every start position of a long run of address characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..document import Document
from ..findings import Finding, Severity
from .context import CheckContext
from .registry import rule
from .scan import holds_ascii_digit, leftmost_matches

PHONE = rule(
    id="PX405",
    name="personal-phone-number",
    severity=Severity.ERROR,
    summary="Something looks like a phone number.",
    explanation=(
        "Case studies name organisations and roles, never private individuals, and give no personal "
        "contact details. A phone number in a case study is almost always someone's direct line."
    ),
    fix="Remove the number; point readers to the organisation's public website instead.",
    bad="Contact the SENCO on 07700 900123.",
    good="Contact the trust through its website, https://example.org.",
    message="this looks like a personal phone number; remove it and point readers to the organisation's website",
)
EMAIL = rule(
    id="PX406",
    name="personal-email",
    severity=Severity.ERROR,
    summary="Something looks like a personal email address.",
    explanation=(
        "Personal email addresses must not be published. Shared role addresses (info@, enquiries@, "
        "office@ and similar) at an organisation's own domain are allowed; any address at a personal mail"
        " service (Gmail, Outlook, iCloud and the like) is personal."
    ),
    fix="Remove the address, or use the organisation's public role address.",
    bad="Email jane.smith@example.org for details.",
    good="Email info@example.org for details.",
    message="'{address}' looks like a personal email address; remove it, or use a role address such as info@",
)
NAMED_PUPIL = rule(
    id="PX407",
    name="named-pupil",
    severity=Severity.ERROR,
    summary="Something looks like a named pupil.",
    explanation=(
        "Pupils are never named in case studies, even by first name, because they can be identified by "
        "people who know the school. Caught: 'a pupil called Jamie', 'Jamie in Year 3', 'Amy (Year 5)'."
    ),
    fix="Describe the pupil without a name, e.g. 'a pupil in Year 5'.",
    bad="A pupil called Jamie started attending every day.",
    good="A pupil in Year 5 started attending every day.",
    message="'{phrase}' names a pupil; describe them without a name, e.g. 'a pupil in Year 5'",
)
NAMED_STAFF = rule(
    id="PX420",
    name="named-staff",
    severity=Severity.ERROR,
    summary="Something looks like a named member of staff.",
    explanation=(
        "Case studies name roles, not people: 'the SENCO', 'a head of department'. A title and a surname "
        "('Mrs Patel', 'Mr Jones') identifies a member of staff. A school or organisation named after a "
        "person is allowed when the case lists it under organisations."
    ),
    fix="Name the role instead, e.g. 'the SENCO' or 'a class teacher'.",
    bad="Mrs Patel, the SENCO, led the meetings.",
    good="The SENCO led the meetings.",
    message="'{phrase}' names a member of staff; name the role instead, e.g. 'the SENCO' or 'a class teacher'",
)

# --- patterns (all bounded: see the module docstring) ------------------------------------

_PHONE_PATTERNS = (
    re.compile(r"0[0-9]{2,4}\)?[ \t-]?[0-9]{3,4}[ \t-]?[0-9]{3,4}"),
    re.compile(r"\+44[ \t]?\(?0?\)?[ \t]?[0-9]{2,4}[ \t-]?[0-9]{3,4}[ \t-]?[0-9]{3,4}"),
)
_NUMBER_CHARS = re.compile(r"[\w/.-]")
_PUPIL_CALLED = re.compile(
    r"\b(?:pupil|student|child|boy|girl|learner|son|daughter)s?"
    r"[ \t\n]{1,3}(?:called|named)[ \t\n]{1,3}[A-Z][a-z]{1,20}\b"
)
# A year group or class is found first, from a literal ('ear 3', 'lass 4', '(Y5'), so the regex
# engine skips ahead with a fast scan; only then is the name before it looked for, in a short window.
_YEAR_GROUPS: tuple[tuple[re.Pattern[str], str], ...] = (
    # (pattern, the letter that must come just before the match: the start of the word)
    (re.compile(r"ear[ \t]{0,2}[0-9]{1,2}\b"), "Yy"),
    (re.compile(r"lass[ \t]{0,2}[0-9]{1,2}\b"), "Cc"),
    (re.compile(r"\(Yr?[ \t]{0,2}[0-9]{1,2}\)"), ""),
)
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]{1,20})[ \t\n]{1,3}(?:(?:in|from)[ \t\n]{1,3}|\()$")
_NAME_WINDOW = 40
_PROGRAMME_YEAR = re.compile(r"[ \t\n]{1,3}of[ \t\n]")
# No leading \b, and one regex per first letter: a pattern led by a literal lets the engine
# skip ahead with a fast search (a pattern led by the set {M, D} is some three times slower
# over a body); the word boundary before the title is checked by hand.
_SURNAME = r"\.?[ \t\n]{1,2}([A-Z][A-Za-z'’-]{1,30})"
_TITLES_AND_SURNAMES = (re.compile(r"M(?:rs?|s|iss|x)" + _SURNAME), re.compile(r"Dr" + _SURNAME))

PATTERNS: tuple[re.Pattern[str], ...] = (
    *_PHONE_PATTERNS,
    _NUMBER_CHARS,
    _PUPIL_CALLED,
    *(pattern for pattern, _ in _YEAR_GROUPS),
    _NAME_BEFORE,
    _PROGRAMME_YEAR,
    *_TITLES_AND_SURNAMES,
)
"""Every regex this module runs on contributor text, for the linear-time test."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NOT_NAMES = _words(
    """
    a all also an and any as at both by each early even every for from girls boys in it its later many most
    of on once one only or pupils pupil children child students student learners learner teachers teacher
    staff classes class groups group those these they this then there their we year years key stage
    attainment results progress attendance reading writing maths mathematics english science phonics
    teaching learning work support leaders leader schools school funding spending provision intervention
    interventions exclusion exclusions absence behaviour outcomes again starting beginning head heads senco
    sencos assistant assistants officer officers governors parents families department subject reception
    nursery
    """
)
"""Capitalised words that start a phrase like 'Pupils in Year 3': roles and groups, not names."""

_ROLE_MAILBOXES = _words(
    """
    info enquiries enquiry office admin contact hello press media schools education send sen attendance team
    support admissions reception general
    """
)
_PERSONAL_MAIL_DOMAINS = _words(
    """
    gmail.com googlemail.com hotmail.com hotmail.co.uk outlook.com live.com live.co.uk msn.com yahoo.com
    yahoo.co.uk icloud.com me.com aol.com btinternet.com sky.com talktalk.net virginmedia.com proton.me
    protonmail.com
    """
)
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_MAX_LOCAL, _MAX_DOMAIN = 64, 255


def check_privacy(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    allowed = _organisation_names(doc.meta)
    yield from _check_text(doc, doc.prose, doc.locate, allowed)
    yield from _check_text(doc, doc.frontmatter, doc.locate_frontmatter, allowed)


def _organisation_names(meta: dict[str, Any] | None) -> tuple[str, ...]:
    organisations = meta.get("organisations") if meta else None
    if not isinstance(organisations, list):
        return ()
    return tuple(name for name in organisations if isinstance(name, str) and name.strip())


def _allowed_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for name in names:
        at = text.find(name)
        while at >= 0:
            spans.append((at, at + len(name)))
            at = text.find(name, at + len(name))
    return spans


def phone_numbers(text: str) -> Iterator[int]:
    """Offsets of what look like UK phone numbers: 10+ digits, not part of a longer token."""
    if "0" not in text and "+" not in text:
        return
    for pattern in _PHONE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if text[start - 1 : start] == "(":
                start -= 1
            before, after = text[start - 1 : start], text[end : end + 1]
            if _NUMBER_CHARS.match(before) or _NUMBER_CHARS.match(after):
                continue
            if sum(ch.isdigit() for ch in match.group()) >= 10:
                yield start


def email_addresses(text: str) -> Iterator[tuple[int, str]]:
    """Offsets and text of email addresses, found outwards from each '@' (linear in the text)."""
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and at - start < _MAX_LOCAL and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        end = at + 1
        while end < len(text) and end - at <= _MAX_DOMAIN and text[end] in _DOMAIN_CHARS:
            end += 1
        domain = text[at + 1 : end].rstrip(".-")
        labels = domain.split(".")
        local = text[start:at].lstrip(".")
        if local and len(labels) >= 2 and all(labels) and labels[-1].isalpha() and len(labels[-1]) >= 2:
            yield at - len(local), f"{local}@{domain}"
        at = text.find("@", at + 1)


def is_personal_email(address: str) -> bool:
    local, domain = address.rsplit("@", 1)
    return domain.lower() in _PERSONAL_MAIL_DOMAINS or local.lower() not in _ROLE_MAILBOXES


def named_pupils(text: str) -> Iterator[tuple[int, str]]:
    """Offsets and text of phrases like 'a pupil called Sam', 'Sam in Year 5' or 'Sam (Year 5)'."""
    if "called" in text or "named" in text:
        for match in _PUPIL_CALLED.finditer(text):
            yield match.start(), match.group()
    if not holds_ascii_digit(text):
        return  # each year-group pattern needs one of 0-9
    for pattern, letters in _YEAR_GROUPS:
        for match in pattern.finditer(text):
            # '(Y5)': the name is looked for before the bracket, which _NAME_BEFORE expects.
            start = match.start() - 1 if letters else match.start() + 1
            if letters and (start < 0 or text[start] not in letters):
                continue
            if start > 0 and text[start - 1].isalpha():
                continue  # part of a longer word
            name = _NAME_BEFORE.search(text, max(0, start - _NAME_WINDOW), start)
            if name is None or name.group(1).lower() in _NOT_NAMES:
                continue
            if _PROGRAMME_YEAR.match(text, match.end()):
                continue  # 'in year 2 of the programme' is a year of a project, not a class
            yield name.start(), text[name.start() : match.end()]


def named_staff(text: str) -> Iterator[tuple[int, str]]:
    """Offsets and text of a title followed by a surname: 'Mrs Patel', 'Mr Jones'."""
    for match in leftmost_matches(_TITLES_AND_SURNAMES, text):
        if match.start() and text[match.start() - 1].isalnum():
            continue  # inside a word, such as 'HMrs'
        if match.group(1).lower() not in _NOT_NAMES:
            yield match.start(), match.group()


def _check_text(
    doc: Document, text: str, locate: Callable[[int], tuple[int, int]], organisations: tuple[str, ...]
) -> Iterator[Finding]:
    # Where the organisations' names stand, found only once a phrase needs judging: most texts hold none.
    spans: list[tuple[int, int]] | None = None

    def allowed(offset: int) -> bool:
        nonlocal spans
        if spans is None:
            spans = _allowed_spans(text, organisations) if organisations else []
        return any(start <= offset < end for start, end in spans)

    for offset in phone_numbers(text):
        line, col = locate(offset)
        yield PHONE.at(doc.path, line, col)
    if "@" in text:
        for offset, address in email_addresses(text):
            if is_personal_email(address):
                line, col = locate(offset)
                yield EMAIL.at(doc.path, line, col, address=address)
    for offset, phrase in named_pupils(text):
        if not allowed(offset):
            line, col = locate(offset)
            yield NAMED_PUPIL.at(doc.path, line, col, phrase=phrase)
    for offset, phrase in named_staff(text):
        if not allowed(offset):
            line, col = locate(offset)
            yield NAMED_STAFF.at(doc.path, line, col, phrase=phrase)
