"""Follow-up periods (uppföljningsperioder): delår 1, delår 2, årsbokslut, tertial."""

from __future__ import annotations

import datetime as dt

import attrs

__all__ = ["Period"]


@attrs.frozen(kw_only=True)
class Period:
    """A named follow-up with its as-of date, such as ``2023 delår 2`` per 2023-08-31.

    ``id`` is the short key the rest of the plan file uses to refer to the
    period; ``name`` is what slides and workbooks show; ``as_of`` is the date
    the status is reported at ("per 2023-08-31"); ``presented`` is the date the
    report is presented, where it differs (the deck's footer shows it);
    ``case_number`` is the report's diarienummer (RUF230038) and
    ``attachments`` the bilagor sent with it (Verksamhetsrapport), which the
    deck's closing slide names. Periods are ordered as the plan lists them,
    oldest first.

    ``activities`` lists the keys (id, else title) of the activities the
    period follows up, where the plan says so; left empty, the period follows
    up those still open after the previous period (:func:`rusmodel.cycle.followed_up`).
    ``closed`` marks a period whose round is over (stängd): ``rusmodel
    collect`` takes no more answers for it, and units that did not answer are
    reported as not reported rather than as still to answer.
    """

    id: str
    name: str
    as_of: dt.date
    presented: dt.date | None = None
    activities: tuple[str, ...] = ()
    closed: bool = False
    case_number: str = ""
    attachments: tuple[str, ...] = ()
