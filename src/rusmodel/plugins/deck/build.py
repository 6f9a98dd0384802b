"""Building the committee deck: options, the selection, the sections in order, a stable file.

The sections come in this order, each left out on request or when the period
has nothing for it: the title slide, the summary, highlights, the goal areas,
changes since the previous period, activities per goal area (each followed by
the goal area's indicators), key figures, economy, internal control, and the
closing slide. The plan's deck profile (``deck: sections:`` in the plan file)
chooses them and their order, and ``--sections`` wins over the profile.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from rusmodel.deck_profile import section_problems
from rusmodel.formats import DeckSection, ExportContext
from rusmodel.labels import LANGUAGES, format_date, label
from rusmodel.model import DECK_SECTIONS, Plan
from rusmodel.plugins.deck.accessible import PALETTES, make_accessible
from rusmodel.plugins.deck.extra import add_plugin_section
from rusmodel.plugins.deck.sections import SECTIONS, Deck, activities_and_indicators
from rusmodel.plugins.deck.slides import SlideMaker
from rusmodel.plugins.deck.theme import open_template
from rusmodel.problems import PlanError, Problem

__all__ = [
    "SECTION_NAMES",
    "DeckOptions",
    "build_deck",
    "read_options",
    "select",
    "write_deck",
]

SECTION_NAMES = DECK_SECTIONS
"""The deck's sections in the order they appear unless the plan's deck profile or
``--sections`` gives another."""

GROUPINGS = ("goal_area", "unit")


@attrs.frozen
class DeckOptions:
    """The deck exporter's options, checked.

    ``template`` is a .pptx or .potx to build on (``None``: the built-in
    design); ``sections`` the sections to include; ``group_by`` groups the
    activity tables and the summary by ``goal_area`` or ``unit``; ``only``
    keeps one goal area or unit, by id or name; ``palette`` colours chart
    series without a colour of their own with a palette colour-blind readers
    can tell apart (``accessible``) or the template's accents (``template``).
    ``chosen`` is true where ``--sections`` or the plan's deck profile chose the
    sections: the deck then has them exactly in that order, and a plugin's
    section does not move to follow the section it names.
    """

    template: Path | None = None
    sections: tuple[str, ...] = SECTION_NAMES
    chosen: bool = False
    group_by: str = "goal_area"
    only: str | None = None
    palette: str = "accessible"


def _problem(message: str, option: str, source: str = "") -> PlanError:
    return PlanError([Problem(message, place=f"--{option.replace('_', '-')}", file=source)])


def read_options(
    options: Mapping[str, Any],
    source: str = "",
    extra: Sequence[str] = (),
    profile: Sequence[str] = (),
) -> DeckOptions:
    """Check the options given to the exporter; a bad one raises :class:`~rusmodel.PlanError`.

    ``extra`` are the names of the sections plugins add, which ``--sections`` also takes.
    ``profile`` are the sections the plan's deck profile names (``Plan.deck.sections``):
    the deck's sections unless the ``sections`` option is given, which wins.
    """
    template = options.get("template")
    known = (*SECTION_NAMES, *extra)
    sections = _chosen_sections(options.get("sections"), profile, known, extra, source)
    group_by = str(options.get("group_by") or "goal_area").replace("-", "_")
    if group_by not in GROUPINGS:
        raise _problem(
            f"cannot group by {group_by!r}; choose {' or '.join(GROUPINGS)}", "group_by", source
        )
    only = options.get("only")
    palette = str(options.get("palette") or "accessible")
    if palette not in PALETTES:
        raise _problem(f"no palette {palette!r}; choose {' or '.join(PALETTES)}", "palette", source)
    return DeckOptions(
        template=Path(template) if template else None,
        sections=sections,
        chosen=bool(options.get("sections") or profile),
        group_by=group_by,
        only=str(only).strip() if only and str(only).strip() else None,
        palette=palette,
    )


def _chosen_sections(
    given: object, profile: Sequence[str], known: Sequence[str], extra: Sequence[str], source: str
) -> tuple[str, ...]:
    """The sections in order: ``--sections`` if given, else the plan's profile, else all."""
    if given:
        wanted = [s.strip() for s in str(given).split(",") if s.strip()]
        wanted = [s if s in extra else s.replace("-", "_") for s in wanted]
        unknown = [s for s in wanted if s not in known]
        if unknown:
            raise _problem(
                f"unknown section {unknown[0]!r}; the sections are {', '.join(known)}",
                "sections",
                source,
            )
        return tuple(dict.fromkeys(wanted))  # in the order given, each once
    wrong = [p for p in section_problems(profile, extra) if p.is_error]
    if wrong:
        raise PlanError([attrs.evolve(p, file=source) for p in wrong])
    return tuple(dict.fromkeys(profile)) or tuple(known)


def _matches(wanted: str, *names: str) -> bool:
    return wanted.casefold() in (n.casefold() for n in names if n)


