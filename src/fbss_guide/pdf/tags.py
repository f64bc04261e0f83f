"""Repair the tag tree WeasyPrint 70 writes, so it has one element per HTML element.

WeasyPrint builds the structure tree page by page (Kozea/WeasyPrint #1836, #2482):

- each page gets its own /Part, and a section, table or list that crosses a page break
  becomes one element per page; a table's header row, repeated on the next page, is
  tagged again as content;
- running headers and footers (@page margin boxes) are marked content whose parent is
  not in the tree, so a screen reader meets orphans;
- `lang` on an element inside the page is lost (only the catalog has /Lang);
- the label symbols (✔ ●●○○ ◐ ⚠) are read out as "heavy check mark", "black black",
  although the words next to them already carry the meaning.

`repair` (on an open PDF, for the build) and `fix_tags` (bytes in, bytes out) rewrite the
tree after WeasyPrint writes the file: they merge the page fragments, drop repeated
header rows, set /Lang from the HTML, give symbol-only spans an empty /ActualText,
rebuild the /ParentTree, mark every sequence left outside the tree as an /Artifact and
put back the spaces lost at line breaks (pdf/spaces.py). The result is written
deterministically (same bytes for the same input).
"""

from __future__ import annotations

import io
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, ClassVar

import pikepdf

from fbss_guide.guide.labels import symbol_only
from fbss_guide.pdf.attributes import set_header_scopes, set_list_numbering, silence_figure_text
from fbss_guide.pdf.bidi import set_logical_text
from fbss_guide.pdf.birows import join_cut_bilingual_rows
from fbss_guide.pdf.content import Begin, PageContent, read_pages, text_of
from fbss_guide.pdf.html_text import read_html_text
from fbss_guide.pdf.hyphens import silence_added_hyphens
from fbss_guide.pdf.marks import fix_mark_mappings
from fbss_guide.pdf.rows import join_cut_rows
from fbss_guide.pdf.spaces import restore_line_end_spaces

# What a running header's or footer's BDC becomes.
ARTIFACT_BDC = b"/Artifact <</Type /Pagination>> BDC"
HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}
# HTML elements WeasyPrint tags with their own structure type (weasyprint/pdf/tags.py).
HTML_TO_PDF = {
    "p": "P",
    "ul": "L",
    "ol": "L",
    "dl": "L",
    "li": "LI",
    "span": "Span",
    "bdi": "Span",
    "div": "Div",
    "section": "Sect",
    "table": "Table",
    "caption": "Caption",
    "h1": "H1",
    "h2": "H2",
    "h3": "H3",
    "a": "Link",
}


def _kind(element: Any) -> str:
    return str(element.get("/S", ""))[1:]


def is_element(item: Any) -> bool:
    return isinstance(item, pikepdf.Dictionary) and "/S" in item


def kids(element: Any) -> list[Any]:
    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def child_elements(element: Any) -> list[Any]:
    return [kid for kid in kids(element) if is_element(kid)]


def walk(element: Any) -> Iterator[Any]:
    """Structure elements below `element`, depth first (reading order)."""
    for kid in child_elements(element):
        yield kid
        yield from walk(kid)


def content_refs(element: Any, page: Any = None) -> Iterator[tuple[Any, int]]:
    """(page object, MCID) of every marked-content sequence under `element`, in order."""
    page = element.get("/Pg", page)
    for kid in kids(element):
        if isinstance(kid, int):
            yield page, int(kid)
        elif isinstance(kid, pikepdf.Dictionary):
            if "/MCID" in kid:
                yield kid.get("/Pg", page), int(kid.MCID)
            elif "/S" in kid:
                yield from content_refs(kid, page)


class PageIndex:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}

    def of(self, page: Any) -> int:
        return self.index.get(page.objgen, -1) if page is not None else -1


# A marked-content kid: (page index, MCID) as `content_refs` finds it (the page may come
# from an ancestor), and the page index of the kid's or its
# element's own /Pg only (-1 when neither has one).
Ref = tuple[int, int, int]  # page, own page, MCID


