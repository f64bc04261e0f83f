"""Font-subsetting benchmark for the web edition: prints figures; it is not a test.

    .venv/bin/python benchmarks/bench_fontsubset.py [--lang en --lang ar ...]

For each language (default: en for Latin, ar for Arabic, zh-Hans and ko for CJK) it
builds the web edition alone into a temporary folder, then cuts every font the edition
uses to the characters the page draws, as web.py does, with

  - HarfBuzz (libharfbuzz-subset, the library WeasyPrint itself subsets PDF fonts with),
    through `fbss_guide.fonts.subset.subset_font`, and
  - fontTools' subsetter (installed with WeasyPrint), with the options that keep what
    the page needs: every layout feature (Arabic joining, marks), the glyph names dropped.

It prints each font's time (median of 3, this process's CPU time, which a busy machine
disturbs far less than wall time), the output sizes, and each language's total beside
the time of the whole web-edition step with HarfBuzz.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "ar", "zh-Hans", "ko")


def fonttools_subset(source: Path, index: int, codepoints: set[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(layout_features=["*"], glyph_names=False, notdef_outline=True)
    font = TTFont(source, fontNumber=index, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def cpu_median(work: Callable[[], object], runs: int = 3) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(runs):
        started = time.process_time()
        result = work()
        times.append(time.process_time() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lang", action="append", help="language (repeat); default: " + ", ".join(LANGUAGES)
    )
    args = parser.parse_args()
    languages = tuple(args.lang or LANGUAGES)

    sys.path.insert(0, str(ROOT / "src"))
    from fbss_guide import web
    from fbss_guide.engine.build import BuildConfig, build_report
    from fbss_guide.fonts import families as fonts
    from fbss_guide.fonts.subset import subset_font

    print(f"{'language / font':<44} {'HarfBuzz':>9} {'fontTools':>10} {'sizes (KB)':>14}")
    for language in languages:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            config = BuildConfig(out_dir=out, languages=(language,), editions=(), web=True)
            started = time.process_time()
            build_report(config)
            web_step = time.process_time() - started
            [page] = [path for path in out.rglob("*.html") if path.parent.name.startswith("web")]
            css = (ROOT / "templates" / "web.css").read_text(encoding="utf-8")
            text = page.read_text(encoding="utf-8") + css
        # The same split as web._font_faces: each family takes what the ones before it
        # left and it covers.
        remaining = {ord(char) for char in text if not char.isspace()}
        totals = [0.0, 0.0]
        for family in fonts.families_for(language):
            if not remaining:
                break
            regular, index = web._font_file(family, bold=False)
            mine = remaining & web._covered(regular, index)
            if not mine:
                continue
            remaining -= mine
            for bold in (False, True):
                try:
                    source, face = web._font_file(family, bold)
                except Exception:
                    continue
                harfbuzz, small = cpu_median(lambda s=source, f=face, m=mine: subset_font(s, f, m))
                tools, other = cpu_median(
                    lambda s=source, f=face, m=mine: fonttools_subset(s, f, m)
                )
                totals[0] += harfbuzz
                totals[1] += tools
                assert isinstance(small, bytes) and isinstance(other, bytes)
                label = f"{language} {family} {'Bold' if bold else 'Regular'} ({len(mine)} chars)"
                print(
                    f"{label:<44} {harfbuzz:8.3f}s {tools:9.3f}s "
                    f"{len(small) // 1024:6} {len(other) // 1024:6}"
                )
        print(
            f"{language + ' total':<44} {totals[0]:8.3f}s {totals[1]:9.3f}s   "
            f"(web edition step with HarfBuzz, CPU: {web_step:.2f} s; "
            f"fontTools would add {totals[1] - totals[0]:.2f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
