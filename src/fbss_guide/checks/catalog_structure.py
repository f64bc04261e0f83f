"""Structural checks on a catalog: the file is valid gettext, and it has every message.

Babel reads broken catalogs leniently: a string missing its closing quote loses its last
character, and an empty or truncated file reads as a catalog with fewer messages, which
the build then fills with English. GNU `msgfmt --check` is the reference parser that
Poedit and Weblate users meet too; comparing with messages.pot finds what is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from fbss_guide.errors import Problem

_MSGFMT_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?:\d+:)? (?P<message>.*)$")


def msgfmt_problems(path: Path, shown: str | None = None) -> list[Problem]:
    """What GNU `msgfmt --check` finds wrong with the file (its warnings are ignored)."""
    shown = shown or str(path)
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return [
            Problem(
                shown,
                None,
                "",
                "cannot check the catalog: GNU msgfmt is not installed",
                "install the Debian package gettext (make system-deps)",
            )
        ]
    try:
        result = subprocess.run(
            [msgfmt, "--check", "--output-file=/dev/null", "--", str(path)],
            capture_output=True,
            # msgfmt quotes the offending byte alone, which can be half a UTF-8 character.
            encoding="utf-8",
            errors="replace",
            timeout=60,
            check=False,
            env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"},
        )
    except subprocess.TimeoutExpired:
        return [Problem(shown, None, "", "msgfmt --check did not finish in 60 s", "")]
    if result.returncode == 0:
        return []
    problems: list[Problem] = []
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    found: dict[int, list[str]] = {}  # line -> msgfmt's findings there, in order
    for raw in result.stderr.splitlines():
        match = _MSGFMT_LINE.match(raw)
        if not match or "warning:" in raw:
            continue
        found.setdefault(int(match.group("line")), []).append(match.group("message").strip())
    for line, findings in found.items():
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        context = _entry_context(lines, line)
        if _has_unescaped_quote(text):
            message = (
                'an unescaped double quote (") inside the text ends the string early '
                f"(msgfmt --check: {'; '.join(findings)})"
            )
            hint = (
                'write a quote inside the text as \\" (Poedit does this), or use the '
                "language's own quotation marks (“ ” « » „ “)"
            )
        else:
            message = f"msgfmt --check: {'; '.join(findings)}"
            hint = (
                "fix this line in Poedit or a text editor: every string needs its opening "
                "and closing double quote, and the same placeholders as the source"
            )
        problems.append(
            Problem(shown, line, f"msgctxt '{context}'" if context else "", message, hint)
        )
    if not problems:
        # Whole-file findings ("PO file header missing or invalid") carry no line: give
        # msgfmt's own words without its program name and the file's path.
        said = []
        for raw in result.stderr.splitlines():
            text = raw.strip().replace(str(path), "").replace(msgfmt, "")
            text = text.lstrip(": ").removeprefix("msgfmt: ").removeprefix("warning: ")
            if text and not text.startswith("found "):
                said.append(text)
        problems.append(
            Problem(
                shown,
                None,
                "",
                "msgfmt --check: " + ("; ".join(said) or "the file is not a valid catalog"),
                "restore the file from version control, or start again with "
                "'fbss-guide i18n update'",
            )
        )
    return problems


_STRING_LINE = re.compile(r'^\s*(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"')


def _has_unescaped_quote(line: str) -> bool:
    """A string line (`msgstr "..."` or a continuation `"..."`) with a double quote
    inside its text that is not written as \\"."""
    if not _STRING_LINE.match(line):
        return False
    body = line[line.index('"') + 1 :].rstrip()
    quotes = 0
    escaped = False
    for char in body:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quotes += 1
    return quotes > 1


def _entry_context(lines: list[str], line: int) -> str | None:
    """The msgctxt of the entry around `line` (1-based): looked for upwards until the
    blank line before the entry."""
    for text in reversed(lines[: max(line, 0)]):
        if not text.strip():
            return None
        if text.startswith("msgctxt "):
            return text[len("msgctxt ") :].strip().strip('"')
    return None


def message_key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def missing_messages(catalog: Catalog, template: Catalog) -> list[Message]:
    """Messages of messages.pot that the catalog does not have at all."""
    known = {message_key(message) for message in catalog if message.id}
    return [message for message in template if message.id and message_key(message) not in known]


def completeness_problem(
    shown: str, catalog: Catalog, template: Catalog, missing: list[Message]
) -> Problem | None:
    """One problem for a catalog that lacks messages of messages.pot: empty, truncated or
    out of date. Named once for the file, with the first missing message."""
    if not missing:
        return None
    total = sum(1 for message in template if message.id)
    present = total - len(missing)
    first = missing[0]
    label = first.context or message_key(first)[1][:50]
    if present == 0:
        what = f"the catalog has none of the {total} messages of messages.pot (empty?)"
    else:
        what = (
            f"the catalog lacks {len(missing)} of the {total} messages of messages.pot "
            f"(truncated or out of date), the first is '{label}'"
        )
    return Problem(
        shown,
        None,
        "",
        what,
        "restore the file from version control, or run 'fbss-guide i18n update' "
        "and translate the new entries",
    )
