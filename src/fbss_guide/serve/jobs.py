"""The build queue: a fixed number of builders, a bounded waiting line, time limits.

- At most `workers` builds run at once, each in its own process (runner.py), so memory
  is bounded by the worker count, not by the number of visitors.
- At most `max_waiting` requests wait; one more is refused (the app answers 503 with
  Retry-After) instead of piling up. A request that was accepted stays in the line until
  a builder takes it: nothing drops it.
- A build that runs longer than `timeout` seconds is killed; its builder takes the next
  request.
- Each request has its own folder; it is removed after the download, or `keep_seconds`
  after the build ended, whichever comes first.
- The engine's cache keeps one folder per clinic file and logo; a folder no request
  used for `cache_keep_seconds` is removed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import secrets
import shutil
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from fbss_guide.project.project_file import Project
from fbss_guide.serve import engine, ready, runner

QUEUED, RUNNING, DONE, FAILED, TIMED_OUT = "queued", "running", "done", "failed", "timed out"


@dataclass
class Job:
    folder: Path  # the request's own folder, holding clinic.yaml (and logo.png)
    languages: list[str]
    editions: list[str]
    id: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    state: str = QUEUED
    message: str = ""
    zip_path: Path | None = None
    preview: Path | None = None
    preview_of: str = ""
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    peak_memory_mb: float = 0.0
    released: bool = False  # its files are removed (downloaded); the record stays a while
    clinic_text: str = ""  # the clinic file, kept with the record for "save" after download
    fingerprint: str = ""  # the project's inputs when it was asked for (ready.py)
    from_cache: bool = False  # answered from a build made before, without a builder

    @property
    def clinic_yaml(self) -> Path:
        return self.folder / engine.CLINIC_FILE

    @property
    def ended(self) -> bool:
        return self.state in {DONE, FAILED, TIMED_OUT}


class QueueFull(RuntimeError):
    """Every builder is busy and the waiting line is full."""


class JobQueue:
    def __init__(
        self,
        cache_dir: Path,
        project: Project,
        workers: int = 1,
        max_waiting: int = 8,
        timeout: float = 300.0,
        keep_seconds: float = 3600.0,
        cache_keep_seconds: float = 30 * 86400.0,
    ) -> None:
        self.cache_dir = cache_dir
        self.project = project
        self.timeout = timeout
        self.keep_seconds = keep_seconds
        self.cache_keep_seconds = cache_keep_seconds
        self.max_waiting = max_waiting
        self._jobs: dict[str, Job] = {}
        self._waiting: deque[Job] = deque()
        self._cond = threading.Condition()
        self._stopping = False
        self.peak_build_memory_mb = 0.0  # the largest build process so far (for reports)
        self._running: dict[str, multiprocessing.process.BaseProcess] = {}
        # One build at a time per cache folder: the engine locks its output folder.
        self._folder_locks: dict[Path, threading.Lock] = {}
        # forkserver: builds fork from a clean process with the engine already imported
        # (fast starts), never from this threaded server.
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["fbss_guide.serve.runner"])
        self._threads = [
            threading.Thread(target=self._work, name=f"builder-{n}", daemon=True)
            for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()
        self._janitor = threading.Thread(target=self._sweep, name="janitor", daemon=True)
        self._janitor.start()

    def submit(self, job: Job) -> Job:
        """Take a request: done at once when the same build was made before from the same
        inputs (no builder, no place in the line), else into the waiting line."""
        job.clinic_text = job.clinic_yaml.read_text(encoding="utf-8")
        job.fingerprint = ready.inputs_fingerprint(self.project)
        made_before = ready.find(self._selection(job), job.fingerprint)
        if made_before is not None:
            try:
                handed = ready.hand_out(made_before, job.folder)
            except OSError:  # removed by the cache sweep meanwhile: build it again
                handed = None
            if handed is not None:
                job.zip_path, job.preview = handed.zip_path, handed.preview
                job.preview_of = handed.preview_of
                with contextlib.suppress(OSError):  # last used now: the sweep keeps it
                    os.utime(engine.cache_folder(job.clinic_yaml, self.cache_dir))
                job.state, job.from_cache = DONE, True
                job.started = job.finished = time.monotonic()
                with self._cond:
                    self._jobs[job.id] = job
                return job
        with self._cond:
            if len(self._waiting) >= self.max_waiting:
                raise QueueFull
            self._jobs[job.id] = job
            self._waiting.append(job)
            self._cond.notify()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._cond:
            return self._jobs.get(job_id)

    def position(self, job: Job) -> int:
        """1 for the next to start; 0 once it has started."""
        with self._cond:
            return next((n + 1 for n, j in enumerate(self._waiting) if j is job), 0)

    def release(self, job_id: str) -> None:
        """Remove an ended job's folder (after its download); its small record (state,
        clinic file text) stays until keep_seconds after the build."""
        with self._cond:
            job = self._jobs.get(job_id)
            if job is None or not job.ended or job.released:
                return
            job.released = True
        shutil.rmtree(job.folder, ignore_errors=True)

    def forget(self, job_id: str) -> None:
        """Remove an ended job: its folder and its record."""
        self.release(job_id)
        with self._cond:
            job = self._jobs.get(job_id)
            if job is not None and job.ended:
                del self._jobs[job_id]

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            running = list(self._running.values())
        for process in running:
            with contextlib.suppress(Exception):
                process.kill()
        for thread in self._threads:
            thread.join(timeout=5)

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._waiting and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                job = self._waiting.popleft()
                job.state, job.started = RUNNING, time.monotonic()
            try:
                self._run(job)
            except Exception as error:  # the job must end in a state, never vanish
                job.state, job.message = FAILED, f"the server could not run the build ({error})"
            job.finished = time.monotonic()

    def _run(self, job: Job) -> None:
        folder = engine.cache_folder(job.clinic_yaml, self.cache_dir)
        with self._cond:
            lock = self._folder_locks.setdefault(folder, threading.Lock())
        with lock:
            if folder.exists():
                os.utime(folder)  # last used now: the sweep keeps it
            receiver, sender = self._context.Pipe(duplex=False)
            process = self._context.Process(
                target=runner.run_build,
                args=(
                    sender,
                    job.clinic_yaml,
                    job.languages,
                    job.editions,
                    self.cache_dir,
                    self.project,
                ),
                daemon=True,
            )
            process.start()
            sender.close()
            with self._cond:
                self._running[job.id] = process
            try:
                outcome = receiver.recv() if receiver.poll(self.timeout) else None
            except EOFError:  # the process died without a word
                outcome = {"ok": False, "message": "the build process ended unexpectedly"}
            finally:
                if process.is_alive() and not receiver.closed:
                    process.join(timeout=2 if outcome is not None else 0)
                if process.is_alive():
                    process.kill()
                process.join()
                receiver.close()
                with self._cond:
                    self._running.pop(job.id, None)
        if outcome is None:
            job.state = TIMED_OUT
            job.message = f"the build took longer than {self.timeout:g} seconds and was stopped"
            return
        job.peak_memory_mb = float(outcome.get("peak_memory_mb", 0.0))
        self.peak_build_memory_mb = max(self.peak_build_memory_mb, job.peak_memory_mb)
        if not outcome["ok"]:
            job.state, job.message = FAILED, outcome.get("message", "the build failed")
            return
        job.zip_path = Path(outcome["zip"])
        if "preview" in outcome:
            job.preview, job.preview_of = Path(outcome["preview"]), outcome["preview_of"]
        job.state = DONE
        made = ready.ReadyBuild(job.zip_path, job.preview, job.preview_of)
        # Kept for repeats; a failure here (disk full, a sweep) costs only that speed-up.
        with contextlib.suppress(OSError):
            ready.keep(self._selection(job), made, job.fingerprint)

    def _selection(self, job: Job) -> Path:
        folder = engine.cache_folder(job.clinic_yaml, self.cache_dir)
        return ready.selection_folder(folder, job.languages, job.editions)

    def _sweep(self) -> None:
        """Remove the folders of jobs that ended keep_seconds ago, and cache folders no
        request used for cache_keep_seconds."""
        while not self._stopping:
            time.sleep(min(30.0, max(0.5, self.keep_seconds / 4)))
            now = time.monotonic()
            with self._cond:
                old = [
                    job.id
                    for job in self._jobs.values()
                    if job.ended and job.finished and now - job.finished > self.keep_seconds
                ]
            for job_id in old:
                self.forget(job_id)
            self.prune_cache()

    def prune_cache(self) -> list[Path]:
        """Remove cache folders unused for cache_keep_seconds; the ones removed."""
        removed: list[Path] = []
        limit = time.time() - self.cache_keep_seconds
        try:
            folders = sorted(self.cache_dir.iterdir())
        except FileNotFoundError:  # the work folder went away (a stopped server's temp dir)
            return removed
        for folder in folders:
            with self._cond:
                lock = self._folder_locks.setdefault(folder, threading.Lock())
            # A folder in use by a build is skipped; its next sweep comes soon enough.
            if not lock.acquire(blocking=False):
                continue
            try:
                if folder.stat().st_mtime < limit:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
            finally:
                lock.release()
        return removed