def select(plan: Plan, only: str | None, source: str = "") -> tuple[Plan, str]:
    """The part of ``plan`` about one goal area or unit, and a line saying what was kept.

    A goal area keeps its activities and indicators; a unit keeps its
    activities (indicators belong to goal areas, not units, and are left
    out). Economy, key figures and internal control concern the whole
    organisation and stay; leave them out with ``--sections``.
    """
    if only is None:
        return plan, ""
    for area in plan.goal_areas:
        if _matches(only, area.id, area.name, area.short_name):
            kept = attrs.evolve(
                plan,
                goal_areas=(area,),
                activities=tuple(a for a in plan.activities if area.id in a.goal_areas),
                indicators=tuple(i for i in plan.indicators if i.goal_area == area.id),
            )
            return kept, area.name
    for unit in plan.units:
        if _matches(only, unit.id, unit.name):
            kept = attrs.evolve(
                plan,
                units=(unit,),
                activities=tuple(a for a in plan.activities if unit.id in a.units),
                indicators=(),
            )
            return kept, unit.name
    choices = [a.id for a in plan.goal_areas] + [u.id for u in plan.units]
    raise _problem(
        f"{only!r} is neither a goal area nor a unit of the plan; choose one of "
        + ", ".join(choices),
        "only",
        source,
    )


def build_deck(plan: Plan, context: ExportContext) -> Any:
    """The deck for ``plan`` as a python-pptx presentation (not yet saved)."""
    if context.lang not in LANGUAGES:
        raise _problem(
            f"the deck is made in {' or '.join(LANGUAGES)}, not {context.lang!r}",
            "lang",
            context.source,
        )
    plugged = {s.name: s for s in context.deck_sections}
    options = read_options(context.options, context.source, tuple(plugged), plan.deck.sections)
    period = context.period or plan.latest_period()
    view, selection = select(plan, options.only, context.source)
    prs = open_template(options.template)
    footer_date = label("as_of", context.lang, date=format_date(period.as_of)) if period else ""
    footer_text = f"{plan.organisation} – {period.name}" if period else plan.organisation
    maker = SlideMaker(prs, context.lang, footer_date, footer_text, plan.organisation)
    deck = Deck(
        plan=view,
        period=period,
        lang=context.lang,
        group_by=options.group_by,
        maker=maker,
        selection=selection,
        whole=plan,
    )
    chosen = set(options.sections)
    placed: set[str] = set()

    def add_plugged(section: DeckSection) -> None:
        if section.name not in placed:
            placed.add(section.name)
            add_plugin_section(maker, section, view, attrs.evolve(context, period=period))

    for name in options.sections:  # in the order given
        if name in plugged:
            add_plugged(plugged[name])  # unless it already followed the section it names
            continue
        if name in ("activities", "indicators"):
            # built together: each goal area's indicators after its activities
            if name == "activities" or "activities" not in chosen:
                activities_and_indicators(deck, "activities" in chosen, "indicators" in chosen)
        else:
            SECTIONS[name](deck)
        if options.chosen:
            continue  # the order given is kept as given
        # In the default order a plugin's sections follow the built-in one they name.
        for section in plugged.values():
            if section.after == name and section.name in chosen:
                add_plugged(section)
    if not len(prs.slides._sldIdLst):
        from_profile = plan.deck.sections and not context.options.get("sections")
        message = (
            f"the plan has nothing to show in the sections chosen ({', '.join(options.sections)})"
        )
        place = "deck.sections" if from_profile else "--sections"
        raise PlanError([Problem(message, place=place, file=context.source)])
    _set_properties(prs, plan, period, context.lang)
    return prs


FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _set_properties(prs: Any, plan: Plan, period: Any, lang: str) -> None:
    """Document properties that depend only on the plan, so the file is the same every time."""
    when = dt.datetime.combine(period.as_of, dt.time()) if period is not None else FIXED_TIME
    props = prs.core_properties
    # A document property holds at most 255 characters and no control characters.
    props.title = _NOT_XML.sub("", plan.title)[:255]
    props.subject = _NOT_XML.sub("", period.name)[:255] if period is not None else ""
    props.author = _NOT_XML.sub("", plan.organisation)[:255]
    props.last_modified_by = "rusmodel"
    props.keywords = ""
    props.comments = "Made by rusmodel"
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.language = "en-GB" if lang == "en" else "sv-SE"
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_W3C_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)")


def _stable_zip(data: bytes, embedded_date: bytes, core_date: bytes | None = None) -> bytes:
    """The zip ``data`` rewritten with fixed entry times, so the same plan gives the same bytes.

    python-pptx stamps each entry with the time of saving, and the workbooks
    embedded in charts (which hold the chart data) carry the time they were
    made; those get ``embedded_date`` as their creation and change time.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".xlsx"):
                content = _stable_zip(content, embedded_date, core_date=embedded_date)
            elif core_date is not None and info.filename == "docProps/core.xml":
                content = _W3C_DATE.sub(rb"\g<1>" + core_date + rb"\g<3>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def write_deck(plan: Plan, out: BinaryIO, context: ExportContext) -> None:
    """Write the committee deck for ``plan`` to the binary stream ``out``.

    The saved deck goes through the accessibility pass (:mod:`.accessible`)
    before it is written, so every slide meets the rules whichever section made it.
    """
    prs = build_deck(plan, context)
    raw = io.BytesIO()
    prs.save(raw)
    plugged = tuple(s.name for s in context.deck_sections)
    palette = read_options(context.options, context.source, plugged, plan.deck.sections).palette
    made = make_accessible(raw.getvalue(), context.lang, palette)
    period = context.period or plan.latest_period()
    day = period.as_of.isoformat() if period is not None else FIXED_TIME.date().isoformat()
    out.write(_stable_zip(made, f"{day}T00:00:00Z".encode()))
