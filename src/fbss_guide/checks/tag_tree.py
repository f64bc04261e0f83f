"""Tag-tree checks: what a screen reader meets when it walks the structure tree.

PDF/UA checks that a tree exists; these check that it is the right tree:

- a list holds only list items (and nested lists), an item only a label and a body;
- no numbered marked content is left outside the tree (running headers and footers,
  repeated table headers must be artifacts);
- one Table, Sect and list per HTML table, section and list, one Part at most;
- every element that is in another language in the HTML carries that /Lang;
- no tagged text is made of label symbols only ("heavy check mark", "black black");
- no line end runs two words together ("whosells") when the tagged text is joined.

With the HTML the PDF was made from, the counts and languages are compared with it;
without it (`fbss-guide check --pdf`), the checks that need only the PDF run.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pikepdf

from fbss_guide.guide.labels import symbol_only
from fbss_guide.pdf.content import PageContent, read_pages
from fbss_guide.pdf.fragments import HEADINGS
from fbss_guide.pdf.html_text import read_html_text
from fbss_guide.pdf.languages import HtmlFacts, read_html
from fbss_guide.pdf.mcid_text import numbered_content, text_of
from fbss_guide.pdf.spaces import count_lost_spaces
from fbss_guide.pdf.split_runs import reading_key
from fbss_guide.pdf.tree import Node, PageIndex, read_tree, text_key

LIST_KIDS = {"LI", "L"}
ITEM_KIDS = {"Lbl", "LBody"}


def html_counts(facts: HtmlFacts) -> dict[str, int]:
    """How many tables, sections and lists the HTML has, by PDF structure type."""
    counts = facts.tags
    return {
        "Table": counts["table"],
        "Sect": counts["section"],
        "L": counts["ul"] + counts["ol"] + counts["dl"],
    }


def check_tag_tree(source: bytes | Path, html: str | None = None) -> list[str]:
    """Problems with the tag tree of a PDF (bytes or a file); empty when it passes."""
    data = source.read_bytes() if isinstance(source, Path) else source
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.Root.get("/StructTreeRoot") is None:
            return ["no structure tree"]
        return tag_tree_problems(pdf, read_pages(pdf), html)


def tag_tree_problems(
    pdf: pikepdf.Pdf,
    pages_content: list[PageContent],
    html: str | None = None,
    facts: HtmlFacts | None = None,
    tree: Node | None = None,
) -> list[str]:
    """`check_tag_tree` on an open PDF that has a tree, with its pages as `read_pages`
    gives them (or as the repair left them: the same model, without parsing again).
    `facts` is `read_html(html)`, when the caller has it already."""
    if tree is None:
        tree = read_tree(pdf.Root.StructTreeRoot, PageIndex(pdf))
    if html is not None and facts is None:
        facts = read_html(html)
    problems = structure_problems(tree, facts)
    elements = list(tree.walk())

    tagged = set(tree.refs())
    text = text_of(pages_content)
    orphans = sorted(numbered_content(pages_content) - tagged)
    if orphans:
        sample = "; ".join(repr(text.get(key, "")[:30]) for key in orphans[:3])
        problems.append(
            f"{len(orphans)} marked-content sequences are outside the tag tree and not "
            f"artifacts (e.g. {sample})"
        )
    symbols: Counter[str] = Counter()
    for element in elements:
        if element.children or "/ActualText" in element.obj:
            continue
        words = "".join(text.get(ref, "") for ref in element.refs())
        if symbol_only(words):
            symbols[words.strip()] += 1
    if symbols:
        listed = ", ".join(f"{text!r} x{count}" for text, count in symbols.most_common())
        problems.append(
            f"tagged text is only symbols, which a screen reader reads by their Unicode "
            f"names: {listed}"
        )
    # With the HTML's words, a line end inside a word too long for its cell is no lost space.
    html_words = read_html_text(html).words if html is not None else None
    problems += joined_words_problems(count_lost_spaces(pages_content, html_words))
    if facts is not None:
        # Every element with a /Lang, by type, language and words: one pass, however
        # many parts the page has in another language (the bilingual edition: hundreds).
        marked = {
            (element.kind, str(element.obj.Lang), text_key(element.text(text)))
            for element in elements
            if "/Lang" in element.obj
        }
        # An element a page break cut into two table rows has its /Lang on each piece.
        pieces: dict[tuple[str, str], list[str]] = {}
        for element in elements:
            if "/Lang" in element.obj:
                key = (element.kind, str(element.obj.Lang))
                pieces.setdefault(key, []).append(reading_key(element.text(text)))
        for kind, lang, words in facts.parts:
            if (kind, lang, text_key(words)) not in marked and not _in_pieces(
                pieces.get((kind, lang), []), reading_key(words)
            ):
                problems.append(
                    f"the {kind} in '{lang}' ({words.strip()[:40]!r}) has no /Lang {lang}"
                )
    return problems


def _in_pieces(keys: list[str], target: str) -> bool:
    """Whether entries of `keys` (the words of the elements of one type and language,
    in reading order) make up `target` one after the other; others may come between
    (the row's other cell, in English too, between two pieces of a cut row)."""
    for start, key in enumerate(keys):
        if not key or not target.startswith(key):
            continue
        at = len(key)
        for other in keys[start + 1 :]:
            if at == len(target):
                break
            if other and target.startswith(other, at):
                at += len(other)
        if at == len(target):
            return True
    return False


def structure_problems(tree: Node, facts: HtmlFacts | None = None) -> list[str]:
    """The checks of the tree's shape: what the repair's merge of page fragments must
    get right, and cannot promise for a template it has not met. (What the repair
    does by construction, artifacts, silent symbols, spaces and /Lang, is checked
    again by `tag_tree_problems`, for any PDF.)"""
    problems: list[str] = []
    elements = list(tree.walk())
    kinds = Counter(element.kind for element in elements)
    for element in elements:
        kind = element.kind
        children = element.children
        inside = {child.kind for child in children}
        if kind == "L" and inside - LIST_KIDS:
            problems.append(f"a list (L) holds {', '.join(sorted(inside - LIST_KIDS))}")
        if kind == "LI" and inside - ITEM_KIDS:
            problems.append(f"a list item (LI) holds {', '.join(sorted(inside - ITEM_KIDS))}")
        if kind == "LI" and "LBody" not in inside:
            problems.append("a list item (LI) has no body (LBody)")
        if kind == "Table" and "Caption" not in inside:
            problems.append("a Table has no Caption (a table cut at a page break?)")
        if kind == "Sect" and (not children or children[0].kind not in HEADINGS):
            problems.append("a Sect does not start with a heading (a section cut at a page?)")
    if kinds["Part"] > 1:
        problems.append(f"{kinds['Part']} Part elements: one per page instead of one")
    if facts is not None:
        for kind, expected in html_counts(facts).items():
            if kinds[kind] != expected:
                problems.append(
                    f"{kinds[kind]} {kind} elements for {expected} in the HTML "
                    "(fragments of one element, or lost ones)"
                )
    return problems


def joined_words_problems(joined: list[str]) -> list[str]:
    if not joined:
        return []
    return [
        f"{len(joined)} line ends run two words together for a screen reader "
        f"(e.g. {', '.join(repr(sample) for sample in joined[:3])})"
    ]
