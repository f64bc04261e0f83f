"""Fair quotes: every claim row quotes its saved page word for word, with the page
sentence's subject and hedges kept (fbss_guide.checks.quotes, run by `fbss-guide check`
and the build)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from checkout import DEFAULT_CONTENT

from fbss_guide.checks.quotes import check_quotes, normalise, parse_page, sources_dir
from fbss_guide.guide.content import load_guide
from fbss_guide.guide.model import Claims

MakeContent = Callable[[dict[str, str]], Path]
FBSS_GUIDE = Path(sys.executable).parent / "fbss-guide"

PAGE = (
    "Our clinic\n\n"
    "Our shots can cure  back pain\n in  some patients. In one case, a man walked again.\n"
    "Chronic pain after surgery is often from loose joints, but it has “other causes”.\n"
)
SOURCE_META = "url: unknown\nretrieved: unknown\nnote: Made up for this test.\n"

CLAIMS = """\
id: intro
heading: Claims
blocks:
  - kind: claims
    id: claims
    caption: Claims
    rows:
      - id: cure
        claim: {claim}
        verdict: not-supported
        evidence: No trial shows this.
        cite: [smith-2020]
        source: {source}
        quote: {quote}
"""


def _problems(make_content: MakeContent, **row: str) -> list[str]:
    values = {"source": "page", **row}
    content = make_content(
        {
            "sections/01-intro.yaml": CLAIMS.format(**values),
            "sources/page.txt": PAGE,
            "sources/page.yaml": SOURCE_META,
        }
    )
    return [p.format() for p in check_quotes(load_guide(content))]


def test_every_claim_in_the_handout_is_quoted_fairly_from_its_saved_page() -> None:
    guide = load_guide(DEFAULT_CONTENT)
    rows = [
        row
        for section in guide.sections
        for block in section.blocks
        if isinstance(block, Claims)
        for row in block.rows
    ]
    assert len(rows) >= 8, "the handout answers the clinic claims patients most need answered"
    assert check_quotes(guide) == []
    # The check is not vacuous: each quote really is on its page, read independently here.
    folder = sources_dir(DEFAULT_CONTENT)
    for row in rows:
        page = normalise((folder / f"{row.source}.txt").read_text(encoding="utf-8"))
        assert normalise(row.quote) in page, row.id
        assert (folder / f"{row.source}.yaml").is_file(), row.source


def test_whitespace_and_typographic_quotes_are_the_only_differences_allowed(
    make_content: MakeContent,
) -> None:
    spaced = _problems(
        make_content,
        claim="'\"Our shots can cure back pain in some patients.\"'",
        quote="'Our shots can cure back pain in some patients.'",
    )
    typographic = _problems(
        make_content,
        claim="'\"Chronic pain after surgery is often from loose joints …\"'",
        quote="'Chronic pain after surgery is often from loose joints, but it has "
        '"other causes".\'',
    )
    ok = spaced + typographic
    assert ok == []
    reworded = _problems(
        make_content,
        claim="'\"Our shots can cure back pain\"'",
        quote="'Our shots can cure back pain in most patients.'",
    )
    [problem] = reworded
    assert problem.startswith("content/sections/01-intro.yaml:9 [claims.cure.quote]")
    assert "not on page 'page' word for word" in problem
    assert "how to fix: copy the whole sentence" in problem


def test_a_quote_field_that_drops_a_hedge_or_the_subject_is_an_error(
    make_content: MakeContent,
) -> None:
    [hedge] = _problems(
        make_content,
        claim="'\"Our shots can cure back pain\"'",
        quote="'Our shots can cure back pain'",
    )
    assert "[claims.cure.quote]" in hedge and "drops the hedge 'some'" in hedge
    [subject] = _problems(
        make_content,
        claim="'\"is often from loose joints\"'",
        quote="'is often from loose joints, but it has \"other causes\".'",
    )
    assert "[claims.cure.quote]" in subject and "leaves out its subject" in subject
    assert "'Chronic pain after surgery' before 'is often from loose joints" in subject


def test_a_claim_that_quotes_nothing_is_an_error(make_content: MakeContent) -> None:
    [problem] = _problems(
        make_content,
        claim="'Shots cure back pain in some people.'",
        quote="'Our shots can cure back pain in some patients.'",
    )
    assert problem.startswith("content/sections/01-intro.yaml:9 [claims.cure.claim]")
    assert "quotes nothing from its page" in problem


def test_sentences_end_at_full_stops_and_paragraphs_but_not_after_titles() -> None:
    page = parse_page("A title\n\nDr. Smith said it may help. it was a case.\nwrapped on.")
    starts = [page.text[start:].split()[0] for start in page.sentence_starts]
    assert starts == ["A", "Dr."]  # no break after "Dr.", before "it" or a wrapped line


def test_bad_source_pages_and_their_metadata_are_errors(make_content: MakeContent) -> None:
    content = make_content(
        {
            "sections/01-intro.yaml": CLAIMS.format(
                claim="'\"In one case, a man walked again.\"'",
                source="page",
                quote="'In one case, a man walked again.'",
            ),
            "sources/page.txt": PAGE,
            "sources/page.yaml": "url: unknown\nretrieved: last week\n",
            "sources/Bad Name.txt": "text",
        }
    )
    problems = [p.format() for p in check_quotes(load_guide(content))]
    assert any("'Bad Name' cannot be a saved page's id" in p for p in problems)
    assert any(
        p.startswith("content/sources/page.yaml:2 [retrieved]") and "must be a date" in p
        for p in problems
    )
    assert any("[note]" in p and "why the address or date is unknown" in p for p in problems)


def _run_check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FBSS_GUIDE), "check", "--project", str(project), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# Four claim rows, each wrong in one way; appended to the starter project's claims table.
BAD_ROWS = """\
      - id: dropped-hedge
        claim: '"Our shots can cure back pain"'
        verdict: not-supported
        evidence: Clear, short text is easier to use.
        cite: [pemat-guide]
        source: example
        quote: Our shots can cure back pain in some patients.
      - id: changed-subject
        claim: >-
          Pain after surgery "is often from loose joints, but it has …"
        verdict: partly-true
        evidence: Clear, short text is easier to use.
        cite: [pemat-guide]
        source: example
        quote: >-
          Chronic pain after surgery is often from loose joints, but it has "other causes".
      - id: not-on-page
        claim: '"Our shots cure back pain in all patients."'
        verdict: not-supported
        evidence: Clear, short text is easier to use.
        cite: [pemat-guide]
        source: example
        quote: Our shots cure back pain in all patients.
      - id: unknown-page
        claim: '"More words make a guide better."'
        verdict: not-supported
        evidence: Clear, short text is easier to use.
        cite: [pemat-guide]
        source: no-such-page
        quote: More words make a guide better.
