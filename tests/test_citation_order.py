"""Citation numbers print in order inside a group: "[1, 2]", never "[2, 1]"."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from checkout import project_config

from fbss_guide.engine.build import build

MakeContent = Callable[[dict[str, str]], Path]

SECTION = """\
id: intro
heading: What this is
blocks:
  - kind: paragraph
    id: first
    text: One thing is true [@smith-2020].
  - kind: paragraph
    id: second
    text: Another thing is true [@brown-2021].
  - kind: paragraph
    id: both
    text: Both are true [@brown-2021; @smith-2020].
"""

BROWN = """\
- id: brown-2021
  type: randomised-trial
  authors: Brown C, Green D
  year: 2021
  title: A trial of things
  source: J Things. 2021;2(1):11-20
  doi: 10.1000/test.2
  checked: Made up for the tests.
"""


def test_a_group_cited_out_of_order_prints_in_number_order(
    make_content: MakeContent, tmp_path: Path
) -> None:
    from conftest import REFERENCES_YAML

    content = make_content(
        {"sections/01-intro.yaml": SECTION, "references.yaml": REFERENCES_YAML + "\n" + BROWN}
    )
    [edition] = build(
        project_config(content_dir=content, out_dir=tmp_path / "out", languages=("en",))
    )
    html = edition.html.read_text(encoding="utf-8")
    groups = re.findall(r'<span class="cite-group">\[(.*?)\]</span>', html)
    numbers = [[int(n) for n in re.findall(r">(\d+)</a>", group)] for group in groups]
    assert [1, 2] in numbers
    assert all(group == sorted(group) for group in numbers)
    # The link still goes to the source it names, not to the one at its place.
    assert re.search(r'href="#ref-smith-2020"[^>]*>1</a>, <a[^>]*href="#ref-brown-2021"', html)
    text = subprocess.run(
        ["pdftotext", str(edition.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Both are true [1, 2]." in text
