"""Run the app under waitress until Ctrl-C or SIGTERM."""

from __future__ import annotations

import resource
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fbss_guide.project.project_file import load_project
from fbss_guide.serve.app import Settings, create_app


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    project: Path | None = None,
    work_dir: Path | None = None,
    workers: int = 1,
    max_waiting: int = 8,
    timeout: float = 300.0,
    connections: int = 1000,
    trusted_proxy: str | None = None,
) -> int:
    """Serve the clinic form; returns the exit code."""
    from waitress import serve as waitress_serve

    settings = Settings(
        project=load_project(project),
        work_dir=work_dir.resolve() if work_dir else None,
        workers=max(1, workers),
        max_waiting=max(0, max_waiting),
        timeout=timeout,
    )
    app = create_app(settings)
    # SIGTERM (systemd, `kill`) stops like Ctrl-C: running builds are ended, not orphaned.
    signal.signal(signal.SIGTERM, _interrupt)
    print(f"Serving the clinic form on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    if host not in {"127.0.0.1", "localhost", "::1"}:
        print(
            "note: the form is open to the network and has no login; put it behind a "
            "reverse proxy with HTTPS (see docs/serving.md)",
            flush=True,
        )
    try:
        # (waitress returns, rather than raising, after Ctrl-C or SIGTERM)
        waitress_serve(app, **waitress_options(host, port, connections, trusted_proxy))
    except KeyboardInterrupt:
        pass
    finally:
        app.extensions["fbss_queue"].stop()
    print("stopped; builds that were running or waiting were cancelled", flush=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@dataclass(frozen=True)
class ConnectionPolicy:
    """How waitress treats connections, chosen so that idle ones cannot lock others out.

    waitress's defaults (100 connections, idle ones kept 120 s, select()) let anyone who
    can reach the port fill every slot with idle sockets. Here: many more slots than a
    clinic's form ever needs, poll() instead of select() (select() fails past 1024 open
    files), and idle connections closed after `idle_seconds`, checked every few seconds.
    A reverse proxy in front (docs/serving.md) limits connections per address as well.
    """

    connections: int = 1000
    idle_seconds: int = 20
    cleanup_every: int = 5


def waitress_options(
    host: str,
    port: int,
    connections: int = ConnectionPolicy.connections,
    trusted_proxy: str | None = None,
) -> dict[str, Any]:
    """The keyword arguments for waitress.serve or waitress.create_server."""
    policy = ConnectionPolicy(connections=max(10, connections))
    _allow_open_files(policy.connections + 64)
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        # Threads answer pages only; builds run in the queue's own processes.
        "threads": 8,
        "ident": "fbss-guide",
        "connection_limit": policy.connections,
        "channel_timeout": policy.idle_seconds,
        "cleanup_interval": policy.cleanup_every,
        "asyncore_use_poll": True,
    }
    if trusted_proxy:
        # Only the proxy's own address may say the visitor came over HTTPS; the session
        # cookie is then marked Secure (app.py).
        options.update(
            trusted_proxy=trusted_proxy,
            trusted_proxy_headers={"x-forwarded-proto", "x-forwarded-for"},
            trusted_proxy_count=1,
        )
    return options


def _allow_open_files(wanted: int) -> None:
    """Raise this process's soft limit on open files (often 1024) towards `wanted`, so
    that the connection limit, not the file limit, is what a crowd of sockets meets."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
