"""Build-engine benchmark: prints figures; it is not a test.

Run from the project folder after `make build`:

    .venv/bin/python benchmarks/bench_build.py [--jobs N]

It works on a copy of locales/ and a temporary output folder, so the project's own
files are never touched. Measured in one run:
  (a) bare WeasyPrint time per edition (HTML to PDF, one warm process), measured after
      each cold build
  (b) full build time: cold (a new process, as `make build`) and with warm workers
  (c) ratio of the cold build's wall time to the ideal: one `import weasyprint` plus the
      sum of the bare render times divided by the number of workers (target <= 1.15);
      each cold build is compared with the bare renders measured right after it, and the
      figure is the median of those pairs' ratios
  (d) no-op rebuild time (target <= 0.5 s)
  (e) rebuild time after one catalog changes (target <= 1/5 of the full build)
  (f) peak memory per worker (target <= 400 MB)
  (g) the translator's loop: one edition (Spanish A4) rebuilt in watch mode, with a warm
      worker, after a catalog save, against that edition's bare WeasyPrint render
      (target <= 1.3)

The full build makes every edition the project file lists: handouts, quick cards,
bilingual editions and web editions.

`--ratio-only` measures (a) to (c) alone, with `--cold-runs` pairs (default 3) of a cold
build and `--bare-runs` WeasyPrint passes (default 1). The bare renders run with
Python's default garbage-collector thresholds, the workers with their own
(`worker.GC_THRESHOLDS`, about 8 % less CPU per render); `--bare-gc workers` gives the
bare renders the workers' setting too, to see the build's overhead without that gain.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "fbss_guide.cli"]


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def children_cpu() -> float:
    """CPU seconds of every finished child process (and theirs: the build's workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_cpu(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of a command. On a machine shared with other work the wall
    time measures the neighbours too; the CPU time is the build's own work."""
    before = children_cpu()
    wall = timed(command, env)
    return wall, children_cpu() - before


def import_time() -> tuple[float, float]:
    """Wall and CPU seconds of `import weasyprint` (medians of 3)."""
    code = (
        "import time; t=time.perf_counter(); c=time.process_time(); import weasyprint; "
        "print(time.perf_counter()-t, time.process_time()-c)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(3)
    ]
    return statistics.median(float(w) for w, _ in runs), statistics.median(
        float(c) for _, c in runs
    )


def bare_render_times(
    out: Path, passes: int = 2, workers_gc: bool = False
) -> tuple[dict[str, float], float]:
    """HTML to PDF with WeasyPrint alone, for each edition the build wrote: wall seconds
    per edition, and the CPU seconds of one pass over all of them."""
    import gc

    from weasyprint import HTML

    default_thresholds = gc.get_threshold()
    if workers_gc:
        sys.path.insert(0, str(ROOT / "src"))
        from fbss_guide.engine.worker import GC_THRESHOLDS

        gc.set_threshold(*GC_THRESHOLDS)

    HTML(string="<html lang=en><title>x</title><p>warm</p></html>").write_pdf()
    files = [
        path
        for path in sorted(out.rglob("*-guide-*.html"))
        if not path.parent.name.startswith("web")
    ]
    runs: dict[str, list[float]] = {path.stem: [] for path in files}
    cpu_started = time.process_time()
    for _ in range(passes):  # averaged: single renders vary on a shared machine
        for html_file in files:
            html = html_file.read_text(encoding="utf-8")
            started = time.perf_counter()
            HTML(string=html, base_url=str(ROOT / "templates") + "/").write_pdf(
                pdf_variant="pdf/ua-1"
            )
            runs[html_file.stem].append(time.perf_counter() - started)
    cpu = (time.process_time() - cpu_started) / passes
    gc.set_threshold(*default_thresholds)
    return {stem: statistics.mean(values) for stem, values in runs.items()}, cpu


def bare_pass(out: Path, passes: int, workers_gc: bool) -> tuple[dict[str, float], float]:
    """`bare_render_times` in a new process, as each cold build's workers are: one that
    has loaded no hyphenation patterns or fonts yet."""
    command = [sys.executable, __file__, "--bare-pass", str(out), "--bare-runs", str(passes)]
    if workers_gc:
        command += ["--bare-gc", "workers"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout)
    return figures["seconds"], figures["cpu"]


def ratio_pairs(
    build: list[str],
    env: dict[str, str],
    out: Path,
    jobs: int,
    runs: int,
    passes: int,
    workers_gc: bool = False,
) -> float:
    """(a), (b) and (c). Each cold build is followed by the bare renders of the files it
    wrote, and its ratio is taken against that pair's own ideal: the load of a shared
    machine drifts over minutes, and a cold build and bare renders measured far apart
    differ by that drift (up to a quarter on this project's machine). The figure is the
    median of the pairs' ratios. Returns the median cold build time."""
    weasy_import, import_cpu = import_time()
    pairs = []
    totals: dict[str, list[float]] = {}
    for run in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        cold, cold_cpu = timed_cpu(build, env)
        bare, bare_cpu = bare_pass(out, passes, workers_gc)
        for stem, seconds in bare.items():
            totals.setdefault(stem, []).append(seconds)
        ideal = weasy_import + sum(bare.values()) / jobs
        # The same comparison in CPU seconds: each worker imports WeasyPrint once, then
        # the renders' work is all there is.
        ideal_cpu = jobs * import_cpu + bare_cpu
        pairs.append((cold, ideal, cold_cpu, ideal_cpu))
        print(
            f"    pair {run + 1}: cold build {cold:.1f} s, ideal {ideal:.1f} s, ratio "
            f"{cold / ideal:.3f}; CPU {cold_cpu:.1f} s against {ideal_cpu:.1f} s, "
            f"ratio {cold_cpu / ideal_cpu:.3f}"
        )
    editions = len(list(out.rglob("*-guide-*.pdf")))
    colds = ", ".join(f"{cold:.1f}" for cold, *_ in pairs)
    cold = statistics.median(cold for cold, *_ in pairs)
    print(
        f"(b) full build, cold (new process, empty output folder; median of {colds}): "
        f"{cold:.1f} s for {editions} PDFs"
    )
    bare_means = {stem: statistics.mean(values) for stem, values in totals.items()}
    total_bare = sum(bare_means.values())
    print(
        f"(a) bare WeasyPrint per edition (s): min {min(bare_means.values()):.2f}, "
        f"median {statistics.median(bare_means.values()):.2f}, "
        f"max {max(bare_means.values()):.2f}, sum {total_bare:.1f}"
    )
    for stem, seconds in sorted(bare_means.items()):
        print(f"      {stem:<45} {seconds:.2f}")
    ratio = statistics.median(cold / ideal for cold, ideal, _, _ in pairs)
    ratio_cpu = statistics.median(cpu / ideal_cpu for _, _, cpu, ideal_cpu in pairs)
    print(
        f"(c) import weasyprint {weasy_import:.2f} s; cold/ideal ratio, median of "
        f"{len(pairs)} pairs: {ratio:.3f} (target <= 1.15) "
        f"{'PASS' if ratio <= 1.15 else 'FAIL'}; in CPU time {ratio_cpu:.3f}"
    )
    return cold


def translator_loop(locales: Path, out: Path, jobs: int, pool: object = None) -> None:
    """(g) What a translator waits for: `build --watch --lang es --paper a4` after each
    save of the catalog (catalog checks, HTML, a warm worker's render, the writes)."""
    sys.path.insert(0, str(ROOT / "src"))
    from weasyprint import HTML

    from fbss_guide.engine.build import build_report, start_pool
    from fbss_guide.engine.pool import WorkerPool
    from fbss_guide.fonts.families import forget_installed_fonts
    from fbss_guide.project.config import BuildConfig
    from fbss_guide.project.editions import EditionSpec
    from fbss_guide.project.project_file import load_project

    workers = pool if isinstance(pool, WorkerPool) else start_pool(max(1, jobs))
    config = BuildConfig.from_project(
        load_project(ROOT),
        locales_dir=locales,
        out_dir=out / "translator",
        languages=("es",),
        editions=(EditionSpec("a4"),),
        jobs=jobs,
    )
    [edition] = build_report(config, pool=workers).editions  # the session's first build
    catalog = locales / "es" / "LC_MESSAGES" / "messages.po"
    original = catalog.read_text(encoding="utf-8")
    rebuilds = []
    try:
        for attempt in range(3):
            catalog.write_text(original + f"\n# translator save {attempt}\n", encoding="utf-8")
            forget_installed_fonts()  # as the watch loop does before each build
            started = time.perf_counter()
            build_report(config, pool=workers)
            rebuilds.append(time.perf_counter() - started)
    finally:
        catalog.write_text(original, encoding="utf-8")
        if workers is not pool:
            workers.close()
    html = edition.html.read_text(encoding="utf-8")
    HTML(string="<html lang=en><title>x</title><p>warm</p></html>").write_pdf()
    bare = []
    for _ in range(3):
        started = time.perf_counter()
        HTML(string=html, base_url=edition.html.parent.as_uri() + "/").write_pdf(
            pdf_variant="pdf/ua-1"
        )
        bare.append(time.perf_counter() - started)
    rebuild, render = statistics.median(rebuilds), statistics.median(bare)
    ratio = rebuild / render
    print(
        f"(g) translator's loop, es A4 in watch mode after a catalog save (median of 3): "
        f"{rebuild:.2f} s; bare WeasyPrint render of that edition {render:.2f} s; "
        f"ratio {ratio:.2f} (target <= 1.3) {'PASS' if ratio <= 1.3 else 'FAIL'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--ratio-only", action="store_true", help="measure (a) to (c) only")
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="cold builds, each with its bare renders"
    )
    parser.add_argument("--bare-runs", type=int, default=1, help="bare passes per cold build")
    parser.add_argument(
        "--bare-gc",
        choices=("default", "workers"),
        default="default",
        help="garbage-collector thresholds of the bare renders",
    )
    parser.add_argument("--loop-only", action="store_true", help="measure (g) only")
    parser.add_argument("--bare-pass", type=Path, help=argparse.SUPPRESS)  # see bare_pass
    args = parser.parse_args()
    jobs = args.jobs
    if args.bare_pass:
        seconds, cpu = bare_render_times(args.bare_pass, args.bare_runs, args.bare_gc == "workers")
        print(json.dumps({"seconds": seconds, "cpu": cpu}))
        return 0
    if args.loop_only:
        with tempfile.TemporaryDirectory() as folder:
            locales = Path(folder) / "locales"
            shutil.copytree(ROOT / "locales", locales)
            translator_loop(locales, Path(folder) / "output", jobs)
        return 0

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        locales = work / "locales"
        shutil.copytree(ROOT / "locales", locales)
        out = work / "output"
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        build = [*CLI, "build", "--locales", str(locales), "--out", str(out), "--jobs", str(jobs)]

        print(f"machine: {os.cpu_count()} CPUs; workers: {jobs}")
        cold = ratio_pairs(
            build, env, out, jobs, args.cold_runs, args.bare_runs, args.bare_gc == "workers"
        )
        if args.ratio_only:
            return 0

        sys.path.insert(0, str(ROOT / "src"))
        from fbss_guide.engine.build import build_report, start_pool
        from fbss_guide.project.config import BuildConfig
        from fbss_guide.project.project_file import load_project

        project = load_project(ROOT)
        config = BuildConfig.from_project(
            project, locales_dir=locales, out_dir=out, jobs=jobs, force=True
        )
        pool = start_pool(jobs)
        [pool.submit(abs, n).get() for n in range(jobs * 4)]  # every worker has started
        report = build_report(config, pool=pool)
        print(f"(b) full build, warm workers:       {report.seconds:.1f} s")

        noop = statistics.median(timed(build, env) for _ in range(3))
        print(
            f"(d) no-op rebuild: {noop:.2f} s (target <= 0.5 s) {'PASS' if noop <= 0.5 else 'FAIL'}"
        )

        catalog = locales / "es" / "LC_MESSAGES" / "messages.po"
        original = catalog.read_text(encoding="utf-8")
        one_language = []
        for attempt in range(3):  # median of three: single runs of a few seconds are noisy
            catalog.write_text(original + f"\n# benchmark edit {attempt}\n", encoding="utf-8")
            one_language.append(timed(build, env))
        one = statistics.median(one_language)
        print(
            f"(e) rebuild after one catalog changed (new process, median of 3): {one:.1f} s "
            f"= {one / cold:.2f} of the cold full build (target <= 0.20) "
            f"{'PASS' if one / cold <= 0.2 else 'FAIL'}"
        )
        catalog.write_text(original + "\n# benchmark edit warm\n", encoding="utf-8")
        warm_config = BuildConfig.from_project(project, locales_dir=locales, out_dir=out, jobs=jobs)
        warm_one = build_report(warm_config, pool=pool).seconds
        print(
            f"    same with warm workers (watch mode): {warm_one:.1f} s "
            f"= {warm_one / cold:.2f} of the cold full build"
        )

        peak = report.peak_worker_memory_mb
        print(
            f"(f) peak memory per worker: {peak:.0f} MB (target <= 400 MB) "
            f"{'PASS' if peak <= 400 else 'FAIL'}"
        )
        translator_loop(locales, out, jobs, pool)
        pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
