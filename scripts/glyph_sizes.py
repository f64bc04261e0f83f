"""Print the share of glyphs at each text size in built PDFs, measured from the PDF.

    .venv/bin/python scripts/glyph_sizes.py output/en/fbss-guide-en-a4-large-print.pdf ...

For each file: every size in points with its share of the glyphs drawn (white space not
counted), and the share below a floor (--floor, 18 pt: large print). Exit status 1 when
some file has text below the floor, so the script can guard a folder of large-print
editions.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fbss_guide.checks.legibility import glyph_sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="+", type=Path)
    parser.add_argument("--floor", type=float, default=18.0, help="smallest size allowed (pt)")
    args = parser.parse_args()
    below_floor = False
    for path in args.pdf:
        sizes = glyph_sizes(path)
        total = sum(sizes.values()) or 1
        shares = ", ".join(
            f"{size:g} pt {count / total:.1%}" for size, count in sorted(sizes.items())
        )
        small = sum(count for size, count in sizes.items() if size < args.floor - 0.05)
        below_floor |= small > 0
        print(f"{path}: {total} glyphs; {shares}; below {args.floor:g} pt: {small / total:.1%}")
    return 1 if below_floor else 0


if __name__ == "__main__":
    sys.exit(main())