@dataclass(eq=False)
class Node:
    """A structure element read once into Python objects.

    Every pikepdf lookup is a call into C++, and the repair and the checks look at each
    element many times (its type, its kids, its text): `read_tree` copies the tree once,
    after the fragments are merged, and both work on the copy. `obj` is the element,
    for the attributes they set or read once (/Lang, /ActualText)."""

    obj: Any
    kind: str
    items: list[Node | Ref]  # the kids in order: child elements and marked content
    annotations: list[tuple[int, int]] = field(default_factory=list)  # OBJR targets

    @property
    def children(self) -> list[Node]:
        return [item for item in self.items if isinstance(item, Node)]

    def walk(self) -> Iterator[Node]:
        """Structure elements below this one, depth first (reading order)."""
        for item in self.items:
            if isinstance(item, Node):
                yield item
                yield from item.walk()

    def refs(self) -> Iterator[tuple[int, int]]:
        """(page index, MCID) of every marked-content sequence below, in order."""
        for item in self.items:
            if isinstance(item, Node):
                yield from item.refs()
            else:
                yield item[0], item[2]

    def text(self, text: dict[tuple[int, int], str]) -> str:
        """The element's words as the HTML has them: without list labels ("1.", "•")
        and without the text drawn in a picture (an SVG's labels)."""
        if self.kind in ("Lbl", "Figure"):
            return ""
        parts = []
        for item in self.items:
            if isinstance(item, Node):
                parts.append(item.text(text))
            else:
                parts.append(text.get((item[1], item[2]), ""))
        return "".join(parts)


def read_tree(element: Any, pages: PageIndex, page: Any = None) -> Node:
    """Copy the structure tree below `element` (the /StructTreeRoot, or an element)."""
    kid_kinds = [(kid, _element_kind(kid)) for kid in kids(element)]
    return _node(element, _kind(element), kid_kinds, pages, page, read_tree)


def _node(
    element: Any,
    kind: str,
    kid_kinds: list[tuple[Any, str]],
    pages: PageIndex,
    page: Any,
    child: Callable[[Any, PageIndex, Any], Node],
) -> Node:
    """The copy of `element`, whose kids and their types are `kid_kinds`; `child` copies
    a kid that is an element (`read_tree`, or the merge as it goes down the tree)."""
    own = element.get("/Pg")
    inherited = own if own is not None else page
    items: list[Node | Ref] = []
    annotations: list[tuple[int, int]] = []
    for kid, kid_kind in kid_kinds:
        if kid_kind:
            items.append(child(kid, pages, inherited))
        elif isinstance(kid, int):
            items.append((pages.of(inherited), pages.of(own), int(kid)))
        elif isinstance(kid, pikepdf.Dictionary):
            if "/MCID" in kid:
                kid_page = kid.get("/Pg")
                if kid_page is None:
                    items.append((pages.of(inherited), pages.of(own), int(kid.MCID)))
                else:
                    number = pages.of(kid_page)
                    items.append((number, number, int(kid.MCID)))
            elif "/Obj" in kid:  # an object reference: a link's annotation
                annotations.append(kid.Obj.objgen)
    return Node(element, kind, items, annotations)


# --- merging page fragments -------------------------------------------------------


def _first_kind(element: Any) -> str:
    children = child_elements(element)
    return _kind(children[0]) if children else ""


def _heading_level(kind: str) -> int:
    """1 for H1 ... 6 for H6; 0 for a plain H, which has no level."""
    return int(kind[1:]) if len(kind) == 2 else 0


def _continues(before: Any, after: Any, kind: str, pages: PageIndex) -> bool:
    """Is `after` the next page's fragment of the same HTML element as `before`? Both
    are of type `kind`."""
    if kind in {"Part", "TBody"}:
        return True  # one <main>, one <tbody> per table
    if kind == "Table":
        # A table starts with its caption; the next page's fragment has none.
        return "Caption" not in {_kind(kid) for kid in child_elements(after)}
    if kind == "Sect":
        heading = _first_kind(after)
        if heading not in HEADINGS:
            return True
        # A sub-heading (h3) at the top of a page is still inside the section: a new
        # section opens with a heading of the same level as the one before it did.
        opening = _first_kind(before)
        return opening in HEADINGS and _heading_level(heading) > _heading_level(opening)
    if kind in {"L", "Div"}:
        if kind == "Div" and _first_kind(after) in HEADINGS:
            return False
        last = [pages.of(page) for page, _ in content_refs(before)]
        first = next(content_refs(after), None)
        return bool(last) and first is not None and pages.of(first[0]) == last[-1] + 1
    return False


def _header_ids(table: Any) -> list[str]:
    head = [kid for kid in child_elements(table) if _kind(kid) == "THead"]
    if not head:
        return []
    return [str(cell.ID) for cell in walk(head[0]) if "/ID" in cell]


