"""Readability messages an editor can act on: a block that is too hard names the
sentence that weighs most, and the table says why the whole fails (not a median
'FAIL' beside two medians within their targets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fbss_guide.guide.content import load_guide
from fbss_guide.readability import load_targets, readability_problems, score_guide
from fbss_guide.readability.report import print_table
from fbss_guide.scaffold import new_project

HARD = (
    "Notwithstanding the considerable heterogeneity of methodological approaches "
    "characterising contemporary investigations, multidisciplinary rehabilitation "
    "interventions demonstrably ameliorate functional impairment experienced by "
    "individuals with degenerative musculoskeletal conditions."
)


@pytest.fixture
def hard_guide(tmp_path: Path) -> Path:
    project = new_project(tmp_path / "guide", title="Knee pain")
    section = project / "content" / "sections" / "01-start.yaml"
    text = section.read_text(encoding="utf-8")
    easy = "This guide is a start. Change the words to fit your topic."
    assert easy in text
    section.write_text(text.replace(easy, f"{easy} {HARD}"), encoding="utf-8")
    return project


def test_a_hard_block_names_its_hardest_sentence(hard_guide: Path) -> None:
    guide = load_guide(hard_guide / "content")
    targets = load_targets(hard_guide / "locales" / "readability.yaml", "en")
    problems = readability_problems(score_guide(guide, targets))
    [block] = [p for p in problems if p.message.startswith("block is too hard")]
    assert block.key == "start/intro"
    assert "the sentence that weighs most: 'Notwithstanding the considerable" in block.message
    assert "Change the words" not in block.message.split("weighs most")[1]
    assert block.hint.startswith("rewrite that sentence first")


def test_the_table_says_why_it_fails(hard_guide: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guide = load_guide(hard_guide / "content")
    targets = load_targets(hard_guide / "locales" / "readability.yaml", "en")
    report = score_guide(guide, targets)
    assert not report.passed
    print_table(report)
    out = capsys.readouterr().out
    [median] = [line for line in out.splitlines() if line.startswith("median")]
    medians_pass = all(t.passes(report.median[t.measure.id], t.median) for t in targets.measures)
    assert median.rstrip().endswith("pass" if medians_pass else "FAIL")
    [result] = [line for line in out.splitlines() if line.startswith("result:")]
    assert result.startswith("result: FAIL: ")
    assert "start/intro" in result
