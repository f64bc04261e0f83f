"""The registry of block kinds: lookups by YAML name and by dataclass."""

from __future__ import annotations

from collections.abc import Iterator

from fbss_guide.blocks.base import BlockKind, TextRoles
from fbss_guide.errors import BuildError


class UnknownBlockKind(BuildError):
    """A block object whose type no registered kind owns reached the renderer."""


class Registry:
    """Block kinds in the order they were registered (the order hints list them in)."""

    def __init__(self) -> None:
        self._by_name: dict[str, BlockKind] = {}
        self._by_class: dict[type, BlockKind] = {}
        self._roles: dict[type, TextRoles] = {}

    def register(self, kind: BlockKind) -> BlockKind:
        if kind.name in self._by_name:
            raise ValueError(f"block kind '{kind.name}' is already registered")
        if kind.cls in self._by_class:
            owner = self._by_class[kind.cls].name
            raise ValueError(f"{kind.cls.__name__} is already the dataclass of '{owner}'")
        self._by_name[kind.name] = kind
        self._by_class[kind.cls] = kind
        self._roles[kind.cls] = kind.roles
        for row in kind.row_kinds():
            self._roles.setdefault(row.cls, row.roles)
        return kind

    def unregister(self, name: str) -> None:
        """Remove a kind (a test that registered its own puts the registry back)."""
        kind = self._by_name.pop(name)
        del self._by_class[kind.cls]
        del self._roles[kind.cls]
        owned = {row.cls for other in self._by_name.values() for row in other.row_kinds()}
        for row in kind.row_kinds():
            if row.cls not in owned:
                self._roles.pop(row.cls, None)

    def names(self) -> list[str]:
        return list(self._by_name)

    def __iter__(self) -> Iterator[BlockKind]:
        return iter(self._by_name.values())

    def named(self, name: object) -> BlockKind | None:
        """The kind a YAML `kind:` value names, or None (the loader reports it)."""
        return self._by_name.get(name) if isinstance(name, str) else None

    def of(self, block: object) -> BlockKind:
        """The kind of a block object; a type nobody registered is an error, never a
        block that silently drops out of a patient handout."""
        kind = self._by_class.get(type(block))
        if kind is None:
            raise UnknownBlockKind(
                f"cannot print a block of type {type(block).__name__}: it is not a "
                f"registered block kind (known kinds: {', '.join(self._by_name)}); "
                "register it with fbss_guide.blocks.register(BlockKind(...))"
            )
        return kind

    def roles(self, cls: type) -> TextRoles:
        """How readability treats the texts of a block or row class."""
        roles = self._roles.get(cls)
        if roles is None:
            raise UnknownBlockKind(
                f"{cls.__name__} is neither a registered block kind nor one of their rows"
            )
        return roles


# The registry the loader, renderer and checks consult; kind modules register here.
REGISTRY = Registry()


def register(kind: BlockKind) -> BlockKind:
    """Add a kind to the registry (a kind module calls this once, at import)."""
    return REGISTRY.register(kind)
