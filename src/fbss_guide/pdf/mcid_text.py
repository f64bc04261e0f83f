"""The text of each marked-content sequence, (page, MCID) -> text, from the decoded
pages; a sequence's /ActualText in place of its glyphs.
"""

from __future__ import annotations

import pikepdf

from fbss_guide.pdf.content import Begin, End, PageContent, read_pages


def text_of(pages: list[PageContent]) -> dict[tuple[int, int], str]:
    """Text of every marked-content sequence, keyed by (page index, MCID).

    Text drawn outside any MCID (artifacts) is left out. A sequence without an MCID
    inside a numbered one belongs to it; an artifact or BMC hides what it holds. A
    sequence with an /ActualText reads as that text instead of its glyphs (a hyphen
    that automatic hyphenation added reads as nothing: pdf/hyphens.py).
    """
    text: dict[tuple[int, int], str] = {}
    for content in pages:
        number = content.number
        stack: list[int | None] = []
        silent = 0  # how many /ActualText sequences are open: their glyphs are not read
        for event in content.events:
            if isinstance(event, Begin):
                if event.mcid is not None:
                    text.setdefault((number, event.mcid), "")
                if event.artifact:
                    stack.append(None)
                else:
                    inherited = stack[-1] if stack else None
                    stack.append(event.mcid if event.mcid is not None else inherited)
                if silent or event.actual_text is not None:
                    if not silent and stack[-1] is not None:
                        text[(number, stack[-1])] += event.actual_text or ""
                    silent += 1
            elif isinstance(event, End):
                if stack:
                    stack.pop()
                if silent:
                    silent -= 1
            else:
                current = stack[-1] if stack else None
                if current is not None and not silent:
                    text[(number, current)] += event.text
    return text


def numbered_content(pages: list[PageContent]) -> set[tuple[int, int]]:
    """(page index, MCID) of every numbered marked-content sequence, artifact or not."""
    return {
        (content.number, event.mcid)
        for content in pages
        for event in content.events
        if isinstance(event, Begin) and event.mcid is not None
    }


def marked_text(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """Text of every marked-content sequence, keyed by (page index, MCID)."""
    return text_of(read_pages(pdf))