def _drop_repeated_header(table: Any, first: Any) -> None:
    """The header row WeasyPrint repeats on the next page is decoration: remove it and
    point the cells' /Headers at the first page's header cells."""
    mapping = dict(zip(_header_ids(table), _header_ids(first), strict=False))
    table.K = pikepdf.Array([kid for kid in kids(table) if _kind(kid) != "THead"])
    for cell in walk(table):
        attributes = cell.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array(
                [pikepdf.String(mapping.get(str(h), str(h))) for h in attributes.Headers]
            )


def _absorb(target: Any, fragment: Any) -> None:
    """Move the fragment's children into `target`; MCIDs keep their own page."""
    # The fragment's header row is a repeat only if the table has one already: when the
    # caption ends a page and the rows start the next (a tall caption, as the treatment
    # table's key makes), the header row on the next page is the table's only one.
    if _kind(target) == "Table" and _header_ids(target):
        _drop_repeated_header(fragment, target)
    page = fragment.get("/Pg")
    moved = []
    for kid in kids(fragment):
        if isinstance(kid, int):
            kid = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page, MCID=kid)
        elif is_element(kid):
            kid.P = target
            if "/Pg" not in kid and page is not None:
                kid.Pg = page
        moved.append(kid)
    target.K = pikepdf.Array(kids(target) + moved)


def _element_kind(item: Any) -> str:
    """The structure type of a kid, "" when it is not a structure element (an MCID, a
    marked-content or object reference): one lookup, where `is_element` and `_kind`
    would make two calls into pikepdf."""
    if isinstance(item, pikepdf.Dictionary):
        kind = item.get("/S")
        if kind is not None:
            return str(kind)[1:]
    return ""


def merge_fragments(element: Any, pages: PageIndex, page: Any = None) -> Node:
    """Merge the page fragments below `element` into one element per HTML element, and
    return the merged tree's copy (as `read_tree` would read it afterwards: the copy is
    made on the same way down, after each element's kids are merged)."""
    value = element.get("/K")
    merged: list[tuple[Any, str]] = []  # kid, its structure type ("" if not an element)
    absorbed = False
    kid_list = [] if value is None else list(value) if isinstance(value, pikepdf.Array) else [value]
    for kid in kid_list:
        kind = _element_kind(kid)
        if (
            kind
            and merged
            and kind == merged[-1][1]
            and _continues(merged[-1][0], kid, kind, pages)
        ):
            _absorb(merged[-1][0], kid)
            absorbed = True
            continue
        merged.append((kid, kind))
    # Written back only when it changed (every element's /K rewritten cost more than
    # the rest of the merge); a single kid becomes an array, as it always did.
    if value is not None and (absorbed or not isinstance(value, pikepdf.Array)):
        element.K = pikepdf.Array([kid for kid, _ in merged])
        # the stored kids, should any be direct objects
        merged = [(kid, kind) for kid, (_, kind) in zip(kids(element), merged, strict=True)]
    return _node(element, _kind(element), merged, pages, page, merge_fragments)


# --- language of parts in another language -----------------------------------------


class _HtmlReader(HTMLParser):
    """One pass over the HTML for the repair and the check: how many of each element
    there are, and the elements whose lang differs from their parent's, or that set it
    themselves: (PDF type, lang, text). An element that says its language although the
    page is in the same one (the translated column of the bilingual edition, beside the
    English one) gets its /Lang too, so each column says what it is."""

    VOID: ClassVar[frozenset[str]] = frozenset({"meta", "link", "img", "br", "col", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, int | None]] = []  # tag, lang, index in found
        self.found: list[tuple[str, str, list[str]]] = []
        self.open: list[int] = []  # indexes in found of the elements now open
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag in self.VOID:
            return
        parent = self.stack[-1][1] if self.stack else ""
        own = dict(attrs).get("lang") if attrs else None
        lang = own or parent
        index = None
        if self.stack and own and tag in HTML_TO_PDF:
            index = len(self.found)
            self.found.append((HTML_TO_PDF[tag], lang, []))
            self.open.append(index)
        self.stack.append((tag, lang, index))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            closed, _, index = self.stack.pop()
            if index is not None:
                self.open.remove(index)
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        for index in self.open:
            self.found[index][2].append(data)


