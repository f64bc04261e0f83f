"""Load the content and run the gates every build must pass (evidence, fair quotes,
readability)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fbss_guide.errors import ContentError
from fbss_guide.i18n.paths import SOURCE_LANGUAGE
from fbss_guide.project.project_file import READABILITY_CONFIG

if TYPE_CHECKING:
    from fbss_guide.guide.model import Guide


def check_guide(guide: Guide, locales_dir: Path) -> None:
    """The gates of the loaded content; a ContentError lists every problem."""
    from fbss_guide.checks.evidence import check_evidence
    from fbss_guide.checks.quotes import check_quotes
    from fbss_guide.readability import load_targets, readability_problems, score_guide

    problems = check_evidence(guide) + check_quotes(guide)
    targets = load_targets(locales_dir / READABILITY_CONFIG, SOURCE_LANGUAGE)
    problems += readability_problems(score_guide(guide, targets))
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)


def guide_id(content_dir: Path) -> str:
    """The guide's id, read without loading the whole content (used for file names)."""
    from fbss_guide.inputs.yamlfile import load_yaml

    # The same limits as every input (no FIFO, no 50 MB file, no alias bomb); its
    # problems are reported when the content is loaded.
    data = load_yaml(content_dir / "guide.yaml", [], root=content_dir)
    value = data.get("id") if isinstance(data, dict) else None
    return str(value) if value else "guide"
