"""What runs in a build's own process: the engine, then the preview.

Each build is a separate process so that a build that takes too long can be killed,
and its memory given back, without touching the server or the other builds.
"""

from __future__ import annotations

import resource
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from fbss_guide.errors import BuildError, ContentError
from fbss_guide.project.project_file import Project
from fbss_guide.serve import engine
from fbss_guide.serve.preview import preview_png


def run_build(
    connection: Connection,
    clinic_yaml: Path,
    languages: list[str],
    editions: list[str],
    cache_dir: Path,
    project: Project,
) -> None:
    """Build the zip and the preview in clinic_yaml's folder; send back the outcome."""
    outcome: dict[str, Any] = {"ok": False}
    folder = clinic_yaml.parent
    try:
        zip_path = engine.build_zip(
            clinic_yaml, languages, editions, folder, cache_dir, project=project
        )
        outcome.update(ok=True, zip=str(zip_path))
        member = engine.first_pdf(zip_path, languages)
        if member is not None:
            outcome["preview"] = str(preview_png(zip_path, member, folder))
            outcome["preview_of"] = member
    except ContentError as error:
        outcome["message"] = "; ".join(problem.message for problem in error.problems[:5])
    except BuildError as error:
        outcome["message"] = str(error).splitlines()[0] if str(error) else "the build failed"
    except Exception as error:  # reported to the page; the server itself carries on
        outcome["message"] = f"the build failed unexpectedly ({type(error).__name__}: {error})"
    outcome["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    connection.send(outcome)
    connection.close()
