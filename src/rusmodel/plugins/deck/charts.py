"""Native, editable PowerPoint charts: status counts per goal area and key figures.

Charts are real chart objects with their data in an embedded workbook, so a
planning officer can change or restyle them in PowerPoint; they are never
pictures. Series take the status scale's colours, or the template's accent
colours for key figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from rusmodel.plugins.deck.colours import rgb, text_colour_on
from rusmodel.plugins.deck.theme import Rect

__all__ = ["Series", "add_bar_chart"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@attrs.frozen
class Series:
    """One series of a chart: its name, a value per category, and its colour if fixed."""

    name: str
    values: tuple[Decimal | int | None, ...]
    colour: str | None = None


def nice_step(largest: float) -> float:
    """A round step for the value axis, giving about five gridlines.

    Steps are whole numbers whenever the values reach 1.5 or more: charts
    write tick labels in the reader's application locale, not the deck's, and
    whole numbers read the same in every locale ("2,5" is "2.5" in English).
    """
    if largest <= 0:
        return 1.0
    raw = largest / 5
    if largest < 1.5:
        return 0.1 if raw <= 0.1 else (0.2 if raw <= 0.2 else 0.5)
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)


def add_bar_chart(
    slide: Any,
    box: Rect,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    horizontal: bool = False,
    labels: bool = True,
    integer: bool = False,
    font_size: float = 12.0,
    title: str | None = None,
    unit: str = "",
) -> Any:
    """A bar or column chart in ``box``; a legend is shown when there is more than one series.

    ``labels`` writes each value on its bar, with as many decimals as the
    values have (a reader should not have to read values off the axis; zeros
    are left out of a stacked chart, where they would sit on top of each
    other); ``integer`` marks the values as counts; ``unit`` (" %") is written after the value
    axis's numbers; ``title`` is drawn above the chart.
    """
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.oxml.ns import qn
    from pptx.util import Emu, Pt

    make_data: Any = CategoryChartData  # python-pptx leaves it unannotated
    data = make_data(number_format="0" if integer else "General")
    data.categories = [_NOT_XML.sub("", c) for c in categories]  # the chart part is XML
    for item in series:
        values = [None if v is None else float(v) for v in item.values]
        data.add_series(_NOT_XML.sub("", item.name), values)
    if horizontal:
        kind = XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
    else:
        kind = XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame = slide.shapes.add_chart(
        kind, Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height), data
    )
    chart = frame.chart
    chart.font.size = Pt(font_size)
    if title:
        chart.has_title = True
        chart.chart_title.text_frame.text = title
        for paragraph in chart.chart_title.text_frame.paragraphs:  # a title may start "\n"
            for run in paragraph.runs:
                run.font.size = Pt(font_size + 2)
                run.font.bold = True
    else:
        chart.has_title = False  # else a one-series chart gets its series name as a title
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(font_size)
    plot = chart.plots[0]
    plot.vary_by_categories = False
    plot.gap_width = 60
    if stacked:
        plot.overlap = 100
    for item, drawn in zip(series, plot.series, strict=True):
        if item.colour:
            drawn.format.fill.solid()
            drawn.format.fill.fore_color.rgb = rgb(item.colour)
        if labels:
            drawn_labels = drawn.data_labels
            drawn_labels.show_value = True
            drawn_labels.number_format = _label_format(series, integer or stacked)
            drawn_labels.number_format_is_linked = False
            drawn_labels.font.size = Pt(font_size)
            drawn_labels.font.bold = stacked  # bold in a bar; beside bars, plain takes less room
            drawn_labels.position = (
                XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.OUTSIDE_END
            )
            if item.colour and stacked:
                drawn_labels.font.color.rgb = rgb(text_colour_on(item.colour))
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.tick_labels.font.size = Pt(font_size)
    step = (
        max(1.0, nice_step(_largest(series, stacked)))
        if integer
        else nice_step(_largest(series, stacked))
    )
    value_axis.major_unit = step
    decimals = "" if step >= 1 else ".0"
    suffix = f'"{unit}"' if unit else ""
    value_axis.tick_labels.number_format = f"0{decimals}{suffix}"
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.minimum_scale = min(0.0, _smallest(series))
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(font_size)
    if horizontal:
        # Read top to bottom in the table's order, with the values along the bottom.
        category_axis.reverse_order = True
        crosses = value_axis._element.find(qn("c:crosses"))
        if crosses is not None:
            crosses.set("val", "max")
    return chart


def _label_format(series: Sequence[Series], counts: bool) -> str:
    """The number format of data labels: counts without zeros, else the values' decimals
    (as written: 4.0 keeps its decimal, as in the table beside the chart). The unit is
    left to the axis, so that the labels of neighbouring bars do not run together."""
    if counts:
        return "0;-0;;@"
    places = 0
    for item in series:
        for value in item.values:
            if isinstance(value, Decimal) and value.is_finite():
                exponent = value.as_tuple().exponent
                places = max(places, -exponent if isinstance(exponent, int) else 0)
    return "0." + "0" * min(places, 2) if places else "0"


def _largest(series: Sequence[Series], stacked: bool) -> float:
    if not series:
        return 0.0
    if stacked:
        count = max(len(s.values) for s in series)
        sums = [
            sum(float(s.values[i] or 0) for s in series if i < len(s.values)) for i in range(count)
        ]
        return max(sums, default=0.0)
    return max((float(v) for s in series for v in s.values if v is not None), default=0.0)


def _smallest(series: Sequence[Series]) -> float:
    return min((float(v) for s in series for v in s.values if v is not None), default=0.0)
