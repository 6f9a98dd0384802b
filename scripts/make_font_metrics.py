"""Write the font metrics the deck exporter measures text with.

usage: python scripts/make_font_metrics.py [OUT.json]

The deck exporter wraps table text itself, so it must know how wide each
character is in the font LibreOffice and PowerPoint draw with. This script
reads the advance width of every character the deck may hold from the
metric-compatible free fonts (Carlito for Calibri, Liberation Sans for Arial,
DejaVu Sans for what a renderer falls back to) and writes them to
``src/rusmodel/plugins/deck/fontmetrics.json``. It parses the TrueType tables
itself, so it needs nothing but the font files (Debian: fonts-crosextra-carlito,
fonts-liberation2, fonts-dejavu-core). Run it again only to add a font.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

FONTS = {
    # family: (files by style, the font names it stands in for)
    "Carlito": (
        {
            "regular": "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
            "bold": "/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf",
        },
        ["Calibri", "Carlito"],
    ),
    "Liberation Sans": (
        {
            "regular": "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
            "bold": "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
        },
        ["Arial", "Liberation Sans", "Helvetica", "Arimo"],
    ),
    "DejaVu Sans": (
        {
            "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        },
        ["DejaVu Sans", "Verdana"],
    ),
}

# Latin scripts, punctuation, currency, arrows, mathematical signs and shapes:
# what Swedish and English reports are written with.
RANGES = [
    (0x20, 0x24F),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x25A0, 0x25FF),
]

OUT = Path(__file__).resolve().parent.parent / "src/rusmodel/plugins/deck/fontmetrics.json"


def _tables(data: bytes) -> dict[str, tuple[int, int]]:
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag.decode("latin-1")] = (offset, length)
    return tables


def _cmap(data: bytes, offset: int) -> dict[int, int]:
    """Code point to glyph id, from the best Unicode subtable (format 12 or 4)."""
    count = struct.unpack(">H", data[offset + 2 : offset + 4])[0]
    subtables = []
    for i in range(count):
        platform, encoding, sub = struct.unpack(
            ">HHI", data[offset + 4 + 8 * i : offset + 12 + 8 * i]
        )
        fmt = struct.unpack(">H", data[offset + sub : offset + sub + 2])[0]
        if (platform, encoding) in ((3, 10), (0, 4), (0, 6)) and fmt == 12:
            subtables.append((0, offset + sub, fmt))
        elif (platform, encoding) in ((3, 1), (0, 3), (0, 1)) and fmt == 4:
            subtables.append((1, offset + sub, fmt))
    if not subtables:
        raise SystemExit("no Unicode cmap")
    _, start, fmt = min(subtables)
    mapping: dict[int, int] = {}
    if fmt == 12:
        groups = struct.unpack(">I", data[start + 12 : start + 16])[0]
        for g in range(groups):
            first, last, glyph = struct.unpack(
                ">III", data[start + 16 + 12 * g : start + 28 + 12 * g]
            )
            for cp in range(first, last + 1):
                mapping[cp] = glyph + cp - first
        return mapping
    segs = struct.unpack(">H", data[start + 6 : start + 8])[0] // 2
    ends = struct.unpack(f">{segs}H", data[start + 14 : start + 14 + 2 * segs])
    base = start + 16 + 2 * segs
    starts = struct.unpack(f">{segs}H", data[base : base + 2 * segs])
    deltas = struct.unpack(f">{segs}h", data[base + 2 * segs : base + 4 * segs])
    range_base = base + 4 * segs
    offsets = struct.unpack(f">{segs}H", data[range_base : range_base + 2 * segs])
    for i in range(segs):
        for cp in range(starts[i], ends[i] + 1):
            if cp == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (cp + deltas[i]) & 0xFFFF
            else:
                at = range_base + 2 * i + offsets[i] + 2 * (cp - starts[i])
                glyph = struct.unpack(">H", data[at : at + 2])[0]
                if glyph:
                    glyph = (glyph + deltas[i]) & 0xFFFF
            if glyph:
                mapping[cp] = glyph
    return mapping


def face_metrics(path: str) -> dict[str, object]:
    data = Path(path).read_bytes()
    tables = _tables(data)
    head = tables["head"][0]
    units_per_em = struct.unpack(">H", data[head + 18 : head + 20])[0]
    hhea = tables["hhea"][0]
    ascent, descent, line_gap = struct.unpack(">hhh", data[hhea + 4 : hhea + 10])
    n_metrics = struct.unpack(">H", data[hhea + 34 : hhea + 36])[0]
    os2 = tables["OS/2"][0]
    win_ascent, win_descent = struct.unpack(">HH", data[os2 + 74 : os2 + 78])
    hmtx = tables["hmtx"][0]
    advances = [
        struct.unpack(">H", data[hmtx + 4 * i : hmtx + 4 * i + 2])[0] for i in range(n_metrics)
    ]
    cmap = _cmap(data, tables["cmap"][0])

    def advance(glyph: int) -> int:
        return advances[min(glyph, n_metrics - 1)]

    runs: list[list[object]] = []
    for first, last in RANGES:
        run: list[int] = []
        run_start = first
        for cp in range(first, last + 2):
            glyph = cmap.get(cp) if cp <= last else None
            if glyph is not None:
                if not run:
                    run_start = cp
                run.append(advance(glyph))
            elif run:
                runs.append([run_start, run])
                run = []
    return {
        "units_per_em": units_per_em,
        "ascent": ascent,
        "descent": -descent,
        "line_gap": line_gap,
        "win_ascent": win_ascent,
        "win_descent": win_descent,
        "missing_width": advance(0),
        "runs": runs,
    }


def main(out: Path) -> int:
    result: dict[str, object] = {
        "about": "Advance widths in font units per code point (scripts/make_font_metrics.py)",
        "families": {
            family: {
                "stands_for": names,
                "faces": {style: face_metrics(path) for style, path in files.items()},
            }
            for family, (files, names) in FONTS.items()
        },
    }
    out.write_text(json.dumps(result, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
