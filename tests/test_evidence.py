import shutil
from collections.abc import Callable
from pathlib import Path

from checkout import DEFAULT_CONTENT

from fbss_guide.checks.evidence import check_evidence
from fbss_guide.guide.content import check_guide, load_guide

MakeContent = Callable[[dict[str, str]], Path]

OPTIONS = """\
id: intro
heading: Options
blocks:
  - kind: options_table
    id: table
    caption: Options
    rows:
      - id: walking
        treatment: Walking
        what: You walk.
        effect: probably-helps
        evidence: It helps.
        certainty: moderate
        harms: None.
        cite: {cite}
        how: It moves you.
        daily_life: You do more.
"""


def test_row_without_citation_is_an_error_naming_the_place(make_content: MakeContent) -> None:
    content = make_content({"sections/01-intro.yaml": OPTIONS.format(cite="[]")})
    _, problems = check_guide(content)
    [problem] = [p for p in problems if p.severity == "error"]
    assert problem.format().startswith(
        "content/sections/01-intro.yaml:15 [blocks[1](options_table).rows[1].cite]"
    )
    assert "non-empty list" in problem.message


def test_row_citing_unknown_reference_is_an_error(make_content: MakeContent) -> None:
    content = make_content({"sections/01-intro.yaml": OPTIONS.format(cite="[nobody-2000]")})
    _, problems = check_guide(content)
    assert any(
        "01-intro.yaml:15" in p.format() and "unknown reference 'nobody-2000'" in p.message
        for p in problems
    )


def test_number_without_source_is_an_error(make_content: MakeContent) -> None:
    section = """\
        id: intro
        heading: What this is
        blocks:
          - kind: paragraph
            id: first
            text: About 9 in 10 people get better [@smith-2020].
          - kind: paragraph
            id: second
            text: About 1 in 5 people still have pain.
        """
    guide = load_guide(make_content({"sections/01-intro.yaml": section}))
    [problem] = check_evidence(guide)
    assert problem.line == 9
    assert problem.key == "intro/second/text"
    assert "a number without a source" in problem.message


def test_uncited_reference_is_an_error_in_the_evidence_gate(make_content: MakeContent) -> None:
    extra = (
        "- id: unused-2001\n  type: cohort\n  authors: Nobody A\n  year: 2001\n"
        "  title: Never cited\n  source: J None. 2001\n  pmid: '1'\n  checked: Made up.\n"
    )
    from conftest import REFERENCES_YAML

    guide = load_guide(make_content({"references.yaml": REFERENCES_YAML + extra}))
    [problem] = check_evidence(guide)
    assert problem.severity == "error" and "'unused-2001' is never cited" in problem.message


def test_clinic_page_cannot_be_evidence(make_content: MakeContent) -> None:
    ref = (
        "- id: clinic-2020\n  type: expert-opinion\n  authors: A clinic\n  year: 2020\n"
        "  title: Our treatment works\n  source: Clinic website\n"
        "  url: https://www.caringmedical.com/page\n  checked: Seed page.\n"
    )
    section = """\
        id: intro
        heading: What this is
        blocks:
          - kind: paragraph
            id: first
            text: It works [@smith-2020; @clinic-2020].
        """
    from conftest import REFERENCES_YAML

    guide = load_guide(
        make_content({"references.yaml": REFERENCES_YAML + ref, "sections/01-intro.yaml": section})
    )
    assert any("clinic's own web page" in p.message for p in check_evidence(guide))


def test_a_worked_example_needs_no_source_for_its_made_up_numbers(tmp_path: Path) -> None:
    """An `example` block prints under "An example:" and its numbers need no citation;
    the same text as a paragraph is refused for its unsourced numbers."""
    project = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, project)
    section = project / "sections" / "09-actions.yaml"
    text = section.read_text(encoding="utf-8")
    assert "kind: example" in text
    assert check_evidence(load_guide(project)) == []
    section.write_text(text.replace("kind: example", "kind: paragraph"), encoding="utf-8")
    problems = check_evidence(load_guide(project))
    assert [p.key for p in problems] == ["actions/pacing-example/text"]
    assert "a number without a source" in problems[0].message
