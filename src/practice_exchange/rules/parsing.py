"""PX0xx: reading the file and parsing its frontmatter.

These rules are raised by the loader, which turns any byte string into
either a parsed document or findings, so hostile files become data.
"""

from ..findings import Severity
from .registry import rule

E, W = Severity.ERROR, Severity.WARNING

UNREADABLE = rule(
    "PX001",
    "unreadable-file",
    E,
    "The path cannot be read as a file.",
    "The checker was given a path that does not exist, is not a regular file, "
    "or cannot be opened (for example because of permissions). Nothing in it can be checked.",
    "Check the path you passed; case studies are Markdown files ending in .md inside practice/.",
    "practice check practice/no-such-file.md",
)
TOO_LARGE = rule(
    "PX002",
    "file-too-large",
    E,
    "The file is over the size limit.",
    "A case study is a few pages of text. A file over 1 MB is almost certainly not one "
    "(a pasted document, an export or an image), and reading it would slow every check.",
    "Cut the case study down to its essentials, or move the material to its source and cite it.",
    "(a 2 MB file)",
)
NOT_UTF8 = rule(
    "PX003",
    "not-utf8",
    E,
    "The file is not UTF-8 text.",
    "Case studies must be saved as UTF-8 so that every build and browser shows the same characters. "
    "The finding points at the first line with a byte that is not valid UTF-8.",
    "Re-save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8).",
    "title: Caf\\xe9 culture   (saved as Latin-1)",
)
BINARY = rule(
    "PX004",
    "binary-content",
    E,
    "The file contains binary data.",
    "A NUL byte means the file is not text: perhaps a word-processor file or an image renamed to .md.",
    "Copy the text into a plain-text Markdown file; do not rename .docx or .pdf files.",
    "(a .docx file renamed to .md)",
)
EMPTY = rule(
    "PX005",
    "empty-file",
    E,
    "The file is empty.",
    "An empty file is usually an accident, and it would publish a blank page.",
    "Delete the file, or run `practice new` to start a case study from the template.",
    "(a file of zero bytes)",
)
NO_FRONTMATTER = rule(
    "PX006",
    "missing-frontmatter",
    E,
    "The file does not start with YAML frontmatter.",
    "Every case study starts with a block between two lines of three dashes (---) that holds "
    "its id, title, themes and other fields. Without it the case study cannot be indexed.",
    "Put `---` on the first line, the fields, then `---` on a line of its own, then the text.",
    "# A case study with no frontmatter",
)
UNTERMINATED = rule(
    "PX007",
    "unterminated-frontmatter",
    E,
    "The frontmatter is opened with --- but never closed.",
    "The frontmatter ends at the next line holding only `---`. Without it, the whole file would be read as YAML.",
    "Add a line with only `---` after the last field.",
    "---\nid: example\ntitle: Example\n\n## Context",
)
YAML_SYNTAX = rule(
    "PX008",
    "yaml-syntax-error",
    E,
    "The frontmatter is not valid YAML.",
    "The YAML parser could not read the frontmatter. Common causes: a colon inside an "
    "unquoted value, a tab used for indentation, or an unclosed quote or bracket.",
    "Fix the line named in the message; put values that contain a colon in double quotes.",
    "---\ntitle: Partners: working together\n---",
)
NOT_MAPPING = rule(
    "PX009",
    "frontmatter-not-mapping",
    E,
    "The frontmatter is not a set of `field: value` lines.",
    "The frontmatter must be a YAML mapping (fields with values). A list or a single value "
    "cannot hold a case study's fields.",
    "Write each field as `name: value` on its own line.",
    "---\n- send\n- attendance\n---",
)
UNSAFE_TAG = rule(
    "PX010",
    "unsafe-yaml-tag",
    E,
    "The frontmatter uses a YAML tag such as !!python/object.",
    "YAML tags can ask a loader to build program objects or run code. Case studies only need "
    "text, numbers, dates and lists, so any explicit tag other than the standard ones is refused.",
    "Remove the tag (the part starting with `!`) and write the value as plain text.",
    "---\ntitle: !!python/object/apply:os.system ['echo hi']\n---",
)
YAML_ALIAS = rule(
    "PX011",
    "yaml-alias",
    E,
    "The frontmatter uses YAML anchors or aliases (& and *).",
    "Anchors and aliases let a few lines expand into billions of values (the 'billion laughs' "
    "attack) and are never needed in a case study, so they are refused without being expanded.",
    "Write the value out in full instead of referring to it with `*name`.",
    "---\na: &a [x, x]\nb: &b [*a, *a]\n---",
)
TOO_COMPLEX = rule(
    "PX012",
    "frontmatter-too-complex",
    E,
    "The frontmatter is nested too deeply or has too many values.",
    "A case study's frontmatter is a few dozen values at most two or three levels deep. "
    "Deeper or larger structures are refused so that a hostile file cannot exhaust memory.",
    "Flatten the structure; see the field reference for the expected shape.",
    "---\ntitle: " + "[" * 20 + "x" + "]" * 20 + "\n---",
)
DUPLICATE_KEY = rule(
    "PX013",
    "duplicate-key",
    E,
    "A field appears twice in the same block.",
    "YAML silently keeps only the last of two equal keys, so the first value would be lost without anyone noticing.",
    "Delete one of the two lines, or merge their values.",
    "---\ntitle: First\ntitle: Second\n---",
)
BOM = rule(
    "PX014",
    "byte-order-mark",
    W,
    "The file starts with a UTF-8 byte order mark.",
    "Some editors on Windows add an invisible byte order mark. It is harmless to the checker, "
    "which skips it, but other tools can then miss the opening `---`.",
    "Save the file as 'UTF-8' rather than 'UTF-8 with BOM'.",
    "\\ufeff---\nid: example\n---",
)
CRLF = rule(
    "PX015",
    "crlf-line-endings",
    W,
    "The file uses Windows (CRLF) line endings.",
    "The checker reads CRLF files correctly, but mixed line endings make pull-request diffs "
    "noisy. The collection uses Unix (LF) line endings.",
    "Set your editor to LF line endings, or let git convert them (`git config core.autocrlf input`).",
    "---\\r\\nid: example\\r\\n---\\r\\n",
)
SYMLINK = rule(
    "PX016",
    "symlinked-file",
    E,
    "A file or folder in the collection is a symbolic link.",
    "A symbolic link can point anywhere on the machine that builds the site, so publishing what it "
    "points to could put a private file on the web, and a link to a folder above it makes the "
    "collection endless. Links are never followed: the checker reports them and the site leaves them out.",
    "Replace the link with a copy of the case study itself (`cp --remove-destination target link.md`).",
    "practice/notes.md -> /home/me/private/notes.md",
)
