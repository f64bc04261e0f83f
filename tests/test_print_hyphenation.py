"""Print editions never hyphenate words in table cells, headings or captions; and the
kind of a source is never left alone on the last line of a reference."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from checkout import project_config

from fbss_guide.engine.build import build
from fbss_guide.project.editions import EditionSpec

MakeContent = Callable[[dict[str, str]], Path]

# Long words in the narrow first column and in a heading, which `hyphens: auto` split
# ("Radiofre-quency", "pregabal-in").
SECTION = """\
id: intro
heading: Radiofrequency denervation and pregabalin
blocks:
  - kind: paragraph
    id: p
    text: Text [@smith-2020].
  - kind: options_table
    id: table
    caption: Radiofrequency denervation, pregabalin, gabapentin and physiotherapy compared
    rows:
      - id: rf
        treatment: Radiofrequency electrophysiological denervation
        what: Radiofrequency heat applied to the nerves.
        how: Heat stops small nerves sending pain signals.
        daily_life: Sources do not say.
        effect: may-help
        evidence: Radiofrequency denervation may help a little.
        certainty: low
        harms: Pain.
        cite: [smith-2020]
      - id: pregabalin
        treatment: Pregabalin, gabapentin, physiotherapy
        what: Pills for nerve pain.
        how: They calm nerves that send too many signals.
        daily_life: Dizziness can get in the way.
        effect: may-help
        evidence: Pregabalin may help a little.
        certainty: low
        harms: Sleepiness.
        cite: [smith-2020]
"""

WORDS = ("electrophysiological", "radiofrequency", "denervation", "pregabalin", "gabapentin")


@pytest.mark.parametrize("large_print", [False, True])
def test_no_word_is_hyphenated_in_cells_headings_or_captions(
    make_content: MakeContent, tmp_path: Path, large_print: bool
) -> None:
    content = make_content({"sections/01-intro.yaml": SECTION})
    [edition] = build(
        project_config(
            content_dir=content,
            out_dir=tmp_path / "out",
            languages=("en",),
            editions=(EditionSpec("a4", large_print=large_print),),
        )
    )
    text = subprocess.run(
        ["pdftotext", str(edition.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # WeasyPrint prints a hyphenation break as U+2010 HYPHEN.
    broken = re.findall(r"(\w+)[-\u2010\u00ad]\n+(\w+)", text)
    assert [pair for pair in broken if "".join(pair).lower() in WORDS] == []
    assert broken == [], broken
    # The reference's kind is joined to its identifier by a no-break space.
    html = edition.html.read_text(encoding="utf-8")
    assert re.search(r'doi:10\.1000/test\.1</bdi>&nbsp;<span class="ref-type"', html)
