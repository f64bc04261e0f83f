"""Merge messages.pot into a catalog, as `pybabel update --previous` does, but stable.

Babel writes the previous source text of a fuzzy entry as `#| msgid "..."`, but does
not read it back: its reader takes `#|` for a translator's comment. A second update then
wrote `# | msgid "..."` above the notes, the comparison Poedit and Weblate show was
lost, and every catalog changed on every run. Here the `#|` lines are read back into
the entries' previous source before the merge, and kept on entries that stay fuzzy, so
an update with nothing new changes no byte. And a fuzzy entry whose source text is back
to what its translation was made for (an English change reverted) is translated again:
no longer fuzzy, its `#|` gone.
"""

from __future__ import annotations

import io

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, write_po

_PREVIOUS = ("| msgid ", "| msgid_plural ")


def read_previous(catalog: Catalog) -> None:
    """Move the `#| msgid` / `#| msgid_plural` lines Babel read as translator comments
    (`| msgid "..."`, a continuation `| "..."` for a wrapped one) into each entry's
    `previous_id`, for the entries and the obsolete ones."""
    for message in [*catalog, *catalog.obsolete.values()]:
        if not any(comment.startswith("| ") for comment in message.user_comments):
            continue
        kept: list[str] = []
        previous: list[list[str]] = []  # msgid, then msgid_plural: their quoted lines
        for comment in message.user_comments:
            if comment.startswith(_PREVIOUS):
                previous.append([comment.split(" ", 2)[2]])
            elif comment.startswith('| "') and previous:
                previous[-1].append(comment[2:])
            else:
                kept.append(comment)
        message.user_comments = kept
        message.previous_id = [denormalize("\n".join(lines)) for lines in previous]


def _key(message: Message) -> tuple[str, str | None]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context


def _first_id(message_id: object) -> str:
    if isinstance(message_id, str):
        return message_id
    assert isinstance(message_id, list | tuple)
    return str(message_id[0])


def merge(catalog: Catalog, template: Catalog, *, overrides: bool = False) -> None:
    """Update `catalog` from `template` in place (fuzzy matching on, translator comments
    kept, the header comment left alone): Babel's merge, plus the previous source text
    of what stays fuzzy, and reverted sources restored.

    `overrides`: the catalog is a project's interface.po, which holds only the entries
    it rewords. No entry is added for the template's other strings, and no fuzzy match
    is made (a guess from another string would only hide the tool's text); an entry the
    template no longer has becomes obsolete as usual."""
    read_previous(catalog)
    before = {_key(message): message for message in catalog if message.id}
    catalog.update(template, no_fuzzy_matching=overrides, update_header_comment=False)
    if overrides:
        for message in list(catalog):
            if message.id and _key(message) not in before:
                catalog.delete(message.id, message.context)
    for message in catalog:
        if not message.id or not message.fuzzy:
            continue
        msgid = _first_id(message.id)
        if message.previous_id:
            # Babel matched it to another entry (the source changed): the old entry,
            # whose own previous source may be this very text.
            old = before.get((_first_id(message.previous_id), message.context))
        else:
            old = before.get((msgid, message.context))  # the same entry, still fuzzy
            if old is not None:
                message.previous_id = list(old.previous_id)
        original = old.previous_id if old is not None else []
        if original and _first_id(original) == msgid and old is not None and old.fuzzy:
            # The translation was made for exactly this text: an English change undone.
            message.flags.discard("fuzzy")
            message.previous_id = []
        elif message.previous_id and _first_id(message.previous_id) == msgid:
            message.flags.discard("fuzzy")
            message.previous_id = []


def write_catalog(catalog: Catalog) -> str:
    """The catalog as `pybabel update --no-wrap --previous` writes it, with each `#|`
    line whole (Babel wraps comments at 76 columns even then, and breaks the string
    inside them, which GNU msgfmt and Poedit reject)."""
    out = io.BytesIO()
    write_po(out, catalog, include_previous=True, width=0)
    return join_wrapped_previous(out.getvalue().decode("utf-8"))


def join_wrapped_previous(text: str) -> str:
    """Put each `#| msgid "..."` comment back on one line. The wrap dropped the space
    it broke at, so the pieces are joined with one."""
    out: list[str] = []
    for line in text.split("\n"):
        if line.startswith("#| ") and out and _open_previous(out[-1]):
            out[-1] += " " + line[3:]
        else:
            out.append(line)
    return "\n".join(out)


def _open_previous(line: str) -> bool:
    """True for a `#|` comment whose quoted string has not been closed yet."""
    if not line.startswith("#| "):
        return False
    start = line.find('"')
    if start < 0:
        return False
    return not _ends_quoted(line[start + 1 :])


def _ends_quoted(body: str) -> bool:
    """Whether a string body (after its opening quote) ends with an unescaped quote."""
    if not body.endswith('"'):
        return False
    backslashes = len(body[:-1]) - len(body[:-1].rstrip("\\"))
    return backslashes % 2 == 0
