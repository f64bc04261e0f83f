"""Post-processing benchmark: prints figures; it is not a test.

What an edition costs after WeasyPrint has written its PDF: the tag-tree repair and its
check (`pdf.repair_and_check_tags`), measured in one process, so it is far less noisy
than a whole build on a shared machine. Run it on the HTML files a build wrote:

    .venv/bin/python benchmarks/bench_postprocess.py output/de/fbss-guide-de-a4.html ...

For each file: the WeasyPrint render (once), then the post-processing (median of 3) and
its share of the two together. Times are this process's CPU time (time.process_time):
on a machine shared with other work, wall time measures the neighbours too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="+", type=Path, help="HTML files written by a build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from weasyprint import HTML

    from fbss_guide.pdf.html_to_pdf import PDF_VARIANT, repair_and_check_tags

    HTML(string="<html lang=en><title>x</title><p>warm</p></html>").write_pdf()
    print(f"{'edition (CPU seconds)':<40} {'render':>7} {'post':>7} {'share':>6}  problems")
    posts = []
    for path in args.html:
        html = path.read_text(encoding="utf-8")
        started = time.process_time()
        raw = HTML(string=html, base_url=path.parent.resolve().as_uri() + "/").write_pdf(
            pdf_variant=PDF_VARIANT
        )
        render = time.process_time() - started
        runs = []
        for _ in range(args.runs):
            started = time.process_time()
            _, problems = repair_and_check_tags(raw, html)
            runs.append(time.process_time() - started)
        post = statistics.median(runs)
        posts.append(post)
        print(
            f"{path.stem:<40} {render:6.2f}s {post:6.2f}s {post / (render + post):6.1%}  "
            f"{len(problems)}"
        )
    print(f"post-processing per edition: mean {statistics.mean(posts):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
