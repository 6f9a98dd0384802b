"""What a template's placeholders inherit: font size, weight and insets, and the size a text needs
to fit one."""

from __future__ import annotations

from typing import Any

from rusmodel.plugins.deck.metrics import font_metrics, line_height, wrap
from rusmodel.plugins.deck.theme import EMU_PER_PT, Rect

__all__ = ["ONE_LINE_SMALLEST", "PlaceholderStyles", "first"]

ONE_LINE_SMALLEST = 0.5
"""A title is set no smaller than this share of its template size to keep it on one line."""


def first(element: Any, path: str) -> Any:
    """The first element or value ``path`` finds under ``element``, ``None`` if none."""
    found = element.xpath(path)
    return found[0] if found else None


class PlaceholderStyles:
    """The inherited styles of a presentation's placeholders, looked up once per layout."""

    def __init__(self, prs: Any) -> None:
        self.prs = prs
        self._styles: dict[tuple[str, int, float], tuple[Rect, float, bool, int, int]] = {}

    def inherited(self, shape: Any, attribute: str) -> str | None:
        """A run property of a placeholder's first level, looked up as PowerPoint inherits it."""
        from pptx.enum.shapes import PP_PLACEHOLDER

        chain = [shape._element]
        layout_shape = getattr(shape, "_base_placeholder", None)
        if layout_shape is not None:
            chain.append(layout_shape._element)
            master_shape = getattr(layout_shape, "_base_placeholder", None)
            if master_shape is not None:
                chain.append(master_shape._element)
        for element in chain:
            value = first(element, f"./p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/@{attribute}")
            if value is not None:
                return str(value)
        kind = shape.placeholder_format.type
        layout = getattr(shape.part, "slide_layout", None)
        master = (layout.slide_master if layout is not None else self.prs.slide_master)._element
        style = (
            "p:titleStyle"
            if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
            else "p:bodyStyle"
        )
        value = first(master, f"./p:txStyles/{style}/a:lvl1pPr/a:defRPr/@{attribute}")
        return str(value) if value is not None else None

    def insets(self, shape: Any) -> tuple[int, int]:
        chain = [shape._element]
        base = getattr(shape, "_base_placeholder", None)
        while base is not None:
            chain.append(base._element)
            base = getattr(base, "_base_placeholder", None)
        horizontal, vertical = 91440 * 2, 45720 * 2
        for element in reversed(chain):
            body = first(element, "./p:txBody/a:bodyPr")
            if body is None:
                continue
            if body.get("lIns") is not None or body.get("rIns") is not None:
                horizontal = int(body.get("lIns", 91440)) + int(body.get("rIns", 91440))
            if body.get("tIns") is not None or body.get("bIns") is not None:
                vertical = int(body.get("tIns", 45720)) + int(body.get("bIns", 45720))
        return horizontal, vertical

    def text_style(self, shape: Any, default: float) -> tuple[Rect, float, bool, int, int]:
        """A placeholder's box, font size, weight and insets, as its layout gives them.

        A new slide's placeholder inherits all of these, so they are looked up
        once per layout and placeholder (the lookups are slow).
        """
        layout = shape.part.slide_layout
        key = (str(layout.part.partname), shape.placeholder_format.idx, default)
        known = self._styles.get(key)
        if known is None:
            raw = self.inherited(shape, "sz")
            box = Rect(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
            known = (
                box,
                int(raw) / 100 if raw else default,
                self.inherited(shape, "b") in ("1", "true"),
                *self.insets(shape),
            )
            self._styles[key] = known
        return known

    def fit_size(
        self, shape: Any, text: str, font: str, default: float, *, one_line: bool = False
    ) -> float | None:
        """The size ``text`` needs to fit its placeholder: ``None`` where the template's fits.

        With ``one_line`` (a slide's title) the text is first set smaller, down
        to :data:`ONE_LINE_SMALLEST` of the template's size, where that keeps it
        on one line: a title that wraps pushes into the content below it.
        """
        box, size, bold, horizontal, vertical = self.text_style(shape, default)
        metrics = font_metrics(font, bold)
        width = (box.width - horizontal) / EMU_PER_PT
        height = (box.height - vertical) / EMU_PER_PT
        if one_line and "\n" not in text:
            candidate = size
            while candidate >= max(20.0, size * ONE_LINE_SMALLEST):
                if len(wrap(text, width, candidate, metrics)) == 1:
                    return None if candidate == size else candidate
                candidate -= 2
        smallest = min(size, max(12.0, size * 0.5))
        paragraphs = text.count("\n") + 1
        candidate = size
        while True:
            lines = wrap(text, width, candidate, metrics)
            # Templates often space paragraphs by a fifth of a line; allow for it.
            needed = len(lines) * line_height(candidate) + paragraphs * 0.2 * candidate
            if needed <= height or candidate <= smallest:
                break
            candidate = max(smallest, candidate - 2)
        return None if candidate == size else candidate
