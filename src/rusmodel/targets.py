"""Indicator targets as planning staff write them: ``> 69%``, ``Behålla 102``, ``Öka``.

A target is kept as the text it was written in (so a plan file round-trips to
the letter) together with what that text means, read by :func:`parse_target`.
An outcome is judged against a target with :func:`judge`, and the verdicts of a
target's parts are summed up with :func:`overall`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

import attrs

__all__ = [
    "Comparison",
    "Direction",
    "PartVerdict",
    "Target",
    "TargetPart",
    "Verdict",
    "judge",
    "overall",
    "parse_target",
]


class Comparison(enum.Enum):
    """How an outcome is compared with a target value."""

    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    EQ = "="  # a bare value ("100%", "5,0 %"): read with the indicator's direction
    KEEP = "keep"  # Behålla 102
    INCREASE = "increase"  # Öka
    DECREASE = "decrease"  # Minska (totalt 50% till 2030)


@attrs.frozen
class TargetPart:
    """One comparison of a target; a target per category has one part per category."""

    comparison: Comparison
    value: Decimal | None = None
    unit: str = ""
    category: str = ""
    by_year: int | None = None


@attrs.frozen
class Target:
    """A target (mål) with its original text; ``parts`` is empty if it could not be read.

    ``str(target)`` is the text exactly as it was written.
    """

    text: str
    parts: tuple[TargetPart, ...] = ()

    @property
    def readable(self) -> bool:
        """Whether the text could be read, so that outcomes can be judged against it."""
        return bool(self.parts)

    def __str__(self) -> str:
        return self.text


class Direction(enum.Enum):
    """Which way an indicator improves: a higher value is better, a lower one, or neither."""

    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


class Verdict(enum.Enum):
    """Whether an outcome met its target; ``unknown`` where that cannot be told."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@attrs.frozen
class PartVerdict:
    """The verdict on one part of a target; ``category`` is empty for a target without any."""

    category: str
    verdict: Verdict


# --- Reading ---------------------------------------------------------------------------------

# Reports copied from Word and Excel carry non-breaking and thin spaces, often as
# thousands separators ("200 736"); they are read as plain spaces.
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")

# A target per category is written one category a line, or on one line with
# " / " or ";" between them. A slash inside a unit ("kr/invånare") has no spaces
# around it, so it is only a separator when spaced or when a comparison follows.
_SEPARATOR = re.compile(r"[\n\r\v\f\x85\u2028\u2029]|;|\s+/\s+|\s*/\s*(?=[<>≤≥=])")

_WORD_END = r"(?![^\W\d_])"

_OPERATORS: tuple[tuple[Comparison, str], ...] = (
    (Comparison.GE, r">=|≥|minst\b|at\s+least\b"),
    (Comparison.LE, r"<=|≤|högst\b|max\b|maximalt\b|at\s+most\b"),
    (
        Comparison.GT,
        r">|(?:högre|större|mer|fler)\s+än\b|över\b"
        r"|(?:higher|greater|more)\s+than\b|above\b|over\b",
    ),
    (
        Comparison.LT,
        r"<|(?:lägre|mindre|färre)\s+än\b|under\b|(?:lower|less|fewer)\s+than\b|below\b",
    ),
    (Comparison.EQ, r"="),
)
_VERBS: tuple[tuple[Comparison, str], ...] = (
    (Comparison.KEEP, r"(?:bi)?behålla|behåll|keep|maintain"),
    (Comparison.INCREASE, r"öka|increase"),
    (Comparison.DECREASE, r"minska|sänka|decrease|reduce"),
)

# Thousands are grouped by spaces only, so "1,9" and "1.9" are both decimals.
_NUMBER = r"[+\-−]?(?:[0-9]{1,3}(?:\x20[0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?"
# Words, each with at most a digit at its end ("m2", "CO2"), joined by "/" or "-"
# ("kr/invånare", "CO2-ekv"); an abbreviation may end in a full stop ("st.").
_UNIT_WORD = r"[^\W\d_]+[0-9²³]?"
_UNIT = rf"%-?enheter|%|‰|{_UNIT_WORD}(?:[/\-]{_UNIT_WORD})*\.?"
_CATEGORY = r"[^\W\d_]+(?:[\x20\-][^\W\d_]+){0,2}"
_YEAR = r"(?:till|senast|by|until|in|år)(?:\s+år)?\s+(?P<year>[0-9]{4})"

_VALUE = re.compile(
    rf"(?P<number>{_NUMBER})(?:\s*(?P<unit>{_UNIT}))?(?:\s+(?P<category>{_CATEGORY}))?"
    rf"(?:\s+{_YEAR})?",
    re.IGNORECASE,
)
_OPERATOR = re.compile(
    "|".join(rf"(?P<{c.name}>{pattern})" for c, pattern in _OPERATORS), re.IGNORECASE
)
_VERB = re.compile(
    "|".join(rf"(?P<{c.name}>{pattern}){_WORD_END}" for c, pattern in _VERBS), re.IGNORECASE
)
# "Minska totalt 50%", "Minska med 50%", "Reduce by 50%".
_VERB_FILLER = re.compile(r"^(?:(?:totalt|med|by|total|with)\s+)+", re.IGNORECASE)
_PREFIX = re.compile(r"(?P<category>[^:]+?)\s*:\s*(?P<rest>.*)")

