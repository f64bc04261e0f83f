"""`fbss-guide serve` under load: prints figures; it is not a test.

    .venv/bin/python benchmarks/bench_serve.py [--requests 30] [--workers 1,2,4] [--queue 8]
        [--languages en] [--editions a4]

For each builder count in --workers, starts `fbss-guide serve` in its own process on a
free port of 127.0.0.1 with a fresh work folder (the visitors here do not share its
interpreter), then:
  1. different: REQUESTS different clinics post the form at the same moment; each that is
     accepted waits for its build and downloads its zip; the others get 503.
  2. identical: one clinic that was served posts the very same form REQUESTS times at the
     same moment: every one must be answered from the build made before, without a
     builder or a place in the waiting line.
For each round: requests, served, 503s, failures, "submit -> ready" p50/p95 (from posting
the form to the page that offers the zip, served requests only), the builds finished per
minute, and whether every PDF holds its own clinic's name (checked after the round, so the
checking does not slow the visitors). Peak memory: the largest total resident memory of
the server and all its child processes, sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from serve_support import Client, clinic_fields  # noqa: E402


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _tree(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += _tree(int(child))
    return found


class MemorySampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mb = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            total = sum(_rss_mb(pid) for pid in _tree(self.pid))
            self.peak_mb = max(self.peak_mb, total)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(work: Path, workers: int, queue: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [
        str(ROOT / ".venv" / "bin" / "fbss-guide"),
        *("serve", "--project", str(ROOT), "--port", str(port), "--work-dir", str(work)),
        *("--workers", str(workers), "--queue", str(queue), "--timeout", "1800"),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, f"http://127.0.0.1:{port}"
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start: {' '.join(command)}") from None
            time.sleep(0.2)


def _visit(base: str, number: int, languages: list[str], editions: list[str]):
    name = f"Bench Clinic {number:03d}"
    fields = {**clinic_fields(name), "languages": languages, "editions": editions}
    client = Client(base)
    client.open_form()
    started = time.perf_counter()
    reply = client.post("/build", fields)
    if reply.status == 503:
        return number, "503", 0.0, b""
    done = client.wait_for(reply, seconds=3600, poll=0.05)
    if "Your handouts are ready" not in done.text:
        return number, "failed", 0.0, b""
    elapsed = time.perf_counter() - started
    archive = client.get(done.url.removeprefix(base) + "/handouts.zip")
    return number, "served", elapsed, archive.body


def _own_name(number: int, archive: bytes) -> bool:
    name = f"Bench Clinic {number:03d}"
    with zipfile.ZipFile(io.BytesIO(archive)) as handouts:
        pdfs = [n for n in handouts.namelist() if n.endswith(".pdf")]
        return bool(pdfs) and all(_has_name(handouts, member, name) for member in pdfs)


def _has_name(handouts: zipfile.ZipFile, member: str, name: str) -> bool:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(handouts.read(member))
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", pdf.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return name in " ".join(text.split())


def _round(label: str, base: str, numbers: list[int], args: argparse.Namespace) -> list[int]:
    """numbers: one clinic per request (a number twice is the same clinic's form)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(len(numbers)) as pool:
        results = list(pool.map(lambda n: _visit(base, n, args.languages, args.editions), numbers))
    wall = time.perf_counter() - started
    results = [
        (number, kind if kind != "served" or _own_name(number, body) else "mixed up", seconds)
        for number, kind, seconds, body in results
    ]
    latencies = sorted(seconds for _, kind, seconds in results if kind == "served")
    kinds = [kind for _, kind, _ in results]
    p50 = statistics.median(latencies) if latencies else float("nan")
    p95 = latencies[round(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    print(
        f"{label:<9} requests {len(numbers):>3}  served {kinds.count('served'):>3}  "
        f"503 {kinds.count('503'):>3}  failed {kinds.count('failed'):>2}  "
        f"mixed up {kinds.count('mixed up'):>2}  submit->ready p50 {p50:6.2f} s  "
        f"p95 {p95:6.2f} s  wall {wall:6.1f} s  "
        f"{60 * kinds.count('served') / wall:5.1f} served/min",
        flush=True,
    )
    print("          latencies (s): " + " ".join(f"{s:.2f}" for s in latencies), flush=True)
    return [number for number, kind, _ in results if kind == "served"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--workers",
        default=[1, 2, 4],
        type=lambda s: [int(n) for n in s.split(",")],
        help="builder counts to measure, e.g. 1,2,4",
    )
    parser.add_argument("--queue", type=int, default=8, help="requests that may wait")
    parser.add_argument("--languages", default="en", type=lambda s: s.split(","))
    parser.add_argument("--editions", default="a4", type=lambda s: s.split(","))
    args = parser.parse_args()
    peaks = []
    for workers in args.workers:
        with tempfile.TemporaryDirectory(prefix="fbss-bench-serve-") as work:
            server, base = _start_server(Path(work), workers, args.queue)
            sampler = MemorySampler(server.pid)
            sampler.start()
            try:
                print(
                    f"{args.requests} concurrent requests, {workers} builders, waiting line "
                    f"{args.queue}, languages {','.join(args.languages)}, editions "
                    f"{','.join(args.editions)}, {os.cpu_count()} CPUs",
                    flush=True,
                )
                served = _round("different", base, list(range(1, args.requests + 1)), args)
                if served:
                    _round("identical", base, [served[0]] * args.requests, args)
            finally:
                sampler.stop.set()
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
            peaks.append(f"{workers} builders {sampler.peak_mb:.0f} MB")
    print("peak memory of the server and all its processes: " + ", ".join(peaks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
