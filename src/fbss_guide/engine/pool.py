"""A pool of warm rendering workers that can always be stopped at once.

Why not `multiprocessing.Pool` or `ProcessPoolExecutor`: both share one task queue
between workers, guarded by a lock that an idle worker holds while it waits for work.
Stopping such a pool (`Pool.terminate()`) first takes that lock, so a Ctrl-C that lands
while a worker waits for its next edition can hang the build for good; the executor can
only kill its workers through private attributes. Here each worker has its own pipe,
and one dispatcher thread hands tasks to idle workers: there is no shared lock, and
stopping is killing the processes. Workers ignore Ctrl-C (the parent decides what
happens) and ask the kernel to end them when their parent dies, so a killed build never
leaves workers behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
import traceback
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _end_with_parent(parent: int) -> None:
    """Have the kernel send SIGTERM to this worker when its parent process dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's own cleanup still applies
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _serve(connection: Connection, parent: int, render_sample: bool) -> None:
    """A worker: run each (function, arguments) that arrives, send back the outcome."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(parent)
    from fbss_guide.engine.worker import warm_up

    warm_up(render_sample)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        function, arguments = message
        try:
            outcome = (True, function(*arguments))
        except Exception as error:  # sent back whole, so the parent can report it
            outcome = (False, "".join(traceback.format_exception(error)))
        connection.send(outcome)


class WorkerCrashed(RuntimeError):
    """A worker raised an error no check foresaw (a bug), or died. The message's first
    line says what; the rest is the worker's own traceback, for the crash report."""


class Task(Generic[T]):
    """A submitted call; `get()` waits for its result."""

    def __init__(self, function: Callable[..., T], arguments: tuple[Any, ...]) -> None:
        self.function = function
        self.arguments = arguments
        self._done = threading.Event()
        self._result: T | None = None
        self._error: str | None = None

    def finish(self, ok: bool, value: Any) -> None:
        if ok:
            self._result = value
        else:
            self._error = str(value)
        self._done.set()

    def get(self) -> T:
        while not self._done.wait(0.2):  # short waits keep Ctrl-C responsive
            pass
        if self._error is not None:
            last = self._error.strip().splitlines()[-1] if self._error.strip() else "?"
            raise WorkerCrashed(f"a rendering worker failed: {last}\n{self._error}")
        return self._result  # type: ignore[return-value]

    @property
    def done(self) -> bool:
        return self._done.is_set()


class WorkerPool:
    """`workers` processes, each with WeasyPrint imported (and, for long-lived pools, one
    small page laid out so fonts and Pango are warm)."""

    def __init__(self, workers: int, render_sample: bool = True) -> None:
        # fork: workers start with this process's imports; "spawn" would re-import all.
        context = multiprocessing.get_context("fork")
        self.workers = workers
        self._processes: list[BaseProcess] = []
        self._connections: list[Connection] = []
        for _ in range(workers):
            mine, theirs = context.Pipe()
            process = context.Process(
                target=_serve, args=(theirs, os.getpid(), render_sample), daemon=True
            )
            process.start()
            theirs.close()
            self._processes.append(process)
            self._connections.append(mine)
        self._pending: deque[Task[Any]] = deque()
        self._submitted: list[Task[Any]] = []
        self._lock = threading.Lock()
        self._wake_reader, self._wake_writer = context.Pipe(duplex=False)
        self._stopping = False
        self._dispatcher = threading.Thread(target=self._dispatch, daemon=True)
        self._dispatcher.start()

    def submit(self, function: Callable[..., T], *arguments: Any) -> Task[T]:
        task: Task[T] = Task(function, arguments)
        with self._lock:
            self._pending.append(task)
            self._submitted = [t for t in self._submitted if not t.done] + [task]
        self._wake()
        return task

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_writer.send(None)

    def _dispatch(self) -> None:
        """Hand pending tasks to idle workers; collect results; notice dead workers."""
        busy: dict[Connection, Task[Any]] = {}
        idle = list(self._connections)
        while not self._stopping:
            with self._lock:
                while idle and self._pending:
                    connection, task = idle.pop(), self._pending.popleft()
                    try:
                        connection.send((task.function, task.arguments))
                    except OSError as error:
                        task.finish(False, f"could not send the task to a worker ({error})")
                        continue
                    busy[connection] = task
            for ready in wait([self._wake_reader, *busy]):
                if ready is self._wake_reader:
                    with contextlib.suppress(EOFError, OSError):
                        self._wake_reader.recv()
                    continue
                connection = ready  # type: ignore[assignment]
                task = busy.pop(connection)
                try:
                    ok, value = connection.recv()
                except (EOFError, OSError):
                    task.finish(False, "the worker process ended unexpectedly")
                    continue  # a dead worker gets no more tasks
                task.finish(ok, value)
                idle.append(connection)
        for task in busy.values():
            task.finish(False, "the build was stopped")

    def close(self) -> None:
        """Let the workers finish what they have, then end them."""
        with self._lock:
            outstanding = list(self._submitted)
        for task in outstanding:
            while not task._done.wait(0.2):
                pass
        self._shutdown(kill=False)

    def stop(self) -> None:
        """End the workers now, whatever they are doing (errors, Ctrl-C)."""
        self._shutdown(kill=True)

    def _shutdown(self, kill: bool) -> None:
        self._stopping = True
        self._wake()
        for process, connection in zip(self._processes, self._connections, strict=True):
            if kill:
                process.kill()
            else:
                with contextlib.suppress(OSError):
                    connection.send(None)
        for process in self._processes:
            process.join(timeout=None if not kill else 5)
        self._dispatcher.join(timeout=5)
        for connection in (*self._connections, self._wake_reader, self._wake_writer):
            connection.close()