# Words that join a value to something else ("> 10 kr per invånare", "> 5 bättre
# än riket"); a unit or category made of them would be a guess at the meaning.
# fmt: off
_CONNECTIVES = frozenset([
    "än", "som", "mot", "med", "per", "av", "i", "på", "till", "från", "jämfört", "senast",
    "totalt", "than", "of", "in", "on", "by", "from", "to", "vs", "versus", "compared", "total",
])
_NOT_CATEGORY_WORDS = _CONNECTIVES | frozenset([
    "bättre", "sämre", "högre", "lägre", "större", "mindre", "mer", "fler", "färre",
    "better", "worse", "higher", "lower", "greater", "more", "less", "fewer",
])
# fmt: on
# A label before a colon that names the target itself, not a category ("Mål: > 80%").
_NOT_PREFIX_WORDS = frozenset(["mål", "målvärde", "målnivå", "target", "goal"])

_FIRST_YEAR, _LAST_YEAR = 1900, 2199


def parse_target(text: str) -> Target:
    """Read a target as it is written in a follow-up report.

    Understood are a comparison with a value (``> 69%``, ``<51,4% Offentliga``,
    ``Högre än 75,8 %``, ``≥ 80%``), a bare value (``100%``, ``5,0 %``), keeping a
    level (``Behålla 102``), a direction with or without a size and a year
    (``Öka``, ``Öka med 5``, ``Minska totalt 50% till 2030``), and a change
    written with a plus sign (``+5``: increase by 5); English words work as well
    (``Keep 102``, ``Higher than 3``, ``Decrease 50% by 2030``). A target per
    category has one category a line, or ``" / "`` between them, with the
    category after the value (``>95% Hushåll``) or before a colon
    (``Ekologiskt: 30%``).

    Anything else is not guessed at: the target keeps its text and has no parts,
    so it shows as unreadable. ``parse_target(text).text == text`` always.
    """
    return Target(text=text, parts=_parse_parts(text))


def _parse_parts(text: str) -> tuple[TargetPart, ...]:
    pieces = [_SPACES.sub(" ", piece).strip() for piece in _SEPARATOR.split(text)]
    pieces = [piece for piece in pieces if piece]
    parts: list[TargetPart] = []
    for piece in pieces:
        part = _parse_part(piece)
        if part is None:
            return ()
        parts.append(part)
    if len(parts) > 1:
        # Several parts are only meaningful as one per category; without
        # categories an outcome could not be told apart between them.
        keys = [_key(part.category) for part in parts]
        if "" in keys or len(set(keys)) != len(keys):
            return ()
    return tuple(parts)


def _parse_part(piece: str) -> TargetPart | None:
    prefix = _PREFIX.fullmatch(piece)
    if prefix is None:
        return _parse_comparison(piece)
    category = prefix["category"]
    if not _is_prefix_category(category):
        return None
    part = _parse_comparison(prefix["rest"])
    if part is None or part.category:
        return None
    return attrs.evolve(part, category=category)


def _parse_comparison(piece: str) -> TargetPart | None:
    verb = _VERB.match(piece)
    if verb is not None:
        comparison = Comparison[_group_name(verb)]
        rest = piece[verb.end() :].strip()
        if not rest:
            return TargetPart(comparison)
        if comparison is not Comparison.KEEP:
            rest = _VERB_FILLER.sub("", rest, count=1)
        return _parse_value(comparison, rest)
    if piece.startswith("+"):
        # "+5": a change, to be added to the previous outcome ("increase by 5").
        return _parse_value(Comparison.INCREASE, piece[1:].strip())
    operator = _OPERATOR.match(piece)
    if operator is None:
        return _parse_value(Comparison.EQ, piece)
    return _parse_value(Comparison[_group_name(operator)], piece[operator.end() :].strip())


def _group_name(match: re.Match[str]) -> str:
    return next(name for name, found in match.groupdict().items() if found is not None)


def _parse_value(comparison: Comparison, text: str) -> TargetPart | None:
    match = _VALUE.fullmatch(text)
    if match is None:
        return None
    value = _decimal(match["number"])
    unit = match["unit"] or ""
    category = match["category"] or ""
    year = int(match["year"]) if match["year"] else None
    if value is None or unit.casefold() in _CONNECTIVES:
        return None
    if any(word.casefold() in _NOT_CATEGORY_WORDS for word in re.split(r"[ \-]", category)):
        return None
    if year is not None and not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    return TargetPart(comparison, value, unit, category, year)


def _decimal(number: str) -> Decimal | None:
    plain = number.replace(" ", "").replace(",", ".").replace("−", "-")
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def _is_prefix_category(category: str) -> bool:
    if not any(c.isalpha() for c in category) or not category[0].isalnum():
        return False
    if category.casefold() in _NOT_PREFIX_WORDS:
        return False
    # "Till 2030: > 80%" names a year, not a category.
    return re.fullmatch(_YEAR, category, re.IGNORECASE) is None