@dataclass(frozen=True)
class HtmlFacts:
    """What the repair and the tag-tree check compare the PDF with."""

    parts: list[tuple[str, str, str]]  # (PDF structure type, lang, text) in another language
    tags: Counter[str]  # how many of each HTML element


def read_html(html: str) -> HtmlFacts:
    reader = _HtmlReader()
    reader.feed(html)
    reader.close()
    parts = [(kind, lang, "".join(text)) for kind, lang, text in reader.found]
    return HtmlFacts(parts, reader.tags)


def other_language_parts(html: str) -> list[tuple[str, str, str]]:
    """(PDF structure type, lang, text) of each HTML element in another language."""
    return read_html(html).parts


def text_key(text: str) -> str:
    """Compare text independent of line breaks, hyphenation and bidi storage order
    (WeasyPrint stores right-to-left runs in visual order)."""
    return "".join(sorted(filter(str.isalnum, text)))


def set_languages(
    tree: Node,
    parts: list[tuple[str, str, str]],
    text: dict[tuple[int, int], str],
    page_objects: list[Any] | None = None,
) -> list[str]:
    """Set /Lang on the structure element of each HTML element in another language
    (`other_language_parts`): the first unused element of its type, in reading order,
    with the same words. An inline element WeasyPrint split at line breaks is joined
    into one element first (`SplitRunFinder`; `page_objects` are the PDF's page
    dictionaries). Returns the parts it could not find.

    Elements are read in order only as far as a part needs (a handout has a few such
    parts near the top), and indexed by their words, so the bilingual edition, where
    every block of one column is such a part, costs one pass instead of one per part."""
    wanted_kinds = {kind for kind, _, _ in parts}
    by_kind: dict[str, list[Node]] = {}
    position: dict[int, int] = {}  # id -> place in reading order
    for place, element in enumerate(tree.walk()):
        position[id(element)] = place
        if element.kind in wanted_kinds:
            by_kind.setdefault(element.kind, []).append(element)
    pending = {kind: iter(elements) for kind, elements in by_kind.items()}  # not indexed yet
    unused: dict[tuple[str, str], deque[Node]] = {}  # (type, words) -> in reading order
    taken: set[int] = set()  # ids of elements given a /Lang, or joined into another
    keys: dict[int, str] = {}

    def key_of(element: Node) -> str:
        if id(element) not in keys:
            keys[id(element)] = text_key(element.text(text))
        return keys[id(element)]

    finder: SplitRunFinder | None = None  # made at the first part not found whole
    missing = []
    for kind, lang, words in parts:
        wanted = (kind, text_key(words))
        found = unused.get(wanted)
        while found and id(found[0]) in taken:
            found.popleft()
        while not found:
            candidate = next(pending.get(kind, iter(())), None)
            if candidate is None:
                break
            if id(candidate) in taken:
                continue
            unused.setdefault((kind, key_of(candidate)), deque()).append(candidate)
            found = unused.get(wanted)
        if finder is None:
            finder = SplitRunFinder(tree, key_of, text)
        run = finder.find(kind, words, taken)
        # A whole element found further on may be one line of a later part with the same
        # first words: in a Spanish draft, 'Platelet-rich plasma (PRP)', a treatment's
        # name that wrapped in its cell, matched the first line of the English sentence
        # 'Platelet-rich plasma (PRP) is your own blood...' pages later, which then
        # found no element. Whichever comes first in reading order is this part's.
        if found and (run is None or _place(run, kind, position) > position[id(found[0])]):
            element = found.popleft()
        else:
            if run is None or page_objects is None:
                # Split by a page break inside a table row (a row WeasyPrint cuts in
                # two): the pieces are in two rows; each gets the /Lang.
                spread = find_spread_pieces(tree, kind, words, text, taken)
                if not spread:
                    missing.append(f"{kind} in '{lang}': {words.strip()[:40]!r}")
                for piece in spread:
                    taken.add(id(piece))
                    piece.obj.Lang = pikepdf.String(lang)
                continue
            # The pieces leave the tree, the first one grows: none may match again.
            pieces = [node for slot in run[1] for node in (slot, *slot.walk())]
            taken.update(id(node) for node in pieces)
            for node in pieces:
                keys.pop(id(node), None)
            element = join_split_run(*run, kind, page_objects)
        taken.add(id(element))
        element.obj.Lang = pikepdf.String(lang)
    return missing


