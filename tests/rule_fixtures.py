"""The rule fixtures made from one valid case study plus a small patch each.

Each fixture breaks exactly one rule. Most are tests/fixtures/valid-case.md
with a line or two replaced, so they are written here as (old, new)
replacements on that file rather than as near-copies of it: adding a
required field then means editing one file, and each patch shows just what
the rule is about. Fixtures that must be odd byte by byte (not UTF-8, a byte
order mark, CRLF, binary, empty), that move whole sections, or that are
folders of several files stay as files in tests/fixtures/rules/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "valid-case.md"
FILE_FIXTURES = FIXTURES / "rules"

PATCHES: dict[str, tuple[tuple[str, str], ...]] = {
    "px008-yaml-syntax-error.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px008-yaml-syntax-error\ntitle: Partners: working [together\n",
        ),
    ),
    "px010-unsafe-yaml-tag.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px010-unsafe-yaml-tag\ntitle: !!python/object/apply:os.system ['echo hacked']\n",
        ),
    ),
    "px011-yaml-alias.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px011-yaml-alias\ntitle: Fixture px011-yaml-alias\n"),
        (
            "organisations: [Example Borough Council]\n",
            "organisations: &councils [Example Borough Council]\nprovider_roles: [*councils, *councils]\n",
        ),
    ),
    "px012-frontmatter-too-complex.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px012-frontmatter-too-complex\ntitle: Fixture px012-frontmatter-too-complex\n",
        ),
        (
            "organisations: [Example Borough Council]\n",
            "organisations: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[Example]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
        ),
    ),
    "px013-duplicate-key.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px013-duplicate-key\ntitle: Fixture px013-duplicate-key\n"),
        ("review_due: 2027-01-10\n", "review_due: 2027-01-10\nevidence: reported\n"),
    ),
    "px101-missing-required-field.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px101-missing-required-field\ntitle: Fixture px101-missing-required-field\n",
        ),
        ("evidence: reported\n", ""),
    ),
    "px102-unknown-field.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px102-unknown-field\ntitle: Fixture px102-unknown-field\n"),
        ("review_due: 2027-01-10\n", "review_due: 2027-01-10\nthemse: [send]\n"),
    ),
    "px103-wrong-type.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px103-wrong-type\ntitle: Fixture px103-wrong-type\n"),
        ("themes: [send]\n", "themes: send\n"),
    ),
    "px104-unknown-vocabulary-value.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px104-unknown-vocabulary-value\ntitle: Fixture px104-unknown-vocabulary-value\n",
        ),
        ("themes: [send]\n", "themes: [sen]\n"),
    ),
    "px105-id-not-file-name.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: a-different-id\ntitle: Fixture px105\n"),
    ),
    "px106-invalid-id.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: Fixture PX106!\ntitle: Fixture px106\n"),
    ),
    "px107-invalid-date.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px107-invalid-date\ntitle: Fixture px107-invalid-date\n"),
        ("reviewed: 2026-01-10\n", "reviewed: 10/01/2026\n"),
    ),
    "px108-review-overdue.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px108-review-overdue\ntitle: Fixture px108-review-overdue\n"),
        (
            "first_published: 2026-01-10\nreviewed: 2026-01-10\nreview_due: 2027-01-10\n",
            "first_published: 2025-01-10\nreviewed: 2025-01-10\nreview_due: 2026-01-10\n",
        ),
    ),
    "px109-dates-out-of-order.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px109-dates-out-of-order\ntitle: Fixture px109-dates-out-of-order\n",
        ),
        ("review_due: 2027-01-10\n", "review_due: 2025-01-10\n"),
    ),
    "px110-published-without-source.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px110-published-without-source\ntitle: Fixture px110-published-without-source\n",
        ),
        ("sources: [nctl-teaching-schools-and-las-2015]\n", "sources: []\n"),
    ),
    "px111-unknown-source.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px111-unknown-source\ntitle: Fixture px111-unknown-source\n"),
        ("sources: [nctl-teaching-schools-and-las-2015]\n", "sources: [nctl-blog]\n"),
    ),
    "px113-empty-value.md": (
        (
            "id: valid-case\ntitle: A valid fixture\nsummary: A fixture that breaks exactly one rule.\n",
            "id: px113-empty-value\ntitle: Fixture px113-empty-value\nsummary:\n",
        ),
    ),
    "px114-archived-without-replacement.md": (
        ("id: valid-case\n", "id: px114-archived-without-replacement\n"),
        ("status: published\n", "status: archived\n"),
        ("first_published: 2026-01-10\n", ""),
    ),
    "px115-replaced-but-not-archived.md": (
        ("id: valid-case\n", "id: px115-replaced-but-not-archived\n"),
        ("status: published\n", "status: published\nreplaced_by: valid-case\n"),
    ),
    "px116-published-without-first-published.md": (
        ("id: valid-case\n", "id: px116-published-without-first-published\n"),
        ("first_published: 2026-01-10\n", ""),
    ),
    "px201-missing-section.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px201-missing-section\ntitle: Fixture px201-missing-section\n",
        ),
        ("## What they did\n\nWhat happened.\n\n", ""),
    ),
    "px203-empty-section.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px203-empty-section\ntitle: Fixture px203-empty-section\n"),
        ("\nSome context.\n", ""),
    ),
    "px204-broken-case-link.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px204-broken-case-link\ntitle: Fixture px204-broken-case-link\n",
        ),
        ("What happened.\n", "What happened; compare [the board](no-such-case.md).\n"),
    ),
    "px205-placeholder-in-published.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px205-placeholder-in-published\ntitle: Fixture px205-placeholder-in-published\n",
        ),
        ("A suggestion.\n", "TODO: suggestions for schools.\n"),
    ),
    "px206-unresolved-link.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px206-unresolved-link\ntitle: Fixture px206-unresolved-link\n",
        ),
        ("What happened.\n", "What happened; see [the guidance](../guidance/send.md).\n"),
    ),
    "px304-replacement-not-found.md": (
        ("id: valid-case\n", "id: px304-replacement-not-found\n"),
        (
            "status: published\n",
            ("status: archived\nreplaced_by: no-such-case\narchive_note: Merged into a case that was never written.\n"),
        ),
        ("first_published: 2026-01-10\n", ""),
    ),
    "px306-figure-not-in-sources.md": (
        ("id: valid-case\n", "id: px306-figure-not-in-sources\n"),
        (
            "summary: A fixture that breaks exactly one rule.\n",
            "summary: Twelve schools took part in 2019, with £1,800 from the council.\n",
        ),
        (
            "Some context.\n",
            (
                "Some context: 1,000 schools, 25% of them, since 2015 (see [the"
                " post](https://example.org/2024/05/x)).\n"
                "\n"
                "In 2015 again.\n"
            ),
        ),
    ),
    "px401-raw-html.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px401-raw-html\ntitle: Fixture px401-raw-html\n"),
        ("What happened.\n", '<div style="color:red">What happened.</div>\n'),
    ),
    "px402-script-tag.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px402-script-tag\ntitle: Fixture px402-script-tag\n"),
        ("What happened.\n", "What happened.<script>alert(1)</script>\n"),
    ),
    "px403-embedded-frame.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px403-embedded-frame\ntitle: Fixture px403-embedded-frame\n"),
        ("What happened.\n", '<iframe src="https://example.org/video"></iframe>\n'),
    ),
    "px404-unsafe-link.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px404-unsafe-link\ntitle: Fixture px404-unsafe-link\n"),
        ("What happened.\n", "What happened: [read more](javascript:alert(1)).\n"),
    ),
    "px405-personal-phone-number.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px405-personal-phone-number\ntitle: Fixture px405-personal-phone-number\n",
        ),
        ("status: published\n", "status: draft\n"),
        ("first_published: 2026-01-10\n", ""),
        ("A suggestion.\n", "Ring the SENCO on 07700 900123 for details.\n"),
    ),
    "px406-personal-email.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px406-personal-email\ntitle: Fixture px406-personal-email\n"),
        ("A suggestion.\n", "Email jane.smith@example.org for details.\n"),
    ),
    "px407-named-pupil.md": (
        ("id: valid-case\ntitle: A valid fixture\n", "id: px407-named-pupil\ntitle: Fixture px407-named-pupil\n"),
        ("What happened.\n", "A pupil called Jamie started attending every day.\n"),
    ),
    "px408-stripped-markup.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px408-stripped-markup\ntitle: Fixture px408-stripped-markup\n",
        ),
        ("What happened.\n", "What happened. ![The school logo](https://example.org/logo.png)\n"),
    ),
    "px409-control-character.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            'id: px409-control-character\ntitle: "Fixture px409\\rcontrol character"\n',
        ),
    ),
    "px420-named-staff.md": (
        (
            "id: valid-case\ntitle: A valid fixture\n",
            "id: px420-named-staff\ntitle: A fixture naming a member of staff\n",
        ),
        ("What happened.\n", "Mrs Patel, the SENCO, led the meetings.\n"),
    ),
}
"""Fixture file name -> replacements, each of text found exactly once in valid-case.md."""


def patched(name: str) -> str:
    """The text of one patched fixture."""
    text = BASE.read_text(encoding="utf-8")
    for old, new in PATCHES[name]:
        if text.count(old) != 1:
            raise ValueError(f"{name}: {old!r} is not in valid-case.md exactly once")
        text = text.replace(old, new)
    return text


def write_rule_fixtures(folder: Path) -> Path:
    """Every rule fixture, patched and file-based alike, written into folder/rules; that folder."""
    rules = folder / "rules"
    shutil.rmtree(rules, ignore_errors=True)
    shutil.copytree(FILE_FIXTURES, rules, symlinks=True)
    for name in PATCHES:
        (rules / name).write_text(patched(name), encoding="utf-8")
    return rules
