"""The /ParentTree rebuilt from the repaired tree, and every marked-content sequence
left outside the tree marked as an /Artifact.
"""

from __future__ import annotations

from typing import Any

import pikepdf

from fbss_guide.pdf.content import Begin, PageContent
from fbss_guide.pdf.tree import Node

# What a running header's or footer's BDC becomes.
ARTIFACT_BDC = b"/Artifact <</Type /Pagination>> BDC"


def rebuild_parent_tree(pdf: pikepdf.Pdf, tree: Node) -> set[tuple[int, int]]:
    """Point the /ParentTree of `tree` (the copy of the /StructTreeRoot after the merge)
    at the merged elements, and each element's /P at its parent; return the (page, MCID)
    pairs the tree holds."""
    root = tree.obj
    owners: dict[tuple[int, int], Any] = {}
    objects: dict[tuple[int, int], Any] = {}

    def visit(node: Node) -> None:
        for item in node.items:
            if isinstance(item, Node):
                item.obj.P = node.obj
                visit(item)
            else:
                owners[(item[0], item[2])] = node.obj
        for objgen in node.annotations:
            objects[objgen] = node.obj

    visit(tree)
    by_page: dict[int, list[int]] = {}
    for page_number, mcid in owners:
        by_page.setdefault(page_number, []).append(mcid)
    nums: list[tuple[int, Any]] = []
    for number, page in enumerate(pdf.pages):
        key = page.obj.get("/StructParents")
        if key is None:
            continue
        mine = by_page.get(number, [])
        size = max(mine) + 1 if mine else 0
        nums.append((int(key), pikepdf.Array([owners.get((number, i)) for i in range(size)])))
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation and annotation.objgen in objects:
                nums.append((int(annotation.StructParent), objects[annotation.objgen]))
    flat: list[Any] = []
    for number, value in sorted(nums, key=lambda item: item[0]):
        flat += [number, value]
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(flat)))
    root.ParentTreeNextKey = max((key for key, _ in nums), default=-1) + 1
    return set(owners)


def mark_artifacts(pages: list[PageContent], tagged: set[tuple[int, int]]) -> int:
    """Turn every numbered marked-content sequence the tree does not hold (running
    headers and footers, repeated table headers) into an /Artifact. Returns how many."""
    changed = 0
    for content in pages:
        for event in content.events:
            if not isinstance(event, Begin) or event.mcid is None:
                continue
            if (content.number, event.mcid) in tagged:
                continue
            content.replace(event, ARTIFACT_BDC)
            event.mcid, event.artifact = None, True
            changed += 1
    return changed