# --- inline elements split at line breaks -------------------------------------------
#
# WeasyPrint 70 tags an inline element once per line box it lies on: a <span> over two
# lines becomes two sibling /Span elements, each with part of its words (inside a
# <strong>, each piece sits in a piece of the strong's own element). No single element
# then has the words of the HTML element, so the English sentences of a draft (a
# <span lang="en"> around each untranslated entry) could not get their /Lang. The
# repair joins such a run into its first element: one element per HTML element again.


def _place(run: tuple[Node, list[Node]], kind: str, position: dict[int, int]) -> int:
    """Where a split run's first piece stands in reading order (`position`)."""
    first = _piece(run[1][0], kind)
    return position.get(id(first), 0) if first is not None else 0


def _piece(slot: Node, kind: str) -> Node | None:
    """The element of type `kind` that `slot` is, or holds as its only content through
    wrappers (the pieces of an enclosing inline element); None if neither."""
    while slot.kind != kind:
        if len(slot.items) != 1 or not isinstance(slot.items[0], Node):
            return None
        slot = slot.items[0]
    return slot


class SplitRunFinder:
    """Finds runs of siblings that hold a split element's words (`find`).

    A draft of a new language has hundreds of English parts that wrap; looking through
    the whole tree for each took seconds per edition. The tree's elements are listed
    once, and the possible first pieces of a run indexed by their first letters in
    reading order, so a part looks only at runs that start with its own words. (A part
    with right-to-left text, stored in visual order, is looked for in every run.)"""

    PREFIX = 6

    def __init__(self, tree: Node, key_of: Callable[[Node], str], text: dict[tuple[int, int], str]):
        self.parents = [element for element in (tree, *tree.walk()) if element.children]
        self.key_of = key_of
        self.text = text
        self.starts: dict[str, dict[str, list[tuple[Node, Node]]]] = {}  # kind -> index

    def _index(self, kind: str) -> dict[str, list[tuple[Node, Node]]]:
        if kind not in self.starts:
            index: dict[str, list[tuple[Node, Node]]] = {}
            for parent in self.parents:
                for slot in parent.children:
                    piece = _piece(slot, kind)
                    if piece is not None:
                        start = reading_key(piece.text(self.text))[: self.PREFIX]
                        index.setdefault(start, []).append((parent, slot))
            self.starts[kind] = index
        return self.starts[kind]

    def find(self, kind: str, words: str, taken: set[int]) -> tuple[Node, list[Node]] | None:
        """The parent and the first run, in reading order, of two or more consecutive
        siblings of one type, each an element of type `kind` or its wrapper (`_piece`),
        none of them in `taken` (ids), whose words together are `words` (compared by
        `text_key`: the letters and digits, sorted)."""
        key = text_key(words)
        if _has_right_to_left(words):
            starts = [(parent, slot) for parent in self.parents for slot in parent.children]
        else:
            first = reading_key(words)
            index = self._index(kind)
            starts = [
                start for n in range(1, self.PREFIX + 1) for start in index.get(first[:n], [])
            ]
        for parent, slot in starts:
            siblings = parent.children
            position = next((i for i, item in enumerate(siblings) if item is slot), None)
            if position is None:
                continue  # joined into another element since
            run = self._run_from(siblings, position, kind, key, taken)
            if run is not None:
                return parent, run
        return None

    def _run_from(
        self, siblings: list[Node], start: int, kind: str, key: str, taken: set[int]
    ) -> list[Node] | None:
        first = siblings[start]
        piece = _piece(first, kind)
        if piece is None or id(piece) in taken or not self.key_of(piece):
            return None
        letters = ""
        for end in range(start, len(siblings)):
            slot = siblings[end]
            piece = _piece(slot, kind)
            if slot.kind != first.kind or piece is None or id(piece) in taken:
                return None
            letters += self.key_of(piece)
            if len(letters) >= len(key):
                if end > start and "".join(sorted(letters)) == key:
                    return siblings[start : end + 1]
                return None
        return None


def _has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def reading_key(text: str) -> str:
    """The letters and digits of a text in their order (for left-to-right text, where
    the storage order is the reading order)."""
    return "".join(filter(str.isalnum, text))


def outer_pieces(tree: Node, kind: str) -> Iterator[Node]:
    """The elements of type `kind` not inside another of that type, in reading order."""

    def visit(node: Node) -> Iterator[Node]:
        for child in node.children:
            if child.kind == kind:
                yield child
            else:
                yield from visit(child)

    yield from visit(tree)


