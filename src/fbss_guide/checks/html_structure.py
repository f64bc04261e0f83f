"""Structural rules for the generated HTML, checked before it is turned into a PDF.

The same rules serve the PDF's source HTML and any standalone web edition: language and
direction set, a title, one h1, headings without skipped levels, tables with a caption
and scoped header cells, images with alt text.
"""

from __future__ import annotations

from html.parser import HTMLParser
from itertools import pairwise

# Keyboard stops a reader may Tab through before the list of sources, at most: the
# skip links, the clinic's links, a few in the text (WCAG 2.4.1, 2.4.3). Citation
# numbers are not stops (124 of them in the English page, one every few words).
MAX_STOPS_BEFORE_SOURCES = 15
_FOCUSABLE = frozenset({"button", "input", "select", "textarea", "summary"})


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.lang: str | None = None
        self.direction: str | None = None
        self.title = ""
        self.in_title = False
        self.headings: list[int] = []
        self.tables: list[dict[str, int]] = []
        self.stack: list[str] = []
        self.viewport = False
        self.ids_with_tabindex: set[str] = set()
        self.skip_targets: list[str] = []
        self.unnamed_citations = 0
        self.spoken_symbols = 0
        self.keyboard_stops: list[str] = []  # each stop's tag, href or id, in Tab order
        self.ids_at_stop: dict[str, int] = {}  # id -> keyboard stops before it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if attributes.get("id"):
            self.ids_at_stop.setdefault(attributes["id"] or "", len(self.keyboard_stops))
        tabindex = attributes.get("tabindex")
        focusable = (tag == "a" and "href" in attributes) or tag in _FOCUSABLE
        if (focusable and tabindex != "-1" and "disabled" not in attributes) or (
            tabindex is not None and tabindex.lstrip("+").isdigit()
        ):
            self.keyboard_stops.append(attributes.get("href") or attributes.get("id") or tag)
        if attributes.get("tabindex") == "-1" and attributes.get("id"):
            self.ids_with_tabindex.add(attributes["id"] or "")
        if tag == "meta" and attributes.get("name") == "viewport":
            self.viewport = "width=device-width" in (attributes.get("content") or "")
        if tag == "a" and "skip-link" in classes:
            self.skip_targets.append((attributes.get("href") or "").lstrip("#"))
        if tag == "a" and "cite" in classes and not attributes.get("aria-label"):
            self.unnamed_citations += 1
        if "label-symbol" in classes and attributes.get("aria-hidden") != "true":
            self.spoken_symbols += 1
        if tag == "html":
            self.lang = attributes.get("lang")
            self.direction = attributes.get("dir")
        elif tag == "title":
            self.in_title = True
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append(int(tag[1]))
        elif tag == "img":
            if not (attributes.get("alt") or "").strip():
                self.problems.append(
                    # `<img src>` has the value None, not a string.
                    f"image '{(attributes.get('src') or '?')[:60]}' has no alt text "
                    "(decorative images belong in CSS backgrounds)"
                )
        elif tag == "table":
            self.tables.append({"th": 0, "th_without_scope": 0, "caption": 0})
        elif tag == "caption" and self.tables:
            self.tables[-1]["caption"] += 1
        elif tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
            if attributes.get("scope") not in {"col", "row", "colgroup", "rowgroup"}:
                self.tables[-1]["th_without_scope"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


def _walk(html: str) -> _Walker:
    walker = _Walker()
    walker.feed(html)
    walker.close()
    return walker


def check_html(html: str) -> list[str]:
    """Return a list of problems; empty when the HTML follows every rule."""
    return _problems(_walk(html))


def _problems(walker: _Walker) -> list[str]:
    problems = list(walker.problems)
    if not (walker.lang or "").strip():
        problems.append("<html> has no lang attribute")
    if walker.direction not in {"ltr", "rtl"}:
        problems.append("<html> has no dir attribute (ltr or rtl)")
    if not walker.title.strip():
        problems.append("<title> is missing or empty")
    if walker.headings.count(1) != 1:
        problems.append(f"expected exactly one h1, found {walker.headings.count(1)}")
    if walker.headings and walker.headings[0] != 1:
        problems.append(f"the first heading is h{walker.headings[0]}, not h1")
    for previous, current in pairwise(walker.headings):
        if current > previous + 1:
            problems.append(f"heading level skips from h{previous} to h{current}")
    for number, table in enumerate(walker.tables, start=1):
        if not table["caption"]:
            problems.append(f"table {number} has no caption")
        if not table["th"]:
            problems.append(f"table {number} has no header cells (th)")
        if table["th_without_scope"]:
            problems.append(f"table {number} has {table['th_without_scope']} th without scope")
    return problems


def keyboard_stops_before(html: str, element_id: str) -> int | None:
    """How many keyboard stops (links, form fields, tabindex >= 0, in document order)
    come before the element with this id; None if there is none. No tabindex above 0
    is written by the templates, so document order is Tab order."""
    return _walk(html).ids_at_stop.get(element_id)


def check_web_html(html: str, sources_id: str | None = None) -> list[str]:
    """The rules above, and those a page on a phone or with a screen reader needs."""
    walker = _walk(html)
    problems = _problems(walker)
    if not walker.viewport:
        problems.append(
            '<meta name="viewport" content="width=device-width, initial-scale=1"> is missing: '
            "a phone would show the page at a third of its size"
        )
    for target in walker.skip_targets:
        if target not in walker.ids_with_tabindex:
            problems.append(
                f"the skip link's target '#{target}' has no tabindex=\"-1\": focus would not "
                "move there"
            )
    if walker.unnamed_citations:
        problems.append(
            f"{walker.unnamed_citations} citation links have no aria-label "
            '(a screen reader says "7", not "Source 7")'
        )
    stops = walker.ids_at_stop.get(sources_id) if sources_id else None
    if stops is not None and stops > MAX_STOPS_BEFORE_SOURCES:
        problems.append(
            f"a keyboard reader presses Tab {stops} times to reach the sources (at most "
            f"{MAX_STOPS_BEFORE_SOURCES}): take citation links out of the Tab order "
            '(tabindex="-1") or link the skip links there'
        )
    if walker.spoken_symbols:
        problems.append(
            f"{walker.spoken_symbols} label symbols are not aria-hidden "
            '(read as "heavy check mark", "black black black")'
        )
    return problems
