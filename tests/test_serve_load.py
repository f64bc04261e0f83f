"""Load on `fbss-guide serve` over real HTTP on 127.0.0.1: 30 clinics at once.

Each request is either served correctly (its zip's PDF holds its own clinic's name and
no other's) or refused with 503 and Retry-After; none is lost or mixed up. Kept small
enough for CI on 2 cores: English A4, 2 builders and a waiting line of 2, so most of
the 30 are refused and at most 4 builds run. benchmarks/bench_serve.py measures the
same with a longer line, cached and uncached.
"""

from __future__ import annotations

import io
import re
import resource
import secrets
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from serve_support import Client, clinic_fields, empty_soon, running_server

from fbss_guide.serve.app import Settings

pytestmark = pytest.mark.slow
REQUESTS = 30


def _visit(base: str, number: int, folder: Path) -> tuple[str, str]:
    """One clinic's visit: ('served', pdf text), ('refused', retry-after) or a failure."""
    name = f"Load Test Clinic {number:02d}"
    client = Client(base)
    client.open_form()
    reply = client.post("/build", clinic_fields(name, emergency=f"0800 555 {number:04d}"))
    if reply.status == 503:
        return "refused", reply.headers.get("Retry-After", "")
    if reply.status != 200 or "/jobs/" not in reply.url:
        return "failed", f"{reply.status}: {reply.text[:300]}"
    done = client.wait_for(reply)
    if "Your handouts are ready" not in done.text:
        return "failed", done.text[-500:]
    archive = client.get(done.url.removeprefix(base) + "/handouts.zip")
    with zipfile.ZipFile(io.BytesIO(archive.body)) as handouts:
        (pdf,) = [n for n in handouts.namelist() if n.endswith(".pdf")]
        path = folder / f"{number}-{secrets.token_hex(6)}.pdf"  # one clinic may visit twice
        path.write_bytes(handouts.read(pdf))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "served", " ".join(text.split())


def test_thirty_clinics_at_once_are_served_or_refused_never_lost(tmp_path: Path) -> None:
    settings = Settings(work_dir=tmp_path / "work", workers=2, max_waiting=2, timeout=600)
    with running_server(settings) as (base, app):
        with ThreadPoolExecutor(REQUESTS) as visitors:
            outcomes = list(
                visitors.map(lambda n: _visit(base, n, tmp_path), range(1, REQUESTS + 1))
            )
        peak_build = app.extensions["fbss_queue"].peak_build_memory_mb
        assert empty_soon(tmp_path / "work" / "requests")  # all downloaded, all gone
    served = {n: text for n, (kind, text) in enumerate(outcomes, 1) if kind == "served"}
    refused = [text for kind, text in outcomes if kind == "refused"]
    failed = [text for kind, text in outcomes if kind == "failed"]
    assert failed == []
    assert len(served) + len(refused) == REQUESTS
    assert 1 <= len(served) <= REQUESTS and set(refused) <= {"30"}
    for number, text in served.items():
        names = set(re.findall(r"Load Test Clinic \d\d", text))
        assert names == {f"Load Test Clinic {number:02d}"}, (number, names)
        assert f"0800 555 {number:04d}" in text
    server_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n{REQUESTS} requests: {len(served)} served, {len(refused)} answered 503; "
        f"peak memory: server {server_mb:.0f} MB, largest build {peak_build:.0f} MB"
    )
    assert peak_build < 1500, "a single build should stay well under 1.5 GB"


def test_thirty_identical_requests_for_a_build_made_before_are_all_served_at_once(
    tmp_path: Path,
) -> None:
    # One builder and one waiting place: without the ready builds, 28 of 30 would get 503.
    settings = Settings(work_dir=tmp_path / "work", workers=1, max_waiting=1, timeout=600)
    with running_server(settings) as (base, app):
        first = _visit(base, 7, tmp_path)
        assert first[0] == "served", first
        with ThreadPoolExecutor(REQUESTS) as visitors:
            outcomes = list(visitors.map(lambda _: _visit(base, 7, tmp_path), range(REQUESTS)))
        jobs = list(app.extensions["fbss_queue"]._jobs.values())
    assert [kind for kind, _ in outcomes] == ["served"] * REQUESTS
    assert all("Load Test Clinic 07" in text for _, text in outcomes)
    # Every repeat was answered from the build made before, none by a builder.
    assert sum(job.from_cache for job in jobs) == REQUESTS
