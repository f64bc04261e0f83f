"""A pool of warm rendering workers that can always be stopped.

Built on `multiprocessing.Pool` rather than `concurrent.futures.ProcessPoolExecutor`:
the pool's public `terminate()` stops its workers at once, which the executor can only
do through private attributes. Workers ignore Ctrl-C (the parent decides what happens),
and ask the kernel to end them when their parent dies, so a killed build never leaves
workers behind.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

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


def _start_worker(parent: int, render_sample: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(parent)
    from fbss_guide.worker import warm_up

    warm_up(render_sample)


class WorkerPool:
    """`workers` processes, each with WeasyPrint imported (and, for long-lived pools, one
    small page laid out so fonts and Pango are warm)."""

    def __init__(self, workers: int, render_sample: bool = True) -> None:
        # fork: workers start with this process's imports; "spawn" would re-import all.
        context = multiprocessing.get_context("fork")
        self.workers = workers
        self._pool = context.Pool(
            workers, initializer=_start_worker, initargs=(os.getpid(), render_sample)
        )

    def submit(self, function: Callable[..., T], *args: Any) -> AsyncResult[T]:
        return self._pool.apply_async(function, args)

    def close(self) -> None:
        """Let the workers finish what they have, then end them."""
        self._pool.close()
        self._pool.join()

    def stop(self) -> None:
        """End the workers now, whatever they are doing (errors, Ctrl-C)."""
        self._pool.terminate()
        self._pool.join()
