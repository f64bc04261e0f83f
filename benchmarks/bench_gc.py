"""Garbage-collector benchmark: prints figures; it is not a test.

The render workers raise the cycle collector's thresholds (`worker.GC_THRESHOLDS`). This
renders and post-processes the same editions in fresh processes, with Python's default
thresholds and with the workers', taking turns, and prints each run's CPU seconds and
peak memory. Run it on HTML files a build wrote:

    .venv/bin/python benchmarks/bench_gc.py output/de/fbss-guide-de-a4.html ...
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUN = """
import gc, resource, sys, time
from pathlib import Path
from weasyprint import HTML
from fbss_guide.pdf.html_to_pdf import render_pdf
from fbss_guide.engine.worker import GC_THRESHOLDS
HTML(string="<html lang=en><title>x</title><p>warm</p></html>").write_pdf()
if sys.argv[1] == "workers":
    gc.set_threshold(*GC_THRESHOLDS)
started = time.process_time()
for name in sys.argv[2:]:
    path = Path(name)
    render_pdf(path.read_text(encoding="utf-8"), path.name, language="x",
               base_dir=path.parent, allowed_dirs=[Path("/")])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(time.process_time() - started, peak)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="+", type=Path, help="HTML files written by a build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = [str(path.resolve()) for path in args.html]
    figures: dict[str, list[tuple[float, float]]] = {"default": [], "workers": []}
    for _ in range(args.runs):  # taking turns: a shared machine's load drifts
        for mode in figures:
            result = subprocess.run(
                [sys.executable, "-c", RUN, mode, *files],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
                env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
            )
            cpu, peak = map(float, result.stdout.split())
            figures[mode].append((cpu, peak))
    print(f"{len(files)} editions, {args.runs} runs each; CPU seconds for all, peak MB")
    for mode, runs in figures.items():
        cpus = ", ".join(f"{cpu:.2f}" for cpu, _ in runs)
        print(
            f"{mode:<8} thresholds: median {statistics.median(c for c, _ in runs):.2f} s "
            f"({cpus}); peak {max(p for _, p in runs):.0f} MB"
        )
    default = statistics.median(c for c, _ in figures["default"])
    workers = statistics.median(c for c, _ in figures["workers"])
    print(f"workers' thresholds: {1 - workers / default:.1%} less CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
