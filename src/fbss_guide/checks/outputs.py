"""Check every built PDF in an output folder: PDF/UA structure and print legibility.

The folder is input like any other: only regular files inside it are read, with the
build's rules (inputs/safe_input.py). A FIFO named like an edition would block for ever, a
link to /dev/zero would never end, and a link out of the folder would read (and quote
in an error) a file that is not an edition. Each PDF is read once, without following
anything, into a private copy that the checks open.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fbss_guide.checks.legibility import check_legibility
from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.checks.spoken_text import spoken_text_problems
from fbss_guide.errors import Problem
from fbss_guide.formats import FORMATS
from fbss_guide.inputs.safe_input import InputRefused, read_input_bytes
from fbss_guide.project.editions import PAPER_SIZES_PT, PAPERS, EditionSpec

# The largest edition (bilingual, large print) is a few megabytes.
MAX_PDF_BYTES = 64 * 1024 * 1024

# <guide>-guide-<lang>-[<format>-]<paper>[-large-print][-<clinic>].pdf, as
# EditionRequest.stem names them (the handout has no format part).
NAME = re.compile(
    # formats/base.file_stem: '<id>-guide', or an id that already ends in 'guide'.
    r"^(?P<guide>(?:[a-z0-9-]*?-)?guide)-(?P<lang>[a-z]{2,3}(?:-[A-Z][A-Za-z0-9]{1,3})?)-"
    r"(?:(?P<format>" + "|".join(name for name in FORMATS if name != "handout") + r")-)?"
    r"(?P<paper>" + "|".join(PAPERS) + r")(?P<large>-large-print)?(?:-[a-z0-9-]+)?\.pdf$"
)


@dataclass(frozen=True)
class PdfResult:
    path: Path
    language: str
    edition: EditionSpec
    pages: int
    body_pt: float
    smallest_pt: float
    lowest_contrast: float
    problems: list[str]


def check_output_pdf(path: Path, root: Path | None = None) -> PdfResult:
    """Check one PDF; with `root`, only if it is a regular file inside that folder."""
    match = NAME.match(path.name)
    if not match:
        return PdfResult(
            path,
            "?",
            EditionSpec(),
            0,
            0,
            0,
            0,
            ["file name does not say language, paper and edition"],
        )
    language = match["lang"]
    edition = EditionSpec(match["paper"], bool(match["large"]), match["format"] or "handout")
    try:
        data = read_input_bytes(path, root if root is not None else path.parent, MAX_PDF_BYTES)
    except InputRefused as refused:
        return PdfResult(
            path,
            language,
            edition,
            0,
            0,
            0,
            0,
            [
                f"not read: {refused.message}. 'check --pdf' reads only regular files "
                "inside the folder it is given: remove this one, or rebuild with "
                "'fbss-guide build'"
            ],
        )
    with tempfile.TemporaryDirectory(prefix="fbss-check-pdf-") as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(data)
        return _check_copy(path, copy, language, edition)


def _check_copy(path: Path, copy: Path, language: str, edition: EditionSpec) -> PdfResult:
    try:
        structure = check_pdf(copy, language)
        # What a screen reader gets, against the HTML the build wrote beside the PDF
        # (read with the same rules as the PDF: a regular file inside the folder).
        spoken = spoken_text_problems(copy, html) if (html := _html_beside(path)) else []
        legibility = check_legibility(
            copy,
            PAPER_SIZES_PT[edition.paper or "a4"],
            edition.body_size_pt,
            edition.smallest_size_pt,
        )
    except Exception as error:  # pikepdf and pdfminer raise many types for a damaged file
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return PdfResult(
            path,
            language,
            edition,
            0,
            0,
            0,
            0,
            [f"cannot read the PDF ({reason}); rebuild it with 'fbss-guide build --force'"],
        )
    return PdfResult(
        path,
        language,
        edition,
        structure.page_count,
        legibility.body_pt,
        legibility.smallest_pt,
        legibility.lowest_contrast,
        structure.problems + legibility.problems + spoken,
    )


def _html_beside(path: Path) -> str | None:
    """The print HTML saved beside a PDF, if it is a regular file in the same folder."""
    source = path.with_suffix(".html")
    try:
        return read_input_bytes(source, path.parent, MAX_PDF_BYTES).decode("utf-8")
    except (InputRefused, UnicodeDecodeError, OSError):
        return None


def pdf_files(out_dir: Path) -> list[Path]:
    """The names ending in .pdf below a folder, found without following a symbolic link
    to a folder (what each name is, is checked when it is read)."""
    found = []
    for current, _dirs, files in os.walk(out_dir, followlinks=False):
        found += [Path(current) / name for name in files if name.endswith(".pdf")]
    return sorted(found)


def check_output_dir(out_dir: Path) -> tuple[list[PdfResult], list[Problem]]:
    root = out_dir.resolve()
    results = [check_output_pdf(path, root) for path in pdf_files(out_dir)]
    problems = [
        Problem(str(result.path), None, "", problem)
        for result in results
        for problem in result.problems
    ]
    if not results:
        problems.append(
            Problem(str(out_dir), None, "", "no PDF files found", "build first: fbss-guide build")
        )
    return results, problems
