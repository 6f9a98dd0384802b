"""Key figures (nyckeltal): sick leave, staff and full-time equivalents over the years."""

from __future__ import annotations

from decimal import Decimal

import attrs

__all__ = ["KeyFigure", "KeyFigureRow"]


@attrs.frozen(kw_only=True)
class KeyFigureRow:
    """One series of a key figure: ``label`` ("Kvinnor"), ``group`` (the breakdown
    it belongs to: "Kön", "Ålder", "Sjukdagar"; empty for the total) and one value
    per column of the key figure (``None`` where nothing was reported)."""

    label: str
    group: str = ""
    values: tuple[Decimal | None, ...]


@attrs.frozen(kw_only=True)
class KeyFigure:
    """A table of key figures over periods, drawn as a chart with its table.

    ``columns`` label the values ("2021", "2022", "2023"); ``unit`` is "%" for
    sick leave, "st" for staff; ``note`` is the footnote the seeds print below
    the table ("2021 och 2022 inkl. Hållbarhet"); ``comments`` explain it.
    """

    period: str
    title: str
    unit: str = ""
    columns: tuple[str, ...]
    rows: tuple[KeyFigureRow, ...]
    note: str = ""
    comments: tuple[str, ...] = ()