"""


def test_check_reports_each_unfair_quote_with_file_and_line_through_the_command(
    tmp_path: Path,
) -> None:
    project = tmp_path / "guide"
    made = subprocess.run(
        [str(FBSS_GUIDE), "new", str(project)], capture_output=True, text=True, check=False
    )
    assert made.returncode == 0, made.stderr
    # The starter's own claim row and saved page pass.
    fresh = _run_check(project)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    page = project / "content" / "sources" / "example.txt"
    page.write_text(page.read_text(encoding="utf-8") + PAGE, encoding="utf-8")
    section = project / "content" / "sections" / "01-start.yaml"
    text = section.read_text(encoding="utf-8")
    anchor = "        quote: More words make a guide better.\n"
    assert text.count(anchor) == 1
    section.write_text(text.replace(anchor, anchor + BAD_ROWS), encoding="utf-8")
    lines = section.read_text(encoding="utf-8").splitlines()

    def line_of(row: str) -> int:
        start = lines.index(f"      - id: {row}")
        return start + 2  # the row's claim line

    result = _run_check(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    file = "content/sections/01-start.yaml"
    expected = {
        "dropped-hedge": ("claim", "drops the hedge 'some'"),
        "changed-subject": ("claim", "leaves out its subject: 'Chronic pain after surgery'"),
        "not-on-page": ("quote", "is not on page 'example' word for word"),
        "unknown-page": ("source", "no saved page 'no-such-page' in content/sources/"),
    }
    for row, (field, message) in expected.items():
        where = f"{file}:{line_of(row)} [claims.{row}.{field}]: error: "
        reported = [line for line in output.splitlines() if line.startswith(where)]
        assert reported, f"{where} not in:\n{output}"
        assert message in reported[0], reported[0]
    assert "how to fix: quote the sentence with its hedge words" in output
    assert "how to fix: start the quote at the sentence's (or clause's) subject" in output
    assert "4 error(s)" in output


def test_build_refuses_a_quote_that_drops_a_hedge_and_writes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "guide"
    made = subprocess.run(
        [str(FBSS_GUIDE), "new", str(project)], capture_output=True, text=True, check=False
    )
    assert made.returncode == 0, made.stderr
    page = project / "content" / "sources" / "example.txt"
    page.write_text(
        page.read_text(encoding="utf-8").replace("More words make", "More words can make"),
        encoding="utf-8",
    )
    section = project / "content" / "sections" / "01-start.yaml"
    section.write_text(
        section.read_text(encoding="utf-8")
        .replace(
            "quote: More words make a guide better.", "quote: More words can make a guide better."
        )
        .replace(
            """'"More words make a guide better."'""", """'"More words … make a guide better."'"""
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build = ["build", "--project", str(project), "--lang", "en", "--format", "web"]
    result = subprocess.run(
        [str(FBSS_GUIDE), *build, "--jobs", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    claim_line = next(
        number
        for number, line in enumerate(section.read_text(encoding="utf-8").splitlines(), 1)
        if "More words … make a guide better." in line
    )
    assert f"content/sections/01-start.yaml:{claim_line} [claims.long-is-better.claim]" in output
    assert "drops the hedge 'can'" in output
    assert not any(path.is_file() for path in out.rglob("*.html"))
