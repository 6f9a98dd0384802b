"""Words and number forms for documents made from a plan, in Swedish and English.

Every exporter writes its headings and numbers through this module, so a deck
and a workbook made from the same plan say the same thing the same way.
Swedish (``sv``) is the default; English is ``en``.

Numbers are written as the region's reports write them: ``1,9 %``,
``-1,5 mnkr``, ``200 736`` in Swedish and ``1.9%``, ``-1.5 MSEK``,
``200,736`` in English. The space between digit groups and before a unit is
a no-break space (U+00A0), so a number is never split over two lines; pass
``space=" "`` where a plain space is wanted. Dates are written as the reports
write them in both languages: ``2023-08-31``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import string
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

import attrs

from rusmodel.model import MoneyScale

__all__ = [
    "LANGUAGES",
    "NBSP",
    "Labels",
    "check_lang",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "format_quantity",
    "label",
    "label_fields",
    "label_keys",
    "label_texts",
    "localised",
    "money_unit",
    "noun_forms",
]

LANGUAGES: Final = ("sv", "en")
NBSP: Final = "\u00a0"

_LABELS: Final[dict[str, tuple[str, str]]] = {
    # key: (Swedish, English); {names} are filled in by label(..., name=value)
    "activities": ("{Nouns}", "{Nouns}"),
    "activity": ("{Noun}", "{Noun}"),
    "activity_id": ("Nr", "Ref."),
    "unit": ("Verksamhet", "Unit"),
    "responsible": ("Ansvarig", "Responsible"),
    "schedule": ("Tidplan", "Schedule"),
    "status": ("Status", "Status"),
    "comment": ("Kommentar", "Comment"),
    "continued": ("{title} (forts.)", "{title} (cont.)"),
    "continued_n": ("{title} (forts. {number})", "{title} (cont. {number})"),
    "goal_area": ("Målområde", "Goal area"),
    "vision_goal": ("Visionsmål", "Vision goal"),
    "goal_area_or_vision_goal": ("Visionsmål/målområde", "Vision goal/goal area"),
    "activities_of": ("{Nouns} – {name}", "{Nouns} – {name}"),
    "indicators_of": ("Indikatorer – {name}", "Indicators – {name}"),
    "activities_and_indicators_of": (
        "{Nouns} och indikatorer – {name}",
        "{Nouns} and indicators – {name}",
    ),
    "follow_up_of": ("Uppföljning {period}", "Follow-up {period}"),
    "as_of": ("per {date}", "as of {date}"),
    "selection": ("Urval: {name}", "Selection: {name}"),
    "summary": ("Sammanfattning", "Summary"),
    "summary_of": ("Sammanfattning – {period}", "Summary – {period}"),
    "total": ("Totalt", "Total"),
    "activities_total": ("{Nouns} totalt", "{Nouns} in total"),
    "share_on_track": ("Andel enligt plan", "Share on track"),
    "not_reported": ("Ej rapporterad", "Not reported"),
    "not_reported_description": ("status saknas", "no status given"),
    "summary_sentence": (
        "{on_track} av {total} {nouns} ({share}) {description}.",
        "{on_track} of {total} {nouns} ({share}) are {description}.",
    ),
    "on_track_generic": ("är på rätt spår", "on track"),
    "round_open": (
        "{answered} av {units} verksamheter har svarat; omgången pågår.",
        "{answered} of {units} units have answered; the round is open.",
    ),
    "indicators": ("Indikatorer", "Indicators"),
    "indicator": ("Indikator", "Indicator"),
    "target": ("Mål", "Target"),
    "target_in": ("Mål {year}", "Target {year}"),
    "outcome": ("Utfall", "Outcome"),
    "trend": ("Trend", "Trend"),
    "not_measured": ("Mäts ej i år", "Not measured this year"),
    "no_outcome": ("Utfall saknas", "No outcome yet"),
    "trend_positive": ("Positiv", "Improving"),
    "trend_negative": ("Negativ", "Worsening"),
    "trend_unchanged": ("Oförändrad", "Unchanged"),
    "verdict_met": ("Uppnått", "Met"),
    "verdict_partly_met": ("Delvis uppnått", "Partly met"),
    "verdict_not_met": ("Ej uppnått", "Not met"),
    "verdict_unknown": ("Kan ej bedömas", "Cannot be judged"),
    "changes_since": ("Förändringar sedan {previous}", "Changes since {previous}"),
    "change": ("Förändring", "Change"),
    "change_status": ("Ändrad status", "Status changed"),
    "change_new": ("Ny", "New"),
    "change_finished": ("Avslutad", "Finished"),
    "change_removed": ("Följs inte längre upp", "No longer followed up"),
    "status_in": ("Status {period}", "Status {period}"),
    "no_changes": (
        "Ingen {noun} har ändrat status, tillkommit eller avslutats sedan {previous}.",
        "No {noun} has changed status, been added or finished since {previous}.",
    ),
    "key_figures": ("Nyckeltal", "Key figures"),
    "breakdown_of": ("{title} – fördelning", "{title} – breakdown"),
    "economy": ("Ekonomi", "Economy"),
    "economy_result": ("Ekonomi – resultat", "Economy – result"),
    "economy_forecast": ("Ekonomi – prognos", "Economy – forecast"),
    "income_statement": ("Resultaträkning", "Income statement"),
    "result_for_period": ("Periodens resultat", "Result for the period"),
    "forecast_full_year": ("Prognos helår", "Full-year forecast"),
    "compared_with_budget": ("Jämförelse med budget", "Compared with budget"),
    "actions": ("Åtgärder", "Actions"),
    "uncertainties": ("Osäkerhetsfaktorer", "Uncertainties"),
    "developments": ("Utveckling verksamheter", "Developments in the units"),
    "investments": ("Investeringar", "Investments"),
    "project": ("Projekt", "Project"),
    "budget": ("Budget", "Budget"),
    "forecast": ("Prognos", "Forecast"),
    "sum": ("Summa", "Total"),
    "amounts_in": ("Belopp i {unit}", "Amounts in {unit}"),
    "budget_by_unit": ("Budget per verksamhet", "Budget by unit"),
    "internal_control": ("Intern kontroll", "Internal control"),
    "internal_control_region": (
        "Intern kontroll – regionövergripande",
        "Internal control – region-wide",
    ),
    "internal_control_administration": (
        "Intern kontroll – förvaltningsnivå",
        "Internal control – administration level",
    ),
    "control_area": ("Granskningsområde", "Area reviewed"),
    "control_regulation": ("Berört reglemente, policy eller regler", "Regulation or policy"),
    "control_method": ("Metod för granskningen", "Method"),
    "control_result": ("Resultat av granskningen", "Result"),
    "control_actions": ("Åtgärder", "Actions"),
    "highlights": ("Viktiga händelser", "Highlights"),
    "upcoming": ("På gång", "Coming up"),
    "legend": ("Status: ", "Status: "),
    "goal_areas": ("Målområden", "Goal areas"),
    "causes": ("Orsaker", "Causes"),
    "closing": ("Om rapporten", "About this report"),
    "considered_by": (
        "Denna rapport behandlas av {committee} {date}",
        "This report is considered by {committee} on {date}",
    ),
    "considered_by_undated": (
        "Denna rapport behandlas av {committee}",
        "This report is considered by {committee}",
    ),
    "case_number": ("Diarienummer: {number}", "Case number: {number}"),
    "attachment": ("Bilaga {number}: {name}", "Attachment {number}: {name}"),
    # The collection round (insamling): who gets a workbook the plan names no one for
    "no_unit": ("Utan verksamhet", "No unit"),
    "no_goal_area": ("Övrigt", "Other"),
    "unnamed": ("namnlös", "unnamed"),
}


def check_lang(lang: str) -> str:
    """``lang`` if it is a language rusmodel writes (``sv``, ``en``); else a ValueError."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


