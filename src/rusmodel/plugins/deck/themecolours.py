"""The colours a deck's XML asks for, as ``RRGGBB``: fixed ones and the theme's.

A DrawingML colour is either fixed (``<a:srgbClr val="00A651"/>``) or one of
the theme's (``<a:schemeClr val="accent1"/>``), possibly lightened or darkened
(``lumMod``/``lumOff``, as PowerPoint's "Lighter 80 %"). The accessibility
pass and its checker need the colour a reader sees, so theme colours are looked
up in the slide master's theme through the master's colour map (``bg1`` is
``lt1`` unless the master says otherwise).
"""

from __future__ import annotations

import colorsys
from typing import Any

import attrs

__all__ = ["A", "Palette", "colour_of", "fill_colour", "palette_of"]

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"

_SCHEME_NAMES = (
    "dk1",
    "lt1",
    "dk2",
    "lt2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
)
_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}


@attrs.frozen
class Palette:
    """A theme's colours by name (``accent1`` → ``4F81BD``) and the master's colour map."""

    colours: dict[str, str]
    mapping: dict[str, str] = attrs.field(factory=lambda: dict(_DEFAULT_MAP))
    # Colours already worked out, by their element's tag and attributes: a deck's thousands
    # of cells use a handful of colours.
    known: dict[tuple[object, ...], str | None] = attrs.field(factory=dict, eq=False, repr=False)

    def scheme(self, name: str) -> str | None:
        return self.colours.get(self.mapping.get(name, name))


def palette_of(theme: Any, master: Any | None = None) -> Palette:
    """The palette of a theme part's XML root, with ``master``'s ``p:clrMap`` where given."""
    colours: dict[str, str] = {}
    scheme = theme.find(f".//{{{A}}}clrScheme")
    if scheme is not None:
        for name in _SCHEME_NAMES:
            slot = scheme.find(f"{{{A}}}{name}")
            if slot is None or not len(slot):
                continue
            colour = slot[0]
            value = colour.get("lastClr") if colour.tag == f"{{{A}}}sysClr" else colour.get("val")
            if value:
                colours[name] = value.upper()
    mapping = dict(_DEFAULT_MAP)
    if master is not None:
        found = master.find(f"{{{P}}}clrMap")
        if found is not None:
            mapping.update({k: v for k, v in found.attrib.items() if k in _DEFAULT_MAP})
    return Palette(colours, mapping)


def _adjust(colour: str, element: Any) -> str:
    """``colour`` with the element's lumMod/lumOff (in thousandths of a percent) applied."""
    mod = element.find(f"{{{A}}}lumMod")
    off = element.find(f"{{{A}}}lumOff")
    if mod is None and off is None:
        return colour
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, saturation = colorsys.rgb_to_hls(r, g, b)
    light *= int(mod.get("val")) / 100000 if mod is not None else 1.0
    light += int(off.get("val")) / 100000 if off is not None else 0.0
    light = min(max(light, 0.0), 1.0)
    r, g, b = colorsys.hls_to_rgb(hue, light, saturation)
    return "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def colour_of(element: Any, palette: Palette) -> str | None:
    """The colour of a colour element (``a:srgbClr``, ``a:schemeClr``, ``a:sysClr``), if known."""
    tag = element.tag
    if tag == f"{{{A}}}srgbClr":
        value = element.get("val")
    elif tag == f"{{{A}}}schemeClr":
        value = palette.scheme(element.get("val", ""))
    elif tag == f"{{{A}}}sysClr":
        value = element.get("lastClr")
    elif tag == f"{{{A}}}prstClr":
        value = {"black": "000000", "white": "FFFFFF"}.get(element.get("val", ""))
    else:
        value = None
    return _adjust(value.upper(), element) if value else None


def fill_colour(parent: Any, palette: Palette) -> str | None:
    """The colour of ``parent``'s ``a:solidFill`` child (a cell's or a run's), if it has one."""
    fill = parent.find(f"{{{A}}}solidFill") if parent is not None else None
    if fill is None or not len(fill):
        return None
    colour = fill[0]
    key = (colour.tag, colour.get("val"), colour.get("lastClr"))
    key += tuple((c.tag, c.get("val")) for c in colour)
    if key not in palette.known:
        palette.known[key] = colour_of(colour, palette)
    return palette.known[key]