def find_spread_pieces(
    tree: Node, kind: str, words: str, text: dict[tuple[int, int], str], taken: set[int]
) -> list[Node]:
    """The pieces of an element that a page break cut apart into two parents (a table
    row split over two pages): elements of type `kind`, in reading order, each holding
    the next words of `words` and together all of them, the next one at most a page
    further on; elements in between (the row's other cells) are passed over. Empty when
    there is no such set of two or more."""
    target = reading_key(words)
    pieces: list[Node] = []
    at = page = 0
    for element in outer_pieces(tree, kind):
        if id(element) in taken or not target:
            continue
        key = reading_key(element.text(text))
        pages = [ref[0] for ref in element.refs()]
        if not key or not pages:
            continue
        if pieces and pages[0] > page + 1:
            pieces, at = [], 0  # too far from the last piece: not the same element
        if (pieces and target.startswith(key, at)) or (not pieces and target.startswith(key)):
            pieces.append(element)
            at, page = at + len(key), pages[-1]
            if at == len(target):
                return pieces if len(pieces) > 1 else []
    return []


def join_split_run(parent: Node, run: list[Node], kind: str, page_objects: list[Any]) -> Node:
    """Join a run `SplitRunFinder` found: the wrappers first, then the pieces of type
    `kind` they held, which are siblings then; return the joined element of `kind`."""
    joined = join_run(parent, run, page_objects)
    if joined.kind == kind:
        return joined
    return join_split_run(joined, joined.children, kind, page_objects)


def join_run(parent: Node, run: list[Node], page_objects: list[Any]) -> Node:
    """Join `run` (siblings under `parent`) into its first element, in the PDF and in
    the copy; the rebuilt /ParentTree and /P entries follow (`rebuild_parent_tree`). A
    moved marked-content kid names its page: the first element's page may differ (a
    span split at a page break)."""
    first, rest = run[0], run[1:]
    joined: list[Any] = list(kids(first.obj))
    for other in rest:
        # The copy's refs follow the marked-content kids in order (see `_node`).
        pages = iter(item[0] for item in other.items if not isinstance(item, Node))
        for kid in kids(other.obj):
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid):
                mcid = int(kid) if isinstance(kid, int) else int(kid.MCID)
                number = next(pages)
                if number >= 0:
                    kid = pikepdf.Dictionary(
                        Type=pikepdf.Name.MCR, Pg=page_objects[number], MCID=mcid
                    )
            elif is_element(kid) and "/Pg" not in kid and "/Pg" in other.obj:
                kid.Pg = other.obj.Pg  # it inherited the page from the element it leaves
            joined.append(kid)
        first.items.extend(other.items)
        first.annotations.extend(other.annotations)
    first.obj.K = pikepdf.Array(joined)
    gone = {other.obj.objgen for other in rest if other.obj.is_indirect}
    parent.obj.K = pikepdf.Array(
        [
            kid
            for kid in kids(parent.obj)
            if not (is_element(kid) and kid.is_indirect and kid.objgen in gone)
        ]
    )
    parent.items = [item for item in parent.items if not any(item is other for other in rest)]
    return first


# --- symbols, parent tree, artifacts ------------------------------------------------


def hide_symbols(tree: Node, text: dict[tuple[int, int], str]) -> None:
    """Give spans that hold only label symbols an empty /ActualText: the words beside
    them ("Probably helps", "Moderate") carry the meaning; "black black black" does not."""
    for element in tree.walk():
        if element.children:
            continue
        refs = list(element.refs())
        words = "".join(text.get(ref, "") for ref in refs)
        if refs and symbol_only(words):
            element.obj.ActualText = pikepdf.String("")