_NOUNS: Final[dict[str, tuple[tuple[str, str], tuple[str, str]]]] = {
    # ActivityNoun value: ((Swedish singular, plural), (English singular, plural))
    "activity": (("aktivitet", "aktiviteter"), ("activity", "activities")),
    "action": (("åtgärd", "åtgärder"), ("action", "actions")),
    "assignment": (("uppdrag", "uppdrag"), ("assignment", "assignments")),
}


def noun_forms(noun: str = "activity", lang: str = "sv") -> dict[str, str]:
    """The forms of a plan's noun for its activities (``ActivityNoun`` value) that labels
    use: ``noun``, ``nouns``, ``Noun``, ``Nouns`` (åtgärd, åtgärder, Åtgärd, Åtgärder)."""
    sv, en = _NOUNS.get(noun, _NOUNS["activity"])
    one, many = en if check_lang(lang) == "en" else sv
    return {
        "noun": one,
        "nouns": many,
        "Noun": one[:1].upper() + one[1:],
        "Nouns": many[:1].upper() + many[1:],
    }


def label(key: str, lang: str = "sv", *, noun: str = "activity", **fields: object) -> str:
    """The label ``key`` in ``lang`` with ``{fields}`` filled in.

    Labels that name the plan's activities use its own ``noun`` (an
    ``ActivityNoun`` value: ``activity``, ``action``, ``assignment``).

    >>> label("continued", "sv", title="Aktiviteter")
    'Aktiviteter (forts.)'
    >>> label("activities_of", "sv", noun="action", name="Ett välmående län")
    'Åtgärder – Ett välmående län'

    An unknown key is a :class:`KeyError` naming the nearest key;
    :func:`label_keys` lists them all.
    """
    return _format(_texts(_LABELS, key), key, lang, fields, noun)


