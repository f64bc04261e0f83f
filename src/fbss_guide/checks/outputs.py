"""Check every built PDF in an output folder: PDF/UA structure and print legibility."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fbss_guide.checks.legibility import check_legibility
from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.checks.spoken_text import spoken_text_problems
from fbss_guide.editions import PAPER_SIZES_PT, PAPERS, EditionSpec
from fbss_guide.errors import Problem
from fbss_guide.formats import FORMATS

# <guide>-guide-<lang>-[<format>-]<paper>[-large-print][-<clinic>].pdf, as
# EditionRequest.stem names them (the handout has no format part).
NAME = re.compile(
    r"^(?P<guide>[a-z0-9-]+?)-guide-(?P<lang>[a-z]{2,3}(?:-[A-Z][A-Za-z0-9]{1,3})?)-"
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


def check_output_pdf(path: Path) -> PdfResult:
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
        structure = check_pdf(path, language)
        # What a screen reader gets, against the HTML the build wrote beside the PDF.
        source = path.with_suffix(".html")
        spoken = (
            spoken_text_problems(path, source.read_text(encoding="utf-8"))
            if source.is_file()
            else []
        )
        legibility = check_legibility(
            path,
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


def check_output_dir(out_dir: Path) -> tuple[list[PdfResult], list[Problem]]:
    results = [check_output_pdf(path) for path in sorted(out_dir.rglob("*.pdf"))]
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