def rebuild_parent_tree(pdf: pikepdf.Pdf, tree: Node) -> set[tuple[int, int]]:
    """Point the /ParentTree of `tree` (the copy of the /StructTreeRoot after the merge)
    at the merged elements, and each element's /P at its parent; return the (page, MCID)
    pairs the tree holds."""
    root = tree.obj
    owners: dict[tuple[int, int], Any] = {}
    objects: dict[tuple[int, int], Any] = {}

    def visit(node: Node) -> None:
        for item in node.items:
            if isinstance(item, Node):
                item.obj.P = node.obj
                visit(item)
            else:
                owners[(item[0], item[2])] = node.obj
        for objgen in node.annotations:
            objects[objgen] = node.obj

    visit(tree)
    by_page: dict[int, list[int]] = {}
    for page_number, mcid in owners:
        by_page.setdefault(page_number, []).append(mcid)
    nums: list[tuple[int, Any]] = []
    for number, page in enumerate(pdf.pages):
        key = page.obj.get("/StructParents")
        if key is None:
            continue
        mine = by_page.get(number, [])
        size = max(mine) + 1 if mine else 0
        nums.append((int(key), pikepdf.Array([owners.get((number, i)) for i in range(size)])))
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation and annotation.objgen in objects:
                nums.append((int(annotation.StructParent), objects[annotation.objgen]))
    flat: list[Any] = []
    for number, value in sorted(nums, key=lambda item: item[0]):
        flat += [number, value]
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(flat)))
    root.ParentTreeNextKey = max((key for key, _ in nums), default=-1) + 1
    return set(owners)


def mark_artifacts(pages: list[PageContent], tagged: set[tuple[int, int]]) -> int:
    """Turn every numbered marked-content sequence the tree does not hold (running
    headers and footers, repeated table headers) into an /Artifact. Returns how many."""
    changed = 0
    for content in pages:
        for event in content.events:
            if not isinstance(event, Begin) or event.mcid is None:
                continue
            if (content.number, event.mcid) in tagged:
                continue
            content.replace(event, ARTIFACT_BDC)
            event.mcid, event.artifact = None, True
            changed += 1
    return changed


@dataclass
class Repaired:
    """What the repair could not mend, and the repaired tree as `read_tree` copies it."""

    missing: list[str]  # other-language parts whose element was not found
    joined: list[str]  # line ends left running two words together ('who|sells')
    tree: Node
    # Right-to-left text no HTML element matched: left in visual order (pdf/bidi.py).
    unordered: list[str] = field(default_factory=list)


def repair(
    pdf: pikepdf.Pdf,
    pages_content: list[PageContent],
    html: str,
    parts: list[tuple[str, str, str]] | None = None,
) -> Repaired:
    """Repair the open PDF's tag tree (it must have one) and content streams in place.

    `pages_content` is `read_pages(pdf)`; it is kept in step with the streams, so a
    check that follows can reuse it, and the tree. `parts` is
    `other_language_parts(html)`, when the caller has it already."""
    root = pdf.Root.StructTreeRoot
    pages = PageIndex(pdf)
    tree = merge_fragments(root, pages)
    text = text_of(pages_content)
    html_text = read_html_text(html)
    # A row of the bilingual edition a page break cut is one row again, its columns'
    # fragments merged (pdf/birows.py); so is a table row (pdf/rows.py).
    cuts = join_cut_bilingual_rows(
        tree, text, html_text, lambda element: merge_fragments(element, pages)
    )
    cuts += join_cut_rows(tree, text, html_text)
    if parts is None:
        parts = other_language_parts(html)
    missing = set_languages(tree, parts, text, [page.obj for page in pdf.pages])
    hide_symbols(tree, text)
    # Text for assistive technology from the HTML: right-to-left runs in logical order,
    # hyphenated words whole (pdf/bidi.py, pdf/hyphens.py).
    unordered = set_logical_text(tree, text, html_text)
    # /ListNumbering, /Scope, and figures' drawn text for their /Alt (pdf/attributes.py).
    elements = list(tree.walk())
    set_list_numbering(elements, html_text)
    set_header_scopes(elements, html_text)
    silence_figure_text(elements, pages_content)
    tagged = rebuild_parent_tree(pdf, tree)
    mark_artifacts(pages_content, tagged)
    joined = restore_line_end_spaces(pages_content, html_text.words, cuts)
    silence_added_hyphens(pages_content, html_text.words)
    for content in pages_content:
        content.write(pdf)
    # Nothing after the merge changes which element holds what: the copy is current.
    return Repaired(missing, joined, tree, unordered)


def save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    # deterministic_id: the file /ID comes from the content, so the same input gives
    # the same bytes (a test builds twice and compares).
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def fix_tags(data: bytes, html: str) -> tuple[bytes, list[str]]:
    """Return the repaired PDF and the other-language parts whose element was not found."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.Root.get("/StructTreeRoot") is None:
            return data, []
        fix_mark_mappings(pdf)  # before any text is read (pdf/marks.py)
        repaired = repair(pdf, read_pages(pdf), html)
        return save(pdf), repaired.missing