def label_keys() -> tuple[str, ...]:
    """Every label key rusmodel has, sorted; the reference lists them with their texts."""
    return tuple(sorted(_LABELS))


def label_texts(key: str) -> tuple[str, str]:
    """The Swedish and English text of the label ``key``, with ``{fields}`` unfilled."""
    return _texts(_LABELS, key)


def label_fields(key: str) -> tuple[str, ...]:
    """The ``{fields}`` the label ``key`` takes (``("title",)`` for ``continued``)."""
    return _fields(_texts(_LABELS, key))


def _texts(labels: Mapping[str, tuple[str, str]], key: str) -> tuple[str, str]:
    try:
        return labels[key]
    except KeyError:
        close = difflib.get_close_matches(key, list(labels), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise KeyError(f"there is no label {key!r}{hint}") from None


def _fields(texts: tuple[str, str]) -> tuple[str, ...]:
    names = {f for text in texts for _, f, _, _ in string.Formatter().parse(text) if f}
    return tuple(sorted(names))


def _format(
    texts: tuple[str, str],
    key: str,
    lang: str,
    fields: Mapping[str, object],
    noun: str = "activity",
) -> str:
    sv, en = texts
    text = en if check_lang(lang) == "en" else sv
    if "oun" in text:
        fields = {**noun_forms(noun, lang), **fields}
    return text.format(**fields) if fields else text


def _own_labels(value: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    checked: dict[str, tuple[str, str]] = {}
    for key, texts in value.items():
        if not isinstance(key, str) or not key:
            raise ValueError(f"a label key is a non-empty string, not {key!r}")
        if (
            not isinstance(texts, tuple)
            or len(texts) != 2
            or not all(isinstance(t, str) for t in texts)
        ):
            raise ValueError(f"the label {key!r} must be (Swedish, English), not {texts!r}")
        sv, en = _fields((texts[0], "")), _fields(("", texts[1]))
        if sv != en:
            raise ValueError(
                f"the label {key!r} takes other fields in Swedish {sv} than in English {en}"
            )
        checked[key] = texts
    return checked


@attrs.frozen
class Labels:
    """A plugin's own labels in Swedish and English, on top of rusmodel's, for example::

        LABELS = Labels({"late": ("Försenad sedan {date}", "Late since {date}")})
        LABELS.label("late", "en", date="2023-08-31")  # 'Late since 2023-08-31'
        LABELS.label("activity", "sv")                 # rusmodel's own: 'Aktivitet'

    A key of the plugin's own is found first, so a key rusmodel adds later
    never changes a plugin's text. Each label is checked when made: two texts,
    the same ``{fields}`` in both languages.
    """

    own: Mapping[str, tuple[str, str]] = attrs.field(converter=_own_labels)

    def label(self, key: str, lang: str = "sv", **fields: object) -> str:
        """The label ``key`` (the plugin's own, else rusmodel's) in ``lang``, fields filled in."""
        texts = self.own.get(key)
        if texts is None:
            texts = _texts({**_LABELS, **self.own}, key)
        return _format(texts, key, lang, fields)

    def keys(self) -> tuple[str, ...]:
        """Every key these labels know: the plugin's and rusmodel's, sorted."""
        return tuple(sorted(set(self.own) | set(_LABELS)))


def _decimal(value: Decimal | int | float) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(repr(value))
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a number") from exc


def format_number(
    value: Decimal | int | float,
    lang: str = "sv",
    *,
    decimals: int | None = None,
    sign: bool = False,
    space: str = NBSP,
) -> str:
    """A number as the reports write it: ``200 736``, ``-1,5``, ``+6,2`` (with ``sign``).

    ``decimals`` rounds half up to that many places; ``None`` keeps the places
    the value was written with (``5.0`` stays ``5,0``).
    """
    number = _decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    if decimals is None:
        exponent = number.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number.is_zero():
        number = abs(number)
    text = f"{abs(number):,.{decimals}f}"
    if check_lang(lang) == "sv":
        text = text.replace(",", space).replace(".", ",")
    prefix = "-" if number < 0 else ("+" if sign and number > 0 else "")
    return prefix + text


def format_percent(
    value: Decimal | int | float,
    lang: str = "sv",
    *,
    decimals: int | None = None,
    sign: bool = False,
    space: str = NBSP,
) -> str:
    """A percentage (``value`` is in per cent): ``1,9 %`` in Swedish, ``1.9%`` in English."""
    number = format_number(value, lang, decimals=decimals, sign=sign, space=space)
    return f"{number}{space}%" if lang == "sv" else f"{number}%"


_MONEY_UNITS: Final[dict[MoneyScale, tuple[str, str]]] = {
    MoneyScale.KR: ("kr", "SEK"),
    MoneyScale.TKR: ("tkr", "kSEK"),
    MoneyScale.MNKR: ("mnkr", "MSEK"),
}


def money_unit(scale: MoneyScale, lang: str = "sv") -> str:
    """What amounts in ``scale`` are written with: ``mnkr`` (``MSEK`` in English)."""
    sv, en = _MONEY_UNITS[scale]
    return en if check_lang(lang) == "en" else sv


def format_money(
    value: Decimal | int | float,
    scale: MoneyScale = MoneyScale.MNKR,
    lang: str = "sv",
    *,
    decimals: int | None = None,
    sign: bool = False,
    space: str = NBSP,
) -> str:
    """An amount with its unit: ``-1,5 mnkr``, ``+0,6 mnkr`` (with ``sign``), ``-1.5 MSEK``."""
    number = format_number(value, lang, decimals=decimals, sign=sign, space=space)
    return f"{number}{space}{money_unit(scale, lang)}"


def format_date(date: dt.date) -> str:
    """A date as the reports write it, in either language: ``2023-08-31``."""
    return date.isoformat()


_MONEY_WORDS: Final[dict[str, MoneyScale]] = {s.value: s for s in MoneyScale}


def format_quantity(value: Decimal | int | float, unit: str, lang: str = "sv") -> str:
    """A value with the unit it counts, as the reports write it, in either language.

    ``5,0 %`` / ``5.0%``; money with its sign, as a result is reported:
    ``+6,2 mnkr`` / ``+6.2 MSEK``; ``10 st`` / ``10`` (English has no word for
    "stycken"); any other unit as written after the number.
    """
    unit = unit.strip()
    if unit == "%":
        return format_percent(value, lang)
    if unit.casefold() in _MONEY_WORDS:
        return format_money(value, _MONEY_WORDS[unit.casefold()], lang, sign=True)
    number = format_number(value, lang)
    if not unit or (unit == "st" and check_lang(lang) == "en"):
        return number
    return f"{number}{NBSP}{unit}"


_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:([.,])(\d+))?(?![\w])")
_PERCENT = re.compile(r"(\d)[ \u00a0]?%")
_MEASURED: Final = (
    (re.compile(r"^Mäts (?:varje )?år$", re.IGNORECASE), "Measured every year"),
    (re.compile(r"^Mäts (\d+)\s*(?:e|:e)? år$", re.IGNORECASE), "Measured every {0} years"),
    (re.compile(r"^Mäts (?:inte|ej) (\d{4})$", re.IGNORECASE), "Not measured in {0}"),
    (re.compile(r"^Mäts (?:inte|ej) i år$", re.IGNORECASE), "Not measured this year"),
)


def localised(text: str, lang: str = "sv") -> str:
    """A short text of the plan's about a quantity (a target, a note) in ``lang``'s forms.

    Swedish writes ``> 30 %``; English ``> 30%``, ``1.9%``, ``200,736``,
    ``MSEK`` for ``mnkr``, and "Measured every 4 years" for the reports'
    "Mäts 4 e år". Numbers keep the places they were written with; a year
    stays a year. Longer prose is left as written.
    """
    if check_lang(lang) == "sv":
        return _PERCENT.sub(lambda m: f"{m[1]}{NBSP}%", text)
    for pattern, english in _MEASURED:
        match = pattern.match(text.strip())
        if match:
            return english.format(*match.groups())

    def number(match: re.Match[str]) -> str:
        whole = re.sub(r"[ \u00a0]", "", match[1])
        if match[2] is None:
            return whole if len(whole) <= 4 else format_number(int(whole), "en")
        return f"{format_number(int(whole), 'en')}.{match[3]}"

    text = _NUMBER.sub(number, text)
    text = _PERCENT.sub(lambda m: f"{m[1]}%", text)
    for scale in MoneyScale:
        text = re.sub(rf"\b{scale.value}\b", money_unit(scale, "en"), text)
    return re.sub(r"(\d) st\b", r"\1", text)
