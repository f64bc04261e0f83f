"""Run the app under waitress until Ctrl-C or SIGTERM."""

from __future__ import annotations

import signal
from pathlib import Path

from fbss_guide.project import load_project
from fbss_guide.serve.app import Settings, create_app


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    project: Path | None = None,
    work_dir: Path | None = None,
    workers: int = 1,
    max_waiting: int = 8,
    timeout: float = 300.0,
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
        # Threads answer pages only; builds run in the queue's own processes, so a few
        # threads are enough however many builds wait.
        # (waitress returns, rather than raising, after Ctrl-C or SIGTERM)
        waitress_serve(app, host=host, port=port, threads=8, ident="fbss-guide")
    except KeyboardInterrupt:
        pass
    finally:
        app.extensions["fbss_queue"].stop()
    print("stopped; builds that were running or waiting were cancelled", flush=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
