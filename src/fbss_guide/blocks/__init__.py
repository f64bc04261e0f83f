"""Block kinds: one module per kind, each defining its dataclass and its `BlockKind`.

Adding a kind means one module here (its dataclass and `KIND = BlockKind(...)`), its
name in the import, the registration list and the `Block` type below, and its macro
file `templates/partials/blocks/<name>.html.j2`. The loader, renderer, readability,
evidence check and message extractor find it in the registry. A kind defined elsewhere
(a plugin, a test) calls `register(KIND)` itself.
"""

from __future__ import annotations

from fbss_guide.blocks import (
    bullets,
    callout,
    checklist,
    claims,
    figure,
    glossary,
    heading,
    options_table,
    paragraph,
    references,
    review_info,
    steps,
)
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

# For type hints; at run time the registry decides what a block is.
Block = (
    Heading
    | Paragraph
    | Bullets
    | Steps
    | Callout
    | OptionsTable
    | Claims
    | Checklist
    | Glossary
    | Figure
    | ReferenceList
    | ReviewInfo
)

# Every kind this package defines, in the order error hints list them.
for _module in (
    heading,
    paragraph,
    bullets,
    steps,
    callout,
    options_table,
    claims,
    checklist,
    glossary,
    figure,
    references,
    review_info,
):
    register(_module.KIND)

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
