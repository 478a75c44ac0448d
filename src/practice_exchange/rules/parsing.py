"""PX0xx: reading the file and parsing its frontmatter.

These rules are raised by the loader, which turns any byte string into
either a parsed document or findings, so hostile files become data.
"""

from ..findings import Severity
from ..yaml_messages import (
    ALIAS_MESSAGES,
    DUPLICATE_KEY_MESSAGES,
    SYNTAX_MESSAGES,
    TAG_MESSAGES,
    TOO_COMPLEX_MESSAGES,
)
from .registry import rule

UNREADABLE = rule(
    id="PX001",
    name="unreadable-file",
    severity=Severity.ERROR,
    summary="The path cannot be read as a file.",
    explanation=(
        "The checker was given a path that does not exist, is not a regular file, or cannot be opened "
        "(for example because of permissions). Nothing in it can be checked."
    ),
    fix="Check the path you passed; case studies are Markdown files ending in .md inside practice/.",
    bad="practice check practice/no-such-file.md",
    good="practice check practice/partner-councils.md",
    messages={
        "directory": "cannot check this path: it is a directory",
        "not_regular": "cannot check this path: it is not a regular file",
        "missing": "cannot check this path: it is missing",
        "os_error": "cannot read this file: {reason}",
    },
)
TOO_LARGE = rule(
    id="PX002",
    name="file-too-large",
    severity=Severity.ERROR,
    summary="The file is over the size limit.",
    explanation=(
        "A case study is a few pages of text. A file over 1 MB is almost certainly not one (a pasted "
        "document, an export or an image), and reading it would slow every check."
    ),
    fix="Cut the case study down to its essentials, or move the material to its source and cite it.",
    bad="(a 2 MB file)",
    good="(a case study of a few thousand words, well under 1 MB)",
    messages={
        "size": "file is {size:,} bytes; the limit is {limit:,} bytes",
        "read_over": "file is over the {limit:,}-byte limit",
    },
)
NOT_UTF8 = rule(
    id="PX003",
    name="not-utf8",
    severity=Severity.ERROR,
    summary="The file is not UTF-8 text.",
    explanation=(
        "Case studies must be saved as UTF-8 so that every build and browser shows the same characters. "
        "The finding points at the first line with a byte that is not valid UTF-8."
    ),
    fix="Re-save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8).",
    bad="title: Caf\\xe9 culture   (saved as Latin-1)",
    good="title: Café culture   (saved as UTF-8)",
    message="byte 0x{byte} is not UTF-8; re-save the file as UTF-8",
)
BINARY = rule(
    id="PX004",
    name="binary-content",
    severity=Severity.ERROR,
    summary="The file contains binary data.",
    explanation="A NUL byte means the file is not text: perhaps a word-processor file or an image renamed to .md.",
    fix="Copy the text into a plain-text Markdown file; do not rename .docx or .pdf files.",
    bad="(a .docx file renamed to .md)",
    good="(the case study pasted into a plain-text .md file)",
    message="file contains binary data (a NUL byte), not text",
)
EMPTY = rule(
    id="PX005",
    name="empty-file",
    severity=Severity.ERROR,
    summary="The file is empty.",
    explanation="An empty file is usually an accident, and it would publish a blank page.",
    fix="Delete the file, or run `practice new` to start a case study from the template.",
    bad="(a file of zero bytes)",
    good="(a file started with `practice new`)",
    message="file is empty; start from `practice new`",
)
NO_FRONTMATTER = rule(
    id="PX006",
    name="missing-frontmatter",
    severity=Severity.ERROR,
    summary="The file does not start with YAML frontmatter.",
    explanation=(
        "Every case study starts with a block between two lines of three dashes (---) that holds its id, "
        "title, themes and other fields. Without it the case study cannot be indexed."
    ),
    fix="Put `---` on the first line, the fields, then `---` on a line of its own, then the text.",
    bad="# A case study with no frontmatter",
    good="---\nid: example\ntitle: Example\n---\n\n## Context",
    message="file must start with a line of three dashes (---) opening the frontmatter",
)
UNTERMINATED = rule(
    id="PX007",
    name="unterminated-frontmatter",
    severity=Severity.ERROR,
    summary="The frontmatter is opened with --- but never closed.",
    explanation=(
        "The frontmatter ends at the next line holding only `---`. Without it, the whole file would be read as YAML."
    ),
    fix="Add a line with only `---` after the last field.",
    bad="---\nid: example\ntitle: Example\n\n## Context",
    good="---\nid: example\ntitle: Example\n---\n\n## Context",
    message="frontmatter opened on line 1 is never closed; add a line with only ---",
)
YAML_SYNTAX = rule(
    id="PX008",
    name="yaml-syntax-error",
    severity=Severity.ERROR,
    summary="The frontmatter is not valid YAML.",
    explanation=(
        "The YAML parser could not read the frontmatter. Common causes: a colon inside an unquoted value,"
        " a tab used for indentation, or an unclosed quote or bracket."
    ),
    fix="Fix the line named in the message; put values that contain a colon in double quotes.",
    bad="---\ntitle: Partners: working together\n---",
    good='---\ntitle: "Partners: working together"\n---',
    # Written beside the code that tells the mistakes apart (yaml_messages.py), which words
    # taxonomy.yml's errors too; declared here, so explain and the reference show them.
    messages=SYNTAX_MESSAGES,
)
NOT_MAPPING = rule(
    id="PX009",
    name="frontmatter-not-mapping",
    severity=Severity.ERROR,
    summary="The frontmatter is not a set of `field: value` lines.",
    explanation=(
        "The frontmatter must be a YAML mapping (fields with values). A list or a single value cannot "
        "hold a case study's fields."
    ),
    fix="Write each field as `name: value` on its own line.",
    bad="---\n- send\n- attendance\n---",
    good="---\nthemes: [send, attendance]\n---",
    messages={
        "empty": "frontmatter is empty; it needs fields such as id, title and themes",
        "list": "frontmatter is a list; write each field as `name: value`",
        "scalar": "frontmatter is a single value; write each field as `name: value`",
        "not_a_field": "this line is not a `name: value` field; check its indentation",
    },
)
UNSAFE_TAG = rule(
    id="PX010",
    name="unsafe-yaml-tag",
    severity=Severity.ERROR,
    summary="The frontmatter uses a YAML tag such as !!python/object.",
    explanation=(
        "YAML tags can ask a loader to build program objects or run code. Case studies only need text, "
        "numbers, dates and lists, so any explicit tag other than the standard ones is refused."
    ),
    fix="Remove the tag (the part starting with `!`) and write the value as plain text.",
    bad="---\ntitle: !!python/object/apply:os.system ['echo hi']\n---",
    good="---\ntitle: Echo hi\n---",
    messages=TAG_MESSAGES,
)
YAML_ALIAS = rule(
    id="PX011",
    name="yaml-alias",
    severity=Severity.ERROR,
    summary="The frontmatter uses YAML anchors or aliases (& and *).",
    explanation=(
        "Anchors and aliases let a few lines expand into billions of values (the 'billion laughs' attack)"
        " and are never needed in a case study, so they are refused without being expanded."
    ),
    fix="Write the value out in full instead of referring to it with `*name`.",
    bad="---\na: &a [x, x]\nb: &b [*a, *a]\n---",
    good="---\na: [x, x]\nb: [x, x, x, x]\n---",
    messages=ALIAS_MESSAGES,
)
TOO_COMPLEX = rule(
    id="PX012",
    name="frontmatter-too-complex",
    severity=Severity.ERROR,
    summary="The frontmatter is nested too deeply or has too many values.",
    explanation=(
        "A case study's frontmatter is a few dozen values at most two or three levels deep. Deeper or "
        "larger structures are refused so that a hostile file cannot exhaust memory."
    ),
    fix="Flatten the structure; see the field reference for the expected shape.",
    bad="---\ntitle: " + "[" * 20 + "x" + "]" * 20 + "\n---",
    good="---\ntitle: Partners working together\n---",
    messages=TOO_COMPLEX_MESSAGES,
)
DUPLICATE_KEY = rule(
    id="PX013",
    name="duplicate-key",
    severity=Severity.ERROR,
    summary="A field appears twice in the same block.",
    explanation=(
        "YAML silently keeps only the last of two equal keys, so the first value would be lost without anyone noticing."
    ),
    fix="Delete one of the two lines, or merge their values.",
    bad="---\ntitle: First\ntitle: Second\n---",
    good="---\ntitle: First\n---",
    messages={
        # The YAML reader finds a duplicate in one block (and names the first line)...
        **DUPLICATE_KEY_MESSAGES,
        # ...the salvage parse, which reads each field alone, one across blocks.
        "salvaged": "field '{field}' appears twice; keep one",
    },
)
BOM = rule(
    id="PX014",
    name="byte-order-mark",
    severity=Severity.WARNING,
    summary="The file starts with a UTF-8 byte order mark.",
    explanation=(
        "Some editors on Windows add an invisible byte order mark. It is harmless to the checker, which "
        "skips it, but other tools can then miss the opening `---`."
    ),
    fix="Save the file as 'UTF-8' rather than 'UTF-8 with BOM'.",
    bad="\\ufeff---\nid: example\n---",
    good="---\nid: example\n---   (saved as UTF-8 without a byte order mark)",
    message="file starts with a byte order mark; save as plain UTF-8",
)
CRLF = rule(
    id="PX015",
    name="crlf-line-endings",
    severity=Severity.WARNING,
    summary="The file uses Windows (CRLF) line endings.",
    explanation=(
        "The checker reads CRLF files correctly, but mixed line endings make pull-request diffs noisy. "
        "The collection uses Unix (LF) line endings."
    ),
    fix="Set your editor to LF line endings, or let git convert them (`git config core.autocrlf input`).",
    bad="---\\r\\nid: example\\r\\n---\\r\\n",
    good="---\\nid: example\\n---\\n",
    message="file has Windows (CRLF) line endings; use LF",
)
SYMLINK = rule(
    id="PX016",
    name="symlinked-file",
    severity=Severity.ERROR,
    summary="A file or folder in the collection is a symbolic link.",
    explanation=(
        "A symbolic link can point anywhere on the machine that builds the site, so publishing what it "
        "points to could put a private file on the web, and a link to a folder above it makes the "
        "collection endless. Links are never followed: the checker reports them and the site leaves them "
        "out."
    ),
    fix="Replace the link with a copy of the case study itself (`cp --remove-destination target link.md`).",
    bad="practice/notes.md -> /home/me/private/notes.md",
    good="practice/notes.md   (a copy of the file, not a link to it)",
    message="a symbolic link is neither read nor published; copy the file in instead",
)
