"""Status scales: the values a follow-up's status may take.

A scale is data, not code (status-skala). The default is the traffic light the
seeds use: green "löper på enligt plan", yellow "avvikelse emot
måluppfyllelse", red "når ej måluppfyllelse". A plan may bring its own scale,
with a Swedish and an English label and a colour per value.
"""

from __future__ import annotations

import attrs

__all__ = [
    "BUILTIN_SCALES",
    "PROGRESS",
    "TRAFFIC_LIGHT",
    "StatusScale",
    "StatusValue",
]


@attrs.frozen(kw_only=True)
class StatusValue:
    """One value of a status scale (statusvärde), such as green or "pågår".

    ``id`` is what a plan file stores; ``label_sv`` and ``label_en`` are what a
    reader sees; ``description_sv``/``description_en`` is the legend's text
    ("löper på enligt plan"); ``colour`` is the fill of the status cell as
    ``RRGGBB``; ``on_track`` says whether the value counts towards the share on
    track (andel gröna); ``done`` that an activity given it is finished
    (klar): it is not followed up in later periods.
    """

    id: str
    label_sv: str
    label_en: str
    colour: str
    on_track: bool = False
    done: bool = False
    description_sv: str = ""
    description_en: str = ""

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_sv

    def description(self, lang: str) -> str:
        text = self.description_en if lang == "en" else self.description_sv
        return text or self.label(lang)


@attrs.frozen(kw_only=True)
class StatusScale:
    """An ordered set of status values (statusskala). The order is the legend's."""

    id: str
    values: tuple[StatusValue, ...]

    def get(self, value_id: str) -> StatusValue | None:
        for value in self.values:
            if value.id == value_id:
                return value
        return None

    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)

    def match(self, text: str) -> StatusValue | None:
        """The value a person meant by ``text``: its id or either label, any case.

        A unit that types "Grön", "gul " or "RÖD" into a workbook means green,
        yellow and red.
        """
        wanted = " ".join(text.split()).casefold()
        if not wanted:
            return None
        for value in self.values:
            if wanted in (
                value.id.casefold(),
                value.label_sv.casefold(),
                value.label_en.casefold(),
            ):
                return value
        return None


TRAFFIC_LIGHT = StatusScale(
    id="traffic_light",
    values=(
        StatusValue(
            id="green",
            label_sv="Grön",
            label_en="Green",
            colour="00A651",
            on_track=True,
            description_sv="löper på enligt plan",
            description_en="proceeding according to plan",
        ),
        StatusValue(
            id="yellow",
            label_sv="Gul",
            label_en="Yellow",
            colour="FFC000",
            description_sv="avvikelse emot måluppfyllelse",
            description_en="deviation from goal achievement",
        ),
        StatusValue(
            id="red",
            label_sv="Röd",
            label_en="Red",
            colour="E3262B",
            description_sv="når ej måluppfyllelse",
            description_en="goal will not be achieved",
        ),
    ),
)

PROGRESS = StatusScale(
    id="progress",
    values=(
        StatusValue(
            id="ongoing",
            label_sv="Pågår",
            label_en="Ongoing",
            colour="5B9BD5",
            on_track=True,
            description_sv="arbetet pågår",
            description_en="work is ongoing",
        ),
        StatusValue(
            id="done",
            label_sv="Klart",
            label_en="Done",
            colour="00A651",
            on_track=True,
            done=True,
            description_sv="genomfört",
            description_en="completed",
        ),
        StatusValue(
            id="paused",
            label_sv="Vilande",
            label_en="Paused",
            colour="FFC000",
            description_sv="arbetet vilar",
            description_en="work is paused",
        ),
        StatusValue(
            id="not_started",
            label_sv="Ej påbörjat",
            label_en="Not started",
            colour="BFBFBF",
            description_sv="arbetet har inte börjat",
            description_en="work has not started",
        ),
    ),
)

BUILTIN_SCALES: dict[str, StatusScale] = {s.id: s for s in (TRAFFIC_LIGHT, PROGRESS)}
