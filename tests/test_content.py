import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REFERENCES_YAML

from fbss_guide.errors import ContentError
from fbss_guide.guide import model
from fbss_guide.guide.content import check_guide, load_guide

MakeContent = Callable[[dict[str, str]], Path]


def errors_for(content: Path) -> list[str]:
    _, problems = check_guide(content)
    return [p.format() for p in problems if p.severity == "error"]


def test_small_content_loads_into_typed_objects(small_content: Path) -> None:
    guide = load_guide(small_content)
    assert [s.id for s in guide.sections] == ["intro", "urgent", "refs"]
    paragraph, bullets = guide.sections[0].blocks
    assert isinstance(paragraph, model.Paragraph)
    assert paragraph.text.citations() == ["smith-2020"]
    assert paragraph.text.context == "intro/first/text"
    assert isinstance(bullets, model.Bullets) and len(bullets.points) == 2
    callout = guide.sections[1].blocks[0]
    assert isinstance(callout, model.Callout) and callout.level is model.CalloutLevel.URGENT
    assert guide.references["smith-2020"].type is model.ReferenceType.SYSTEMATIC_REVIEW
    assert guide.sections[1].readability.target == 6


def test_every_problem_is_reported_in_one_run(make_content: MakeContent) -> None:
    content = make_content(
        {
            "sections/01-intro.yaml": """\
                id: intro
                heading: What this is
                colour: blue
                blocks:
                  - kind: paragraph
                    id: first
                    text: Missing source [@nobody-1999].
                  - kind: bullets
                    id: list
                    points: just one string
                  - kind: paragraph
                    id: second
                    txt: typo in the key
                """,
        }
    )
    found = "\n".join(errors_for(content))
    assert "content/sections/01-intro.yaml:3 [colour]: error: unknown key 'colour'" in found
    assert "01-intro.yaml:7 [blocks[1](paragraph).text]" in found
    assert "citation of unknown reference 'nobody-1999'" in found
    assert "01-intro.yaml:10 [blocks[2](bullets).points]" in found
    assert "expected a non-empty list" in found
    assert "01-intro.yaml:13 [blocks[3](paragraph).txt]: error: unknown key 'txt'" in found
    assert "missing required key 'text'" in found


def test_unknown_vocabulary_value_lists_the_allowed_ones(make_content: MakeContent) -> None:
    content = make_content(
        {
            "sections/01-intro.yaml": """\
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
                        effect: cures-everything
                        evidence: It helps [@smith-2020].
                        certainty: sure
                        harms: None.
                        cite: [smith-2020]
                        how: It moves you.
                        daily_life: You do more.
                """,
        }
    )
    found = "\n".join(errors_for(content))
    assert "01-intro.yaml:11 [blocks[1](options_table).rows[1].effect]" in found
    assert "'cures-everything' is not an allowed value" in found
    assert "probably-helps" in found
    assert "01-intro.yaml:13 [blocks[1](options_table).rows[1].certainty]" in found
    assert "high, moderate, low, very-low" in found


def test_duplicate_key_and_wrong_type(make_content: MakeContent) -> None:
    content = make_content(
        {
            "guide.yaml": """\
                id: test
                language: en
                title: Test handout
                title: Second title
                subtitle: A small guide for tests
                version: 0.0.1
                reviewed_on: soon
                next_review: 2027-01-15
                author: Test authors
                description: A handout used by the tests.
                keywords: [test]
                sections: [intro, urgent, refs]
                """,
        }
    )
    found = "\n".join(errors_for(content))
    assert "content/guide.yaml:4 [title]: error: duplicate key 'title'" in found
    assert "content/guide.yaml:7 [guide.reviewed_on]: error: expected a date" in found


def test_raw_html_is_rejected_with_its_place(make_content: MakeContent) -> None:
    content = make_content(
        {
            "sections/01-intro.yaml": """\
                id: intro
                heading: What this is
                blocks:
                  - kind: paragraph
                    id: first
                    text: Click <a href="x">here</a> [@smith-2020].
                """,
        }
    )
    [error] = errors_for(content)
    assert "01-intro.yaml:6" in error and "raw HTML is not allowed" in error


def test_section_missing_from_guide_order_and_unknown_order_entry(
    make_content: MakeContent,
) -> None:
    content = make_content(
        {
            "sections/04-extra.yaml": """\
                id: extra
                heading: Extra
                blocks:
                  - kind: paragraph
                    id: p
                    text: More text [@smith-2020].
                """,
        }
    )
    found = "\n".join(errors_for(content))
    assert "section 'extra' is not listed in guide.yaml" in found


def test_figure_must_be_a_file_inside_content(make_content: MakeContent) -> None:
    def figure(src: str) -> dict[str, str]:
        return {
            "sections/01-intro.yaml": f"""\
                id: intro
                heading: What this is
                blocks:
                  - kind: paragraph
                    id: p
                    text: Text [@smith-2020].
                  - kind: figure
                    id: picture
                    src: "{src}"
                    alt: A spine
                    caption: The spine
                """,
        }

    assert (
        "is not a file in the content folder"
        in errors_for(make_content(figure("https://example.org/spine.png")))[0]
    )
    assert "points outside the content folder" in errors_for(make_content(figure("/etc/passwd")))[0]
    assert (
        "points outside the content folder"
        in errors_for(make_content(figure("../../etc/passwd")))[0]
    )
    assert "does not exist" in errors_for(make_content(figure("missing.png")))[0]


def test_unused_reference_is_a_warning(make_content: MakeContent) -> None:
    extra = """\
        - id: unused-2001
          type: cohort
          authors: Nobody A
          year: 2001
          title: Never cited
          source: J None. 2001
          pmid: 1
          checked: Made up.
        """
    content = make_content({"references.yaml": REFERENCES_YAML + textwrap.dedent(extra)})
    guide, problems = check_guide(content)
    assert guide is not None
    [warning] = problems
    assert warning.severity == "warning"
    assert "'unused-2001' is never cited" in warning.message


def test_load_guide_raises_with_all_problems(make_content: MakeContent) -> None:
    content = make_content({"references.yaml": "- id: BAD ID\n"})
    with pytest.raises(ContentError) as raised:
        load_guide(content)
    assert "'BAD ID' is not a valid id" in str(raised.value)
    assert "citation of unknown reference 'smith-2020'" in str(raised.value)
