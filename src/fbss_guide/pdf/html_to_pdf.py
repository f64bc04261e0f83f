"""Write the tagged PDF with WeasyPrint, failing on anything WeasyPrint only logs.

WeasyPrint writes a PDF even when lang, title or alt text are missing (it logs an ERROR)
and draws a box for a glyph no font covers (it logs a WARNING). Both would reach a
patient unnoticed, so the build captures the `weasyprint` logger and turns them into
errors.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from fbss_guide.checks.spoken_text import compare_spoken_lines
from fbss_guide.checks.tag_tree import joined_words_problems, structure_problems
from fbss_guide.errors import BuildError
from fbss_guide.output_dir.atomic import atomic_write_bytes
from fbss_guide.pdf.content import read_pages
from fbss_guide.pdf.languages import read_html
from fbss_guide.pdf.marks import fix_mark_mappings
from fbss_guide.pdf.tags import repair, save
from fbss_guide.pdf.text import lines_of

PDF_VARIANT = "pdf/ua-1"
_NOTDEF = re.compile(r'\.notdef glyph rendered .*?"(.+)" \((U\+[0-9A-F]+)\)', re.S)


@dataclass
class RenderLog:
    """Everything WeasyPrint logged while rendering one document."""

    errors: list[str] = field(default_factory=list)
    missing_glyphs: dict[str, str] = field(default_factory=dict)  # codepoint -> character
    warnings: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    def __init__(self, log: RenderLog) -> None:
        super().__init__(level=logging.WARNING)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        message = _message(record)
        match = _NOTDEF.search(message)
        if match:
            self.log.missing_glyphs[match.group(2)] = match.group(1)
        elif record.levelno >= logging.ERROR:
            self.log.errors.append(message)
        else:
            self.log.warnings.append(message)


def _reason(error: BaseException) -> str:
    """An exception's words, or those of the error behind it: WeasyPrint raises its
    ImageLoadingError with no message, from Pillow's or the SVG parser's error."""
    current: BaseException | None = error
    while current is not None and not str(current).strip():
        current = current.__cause__ or current.__context__
    if current is None:
        return f"{type(error).__name__}, with no reason given"
    # Pillow names the in-memory buffer it read ("<_io.BytesIO object at 0x7f...>").
    return re.sub(r"\s*<_io\.\w+ object at 0x[0-9a-f]+>", "", str(current))


def _message(record: logging.LogRecord) -> str:
    """The logged message, with an empty exception replaced by the reason behind it."""
    if isinstance(record.args, tuple) and any(
        isinstance(arg, BaseException) for arg in record.args
    ):
        args = tuple(_reason(a) if isinstance(a, BaseException) else a for a in record.args)
        message = str(record.msg) % args
        if str(record.msg).startswith("Failed to load image"):
            message += (
                " (the file is damaged, or is not the kind of image its name says: open "
                "it in an image program and save it again as a PNG)"
            )
        return message
    return record.getMessage()


@contextmanager
def capture_weasyprint_log() -> Iterator[RenderLog]:
    log = RenderLog()
    logger = logging.getLogger("weasyprint")
    handler = _Collector(log)
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield log
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def render_pdf(
    html: str,
    name: str,
    *,
    language: str,
    base_dir: Path,
    allowed_dirs: list[Path],
) -> tuple[bytes, int]:
    """Render HTML to tagged PDF/UA-1 bytes; return them and the page count.

    `name` (the target file's name) only labels error messages.
    """
    # Imported here, not at the top: WeasyPrint takes about a second to import, and a
    # build with nothing to render must not pay for it.
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    from fbss_guide.pdf.fetcher import SafeFetcher

    fetcher = SafeFetcher(allowed_dirs)
    with capture_weasyprint_log() as log:
        try:
            document = HTML(
                string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
            ).render()
            data = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
        except FatalURLFetchingError as exc:
            reason = fetcher.refused[-1] if fetcher.refused else str(exc)
            raise BuildError(f"{name}: refused to load a resource: {reason}") from None
    problems: list[str] = []
    if fetcher.refused:
        problems += [f"refused to load a resource: {reason}" for reason in fetcher.refused]
    if log.missing_glyphs:
        listed = ", ".join(
            f"'{char}' ({code})" for code, char in sorted(log.missing_glyphs.items())
        )
        problems.append(
            f"no installed font has a glyph for {listed} in language '{language}'; "
            "the PDF would print empty boxes. Remove the characters or install a font "
            "that covers them"
        )
    problems += [f"WeasyPrint error: {message}" for message in log.errors]
    if not problems:
        data, tag_problems = repair_and_check_tags(data, html)
        if tag_problems:
            # A few samples and a count, not a wall of one kind of finding.
            shown = "; ".join(tag_problems[:5])
            if len(tag_problems) > 5:
                shown += f"; and {len(tag_problems) - 5} more"
            problems.append(
                "the PDF's tag tree is wrong for screen readers: "
                + shown
                + ". A template change the repair step does not know? See 'The tag tree "
                "after WeasyPrint' in docs/architecture.md"
            )
    if problems:
        raise BuildError(f"{name}: " + "; ".join(problems))
    return data, len(document.pages)


def repair_and_check_tags(data: bytes, html: str) -> tuple[bytes, list[str]]:
    """Repair the tag tree of WeasyPrint's PDF, then check the result; return the
    repaired PDF and the problems left (empty when it passes).

    WeasyPrint's tag tree is cut per page and leaves running headers outside it. The
    repair reports what it could not mend (a part in another language it did not find,
    a line end with no space to put back); the tree's shape, which depends on the
    templates, is checked after it. What the repair does by construction (artifacts,
    silent symbols) is checked again, with the rest, in the tests and in
    'fbss-guide check --pdf'. The repair and the check share one open PDF and one
    reading of each page's content stream (pdf.content.read_pages).
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.Root.get("/StructTreeRoot") is None:
            return data, ["no structure tree"]
        facts = read_html(html)
        # A mark's glyph read with a letter not there (pdf/marks.py): before any text is read.
        fix_mark_mappings(pdf)
        pages = read_pages(pdf)
        repaired = repair(pdf, pages, html, facts.parts)
        problems = [f"no tagged element for the HTML {part}" for part in repaired.missing]
        problems += joined_words_problems(repaired.joined)
        problems += structure_problems(repaired.tree, facts)
        # What a screen reader reads, word by word, against the HTML: the check
        # 'fbss-guide check --pdf' runs, here on the pages and tree the repair left.
        spoken = lines_of(repaired.tree, pages, labels=False)
        problems += compare_spoken_lines(spoken, repaired.html_text).problems
        return save(pdf), problems


def html_to_pdf(
    html: str,
    target: Path,
    *,
    language: str,
    base_dir: Path,
    allowed_dirs: list[Path],
) -> int:
    """Render HTML to a tagged PDF/UA-1 file atomically; return the page count."""
    data, pages = render_pdf(
        html, target.name, language=language, base_dir=base_dir, allowed_dirs=allowed_dirs
    )
    atomic_write_bytes(target, data)
    return pages
