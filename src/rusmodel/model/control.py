"""Internal control (intern kontroll): the checks an administration reports on."""

from __future__ import annotations

import enum

import attrs

__all__ = ["ControlCheck", "ControlLevel"]


class ControlLevel(enum.Enum):
    """Who decided the check: the whole region (regionövergripande) or the administration."""

    REGION = "region"
    ADMINISTRATION = "administration"


@attrs.frozen(kw_only=True)
class ControlCheck:
    """One internal-control check and what it found, in one period.

    ``area`` is the granskningsområde (the risk looked at), ``regulation`` the
    berört reglemente, policy eller regler, ``method`` how it was checked
    (stickprovskontroll), ``result`` what was found and ``actions`` (åtgärder)
    what is done about it. ``sample_size`` and ``deviations`` are the counts
    where the check gives them (21 documents checked, 1 unsigned).
    """

    period: str
    level: ControlLevel
    area: str
    regulation: str = ""
    method: str = ""
    result: str = ""
    actions: str = ""
    sample_size: int | None = None
    deviations: int | None = None