# --- Judging ---------------------------------------------------------------------------------


def judge(
    target: Target,
    value: Decimal | None,
    *,
    values: Mapping[str, Decimal] | None = None,
    previous: Decimal | None = None,
    previous_values: Mapping[str, Decimal] | None = None,
    direction: Direction = Direction.HIGHER,
) -> tuple[PartVerdict, ...]:
    """Judge an outcome against a target: one verdict per part of the target.

    ``value`` is the outcome; for a part with a category the outcome is taken
    from ``values`` instead (the category matched regardless of case and
    surrounding spaces), and a category that has no outcome there is unknown.
    ``previous`` and ``previous_values`` are the previous period's outcomes,
    needed for ``Öka`` and ``Minska`` without a value. ``direction`` says which
    way the indicator improves.

    - ``>``, ``>=``, ``<``, ``<=`` compare the outcome with the value.
    - A bare value (``100%``) is a floor where higher is better, a ceiling where
      lower is better, and must be hit exactly where neither is.
    - ``Behålla 102`` is met when the outcome is no worse than 102, read the same
      way; ``Behålla`` without a value, when it is no worse than the previous one.
    - ``Öka`` and ``Minska`` are met when the outcome moved that way from the
      previous one, and unknown without a previous outcome. With a size and
      no year (``+5``, ``Öka med 5``), it must have moved by at least that
      much; a size in per cent (relative or in points?) is unknown.
    - ``Minska totalt 50% till 2030`` is unknown: it is measured against a
      starting level that the target does not state, over several years, so one
      outcome cannot show whether it is met.
    - A part with a year (``> 80% till 2030``) is met once the outcome meets it,
      and unknown otherwise, since the year may not have come yet.

    An unreadable target gives no verdicts.
    """
    outcomes = _by_category(values)
    before = _by_category(previous_values)
    verdicts: list[PartVerdict] = []
    for part in target.parts:
        if part.category:
            key = _key(part.category)
            now, then = outcomes.get(key), before.get(key)
        else:
            now, then = value, previous
        verdicts.append(PartVerdict(part.category, _judge_part(part, now, then, direction)))
    return tuple(verdicts)


def overall(verdicts: Sequence[PartVerdict]) -> Verdict:
    """Sum up the verdicts on a target's parts.

    Not met if any part is not met, met if every part is met, and otherwise (or
    when there are no verdicts at all) unknown.
    """
    found = {v.verdict for v in verdicts}
    if Verdict.NOT_MET in found:
        return Verdict.NOT_MET
    if found == {Verdict.MET}:
        return Verdict.MET
    return Verdict.UNKNOWN


def _key(category: str) -> str:
    return _SPACES.sub(" ", category).strip().casefold()


def _by_category(values: Mapping[str, Decimal] | None) -> dict[str, Decimal | None]:
    found: dict[str, Decimal | None] = {}
    for name, number in (values or {}).items():
        key = _key(name)
        # Two spellings of one category with different outcomes: neither is trusted.
        found[key] = number if key not in found or found[key] == number else None
    return found


def _judge_part(
    part: TargetPart, now: Decimal | None, then: Decimal | None, direction: Direction
) -> Verdict:
    # NaN cannot be ordered (Decimal raises on it); an outcome that is not a number is unknown.
    if now is None or not now.is_finite():
        return Verdict.UNKNOWN
    if then is not None and not then.is_finite():
        then = None
    comparison = part.comparison
    if comparison in (Comparison.INCREASE, Comparison.DECREASE):
        if then is None or part.by_year is not None or "%" in part.unit:
            return Verdict.UNKNOWN
        change = now - then if comparison is Comparison.INCREASE else then - now
        if part.value is None:
            return _verdict(change > 0)
        return _verdict(change >= abs(part.value))
    if part.value is None:
        # Only "Behålla" has no value here: keep the level reached before.
        if then is None:
            return Verdict.UNKNOWN
        return _verdict(_no_worse(now, then, direction))
    met = _meets(comparison, now, part.value, direction)
    if part.by_year is not None and not met:
        return Verdict.UNKNOWN
    return _verdict(met)


def _meets(comparison: Comparison, now: Decimal, goal: Decimal, direction: Direction) -> bool:
    match comparison:
        case Comparison.GT:
            return now > goal
        case Comparison.GE:
            return now >= goal
        case Comparison.LT:
            return now < goal
        case Comparison.LE:
            return now <= goal
        case _:
            return _no_worse(now, goal, direction)


def _no_worse(now: Decimal, goal: Decimal, direction: Direction) -> bool:
    match direction:
        case Direction.HIGHER:
            return now >= goal
        case Direction.LOWER:
            return now <= goal
        case Direction.NONE:
            return now == goal


def _verdict(met: bool) -> Verdict:
    return Verdict.MET if met else Verdict.NOT_MET
