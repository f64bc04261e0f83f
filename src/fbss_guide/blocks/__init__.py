"""Block kinds: one module per kind, each defining its dataclass and its `BlockKind`.

Adding a kind means one module here (its dataclass and `KIND = BlockKind(...)`, found
and registered at import) and its macro file `templates/partials/blocks/<name>.html.j2`.
The loader, renderer, readability, evidence check and message extractor find it in the
registry. A kind defined elsewhere
(a plugin, a test) calls `register(KIND)` itself.
"""

from __future__ import annotations

import importlib
import pkgutil

from fbss_guide.blocks.base import (
    COMMON_FIELDS,
    BlockBase,
    BlockKind,
    EvidenceRule,
    Field,
    Message,
    RowKind,
    TextRoles,
)
from fbss_guide.blocks.bullets import Bullets
from fbss_guide.blocks.callout import Callout, CalloutLevel
from fbss_guide.blocks.checklist import Checklist
from fbss_guide.blocks.claims import ClaimRow, Claims, Verdict
from fbss_guide.blocks.figure import Figure
from fbss_guide.blocks.glossary import Glossary, Term
from fbss_guide.blocks.heading import Heading
from fbss_guide.blocks.options_table import Certainty, Effect, OptionRow, OptionsTable
from fbss_guide.blocks.paragraph import Paragraph
from fbss_guide.blocks.references import ReferenceList
from fbss_guide.blocks.registry import REGISTRY, Registry, UnknownBlockKind, register
from fbss_guide.blocks.review_info import ReviewInfo
from fbss_guide.blocks.steps import Steps

# For type hints: every block is a BlockBase; at run time the registry decides its kind.
Block = BlockBase


def _register_package_kinds() -> None:
    """Register every kind module of this package (each defines `KIND`), so adding a
    kind is its module and its macro file, nothing else."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name in {"base", "registry"}:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, BlockKind) and REGISTRY.named(kind.name) is None:
            register(kind)


_register_package_kinds()

__all__ = [
    "COMMON_FIELDS",
    "REGISTRY",
    "Block",
    "BlockBase",
    "BlockKind",
    "Bullets",
    "Callout",
    "CalloutLevel",
    "Certainty",
    "Checklist",
    "ClaimRow",
    "Claims",
    "Effect",
    "EvidenceRule",
    "Field",
    "Figure",
    "Glossary",
    "Heading",
    "Message",
    "OptionRow",
    "OptionsTable",
    "Paragraph",
    "ReferenceList",
    "Registry",
    "ReviewInfo",
    "RowKind",
    "Steps",
    "Term",
    "TextRoles",
    "UnknownBlockKind",
    "Verdict",
    "register",
]
