"""Fair quotes: every claim row quotes its clinic page word for word, qualifiers included."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from checkout import DEFAULT_CONTENT, PROJECT_ROOT

from fbss_guide.checks.quotes import check_quotes, normalise
from fbss_guide.content import load_guide
from fbss_guide.model import Claims

MakeContent = Callable[[dict[str, str]], Path]

# The saved clinic pages live next to the project, not in it (they are third-party text).
SEEDS = Path(os.environ.get("FBSS_SEEDS_DIR", PROJECT_ROOT.parent / "shared" / "seeds"))

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
        seed: {seed}
        quote: {quote}
"""


def _seed_dir(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "page.txt").write_text(
        "Our shots can cure  back pain\n in  some patients. Results are “not typical”.",
        encoding="utf-8",
    )
    return seeds


def _problems(make_content: MakeContent, tmp_path: Path, **row: str) -> list[str]:
    values = {"seed": "page.txt", **row}
    content = make_content({"sections/01-intro.yaml": CLAIMS.format(**values)})
    return [p.format() for p in check_quotes(load_guide(content), _seed_dir(tmp_path))]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"saved clinic pages not found at {SEEDS}")
def test_every_claim_in_the_handout_is_quoted_verbatim_from_its_seed_page() -> None:
    guide = load_guide(DEFAULT_CONTENT)
    blocks = [b for s in guide.sections for b in s.blocks if isinstance(b, Claims)]
    rows = [row for block in blocks for row in block.rows]
    assert len(rows) >= 16, "the handout answers at least 16 clinic claims"
    assert check_quotes(guide, SEEDS) == []
    # The check is not vacuous: each quote really is on its page, read independently here.
    for row in rows:
        page = normalise((SEEDS / row.seed).read_text(encoding="utf-8"))
        assert normalise(row.quote) in page, row.id


def test_whitespace_and_typographic_quotes_are_the_only_differences_allowed(
    make_content: MakeContent, tmp_path: Path
) -> None:
    ok = _problems(
        make_content,
        tmp_path,
        claim="'Shots \"can cure back pain in some patients\".'",
        quote="'Our shots can cure back pain in some patients. Results are \"not typical\".'",
    )
    assert ok == []
    reworded = _problems(
        make_content,
        tmp_path,
        claim="'Shots \"can cure back pain\".'",
        quote="'Our shots can cure back pain in most patients.'",
    )
    [problem] = reworded
    assert problem.startswith("content/sections/01-intro.yaml:9 [claims.cure.quote]")
    assert "not in page.txt word for word" in problem
    assert "how to fix: copy the whole sentence" in problem


def test_a_claim_quoting_words_the_sentence_does_not_have_is_an_error(
    make_content: MakeContent, tmp_path: Path
) -> None:
    # The quote is genuine, but the printed claim quotes a stronger phrase than the page.
    [problem] = _problems(
        make_content,
        tmp_path,
        claim="'Shots \"can cure back pain in all patients\".'",
        quote="'Our shots can cure back pain in some patients.'",
    )
    assert "[claims.cure.claim]" in problem
    assert "'can cure back pain in all patients'" in problem


def test_unknown_or_unsafe_seed_file_names_are_errors(
    make_content: MakeContent, tmp_path: Path
) -> None:
    missing = _problems(
        make_content, tmp_path, seed="other.txt", claim="'\"cure\"'", quote="'cure'"
    )
    assert len(missing) == 1 and "seed file 'other.txt' is not in" in missing[0]
    outside = _problems(
        make_content, tmp_path, seed="../page.txt", claim="'\"cure\"'", quote="'cure'"
    )
    assert len(outside) == 1 and "is not a seed file name" in outside[0]


def test_claim_row_without_seed_or_quote_fails_to_load(make_content: MakeContent) -> None:
    from fbss_guide.content import check_guide

    section = CLAIMS.format(claim="'\"cure\"'", seed="page.txt", quote="'cure'")
    section = section.replace("        quote: 'cure'\n", "")
    _, problems = check_guide(make_content({"sections/01-intro.yaml": section}))
    assert any(
        "[blocks[1](claims).rows[1].quote]" in p.format() and "missing required key" in p.message
        for p in problems
    )
