"""Give the glyph of a combining mark its own text in each font's /ToUnicode map.

WeasyPrint 70 maps each glyph to the text of the cluster it was first drawn in
(weasyprint/draw/text.py). When a vowel mark's glyph is first drawn in a cluster of a
letter and the mark (the Arabic "أُ": alef with hamza, then damma), the mark's glyph is
mapped to the letter and the mark, and every later use of the damma reads with an alef
that is not there: "يُوزَّع" reads "يُأوزَّع". The text of a whole column then no longer
has the letters of its HTML element, so the repair cannot find it to set its /Lang
(the Arabic bilingual edition: ten columns and tables), and copied or searched text is
wrong. Which cluster comes first depends on the document, so one edition has it and
another of the same language does not.

A glyph that takes no width draws no letter: when its text is letters followed by
combining marks, and each of those letters has a glyph of its own in the same font, its
text becomes the marks alone.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pikepdf

from fbss_guide.pdf.glyphs import parse_to_unicode

_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _zero_width_codes(font: Any) -> set[int]:
    """The character codes (CIDs) of a Type0 font's glyphs that advance by 0."""
    descendants = font.get("/DescendantFonts")
    if not descendants:
        return set()
    cid_font = descendants[0]
    zero = set()
    widths = list(cid_font.get("/W", []))
    index = 0
    while index + 1 < len(widths):
        first, second = widths[index], widths[index + 1]
        if isinstance(second, pikepdf.Array):
            zero |= {int(first) + k for k, width in enumerate(second) if float(width) == 0}
            index += 2
        else:
            if index + 2 < len(widths) and float(widths[index + 2]) == 0:
                zero |= set(range(int(first), int(second) + 1))
            index += 3
    return zero


def _marks_only(text: str, single: set[str]) -> str | None:
    """The marks of `text` when it is letters then combining marks whose letters each
    have a glyph of their own (`single`: the texts of one character); else None."""
    split = len(text)
    while split > 0 and unicodedata.category(text[split - 1]) == "Mn":
        split -= 1
    letters, marks = text[:split], text[split:]
    if not letters or not marks:
        return None
    if any(unicodedata.category(char) == "Mn" for char in letters):
        return None
    if not all(char in single for char in letters):
        return None
    return marks


def _utf16_hex(text: str) -> bytes:
    return text.encode("utf-16-be").hex().encode("ascii")


def fix_mark_mappings(pdf: pikepdf.Pdf) -> int:
    """Correct the /ToUnicode maps of the PDF's fonts (see above); return how many
    glyphs' texts changed."""
    seen: set[tuple[int, int]] = set()
    changed = 0
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for font in fonts.values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            stream = font.get("/ToUnicode")
            if stream is None:
                continue
            data = stream.read_bytes()
            mapping, _ = parse_to_unicode(data)
            zero = _zero_width_codes(font)
            if not zero:
                continue
            single = {text for text in mapping.values() if len(text) == 1}
            fixes: dict[bytes, bytes] = {}
            for code, text in mapping.items():
                if int.from_bytes(code, "big") not in zero:
                    continue
                marks = _marks_only(text, single)
                if marks is not None:
                    fixes[code.hex().encode("ascii").lower()] = _utf16_hex(marks)
            if not fixes:
                continue

            def replace(match: re.Match[bytes], fixes: dict[bytes, bytes] = fixes) -> bytes:
                new = fixes.get(match.group(1).lower())
                if new is None:
                    return match.group(0)
                return b"<" + match.group(1) + b"> <" + new + b">"

            # Only the bfchar entries WeasyPrint writes, one code to one text.
            parts = re.split(rb"(beginbfchar.*?endbfchar)", data, flags=re.S)
            data = b"".join(
                _ENTRY.sub(replace, part) if part.startswith(b"beginbfchar") else part
                for part in parts
            )
            stream.write(data)
            changed += len(fixes)
    return changed
