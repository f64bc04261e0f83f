"""fbss-guide: accessible, plain-language patient handouts built from YAML."""

from fbss_guide.errors import BuildError, ContentError, Problem

__version__ = "0.1.0"
__all__ = ["BuildError", "ContentError", "Problem", "__version__"]
