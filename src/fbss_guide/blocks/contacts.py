"""Places to get help, each with its name and its web address and phone number printed
in full, so the list still works on paper."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fbss_guide.blocks.base import BlockBase, BlockKind, EvidenceRule, Field, RowKind, TextRoles
from fbss_guide.guide.markup import Inline

# Digits, spaces and a leading +: what a reader dials, printed as written.
PHONE = re.compile(r"^\+?[0-9][0-9 ]*[0-9]$")


@dataclass(frozen=True)
class Contact:
    id: str
    name: Inline
    what: Inline
    web: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Contacts(BlockBase):
    id: str
    rows: tuple[Contact, ...]
    intro: Inline | None = None


def _addresses_are_usable(values: Mapping[str, Any]) -> tuple[str, str] | None:
    for row in values["rows"]:
        if row.web is None and row.phone is None:
            return (
                f"help source '{row.id}' has neither a web address nor a phone number",
                "add 'web:' (https://...) or 'phone:', or remove the entry",
            )
        if row.web is not None and (
            not row.web.startswith("https://") or re.search(r"\s", row.web)
        ):
            return (
                f"help source '{row.id}': web address '{row.web}' must start with https:// "
                "and have no spaces",
                "write the full address, for example https://www.nhs.uk/",
            )
        if row.phone is not None and not PHONE.match(row.phone):
            return (
                f"help source '{row.id}': phone '{row.phone}' may hold only digits, spaces "
                "and a leading +",
                "write it as a reader dials it, for example '116 123'",
            )
    return None


CONTACT_ROW = RowKind(
    cls=Contact,
    fields={
        "id": Field("id"),
        "name": Field("text"),
        "what": Field("text"),
        "web": Field("str", required=False),
        "phone": Field("str", required=False),
    },
    roles=TextRoles(labels=frozenset({"name"})),
    notes={
        "name": "name of an organisation (translate only if it has a name in your language)",
        "what": "what this organisation offers, one short sentence",
    },
)

KIND = BlockKind(
    name="contacts",
    cls=Contacts,
    fields={
        "id": Field("id"),
        "rows": Field("rows", row=CONTACT_ROW),
        "intro": Field("text", required=False),
    },
    # A directory of services: addresses and phone numbers are not claims.
    evidence=EvidenceRule.NONE,
    notes={"intro": "intro"},
    validate=_addresses_are_usable,
)
