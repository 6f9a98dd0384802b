"""What a plugin contributes: formats, commands, validation rules, plan transforms, deck sections.

A plugin returns these descriptors from its hooks (see :mod:`rusmodel.hookspecs`).
Each declares its name and a one-line description; a format also the file
suffixes it handles and the options it takes, so the command line and the
documentation are made from the declaration and options are checked before
any work starts.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

import attrs

from rusmodel.model import Period, Plan
from rusmodel.problems import Problem

if TYPE_CHECKING:
    from rusmodel.merge import Answer

__all__ = [
    "OPTION_KINDS",
    "Command",
    "DeckSection",
    "ExportContext",
    "Exporter",
    "ImportContext",
    "Importer",
    "Option",
    "OptionKind",
    "PlanTransform",
    "Slide",
    "ValidationRule",
]

OptionKind = Literal["text", "path", "int", "bool", "choice", "date", "decimal"]
OPTION_KINDS: tuple[OptionKind, ...] = (
    "text",
    "path",
    "int",
    "bool",
    "choice",
    "date",
    "decimal",
)
"""Every kind an :class:`Option` can have."""


@attrs.frozen
class Option:
    """An option a format takes, shown as ``--name`` on the command line.

    ``kind`` is ``text``, ``path`` (checked to exist), ``int``, ``bool`` (a
    flag), ``choice`` (one of ``choices``), ``date`` (``2023-08-31``, given to
    the format as a :class:`datetime.date`) or ``decimal`` (``12,5`` or
    ``12.5``, given as a :class:`decimal.Decimal`). Names use underscores in
    Python (``group_by``) and dashes on the command line (``--group-by``).

    A ``required`` option must be given (it has no default). ``validator``
    checks what the declaration cannot say (a number's range): it gets the
    value, already of its kind, and returns ``None`` when it is good or a
    message saying what is wrong (``"must be 1 to 4"``), which rusmodel
    reports at the option's flag before any work starts.
    """

    name: str
    help: str
    kind: OptionKind = "text"
    default: Any = None
    choices: tuple[str, ...] = ()
    required: bool = False
    validator: Callable[[Any], str | None] | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@attrs.frozen
class ExportContext:
    """What an exporter is asked to make besides the plan.

    ``period`` is the follow-up period to report (the plan's latest unless the
    user chose one; ``None`` only for a plan with no periods); ``lang`` is
    ``sv`` or ``en``; ``options`` holds this format's options by name, checked
    and with defaults filled in; ``source`` names the plan file for messages;
    ``deck_sections`` are the sections plugins add to the deck
    (:func:`~rusmodel.hookspecs.rusmodel_deck_sections`), which the deck
    exporter lays out and any other exporter may show too.
    """

    period: Period | None = None
    lang: str = "sv"
    options: Mapping[str, Any] = attrs.field(factory=dict)
    source: str = ""
    deck_sections: tuple[DeckSection, ...] = ()

    @classmethod
    def for_exporter(
        cls,
        exporter: Exporter,
        *,
        period: Period | None = None,
        lang: str = "sv",
        options: Mapping[str, Any] | None = None,
        source: str = "",
        deck_sections: Sequence[DeckSection] = (),
    ) -> ExportContext:
        """The context ``rusmodel export`` would give ``exporter``: ``options`` checked and
        with the exporter's defaults filled in, as :func:`~rusmodel.options.resolve_options`
        does. The way to call an exporter's ``write`` in a test::

            context = ExportContext.for_exporter(EXPORTER, period=plan.latest_period())
        """
        from rusmodel.options import resolve_options

        resolved = resolve_options(exporter.options, options or {}, owner=exporter.name)
        return cls(
            period=period,
            lang=lang,
            options=resolved,
            source=source,
            deck_sections=tuple(deck_sections),
        )


@attrs.frozen
class ImportContext:
    """What an importer is told besides the file.

    ``options`` are its options, checked, with defaults; ``lang`` the language
    of messages. ``period`` is the period the user named (``--period``, its id
    or name as given; ``None`` when not given). When the file is imported *into*
    an existing plan (``rusmodel import IN --into PLAN``), ``plan`` is that plan
    and ``period`` the id of the period being merged (the plan's latest unless
    the user chose one), so the importer can match its rows to the plan's
    activities and indicators.
    """

    lang: str = "sv"
    options: Mapping[str, Any] = attrs.field(factory=dict)
    period: str | None = None
    plan: Plan | None = None

    @classmethod
    def for_importer(
        cls,
        importer: Importer,
        *,
        lang: str = "sv",
        options: Mapping[str, Any] | None = None,
        period: str | None = None,
        plan: Plan | None = None,
    ) -> ImportContext:
        """The context ``rusmodel import`` would give ``importer``, options checked and filled."""
        from rusmodel.options import resolve_options

        resolved = resolve_options(importer.options, options or {}, owner=importer.name)
        return cls(lang=lang, options=resolved, period=period, plan=plan)


@attrs.frozen
class Exporter:
    """A format a plan can be written in.

    ``write(plan, out, context)`` writes the whole file to the binary stream
    ``out``; rusmodel opens that stream on a temporary file and moves it into
    place only when ``write`` returns, so an exporter never handles paths or
    partial files. It raises :class:`rusmodel.PlanError` for input it cannot
    use.
    """

    name: str
    description: str
    suffixes: tuple[str, ...]
    write: Callable[[Plan, BinaryIO, ExportContext], None]
    options: tuple[Option, ...] = ()


@attrs.frozen
class Importer:
    """A format a plan can be read from.

    ``read(path, context)`` returns the plan or raises
    :class:`rusmodel.PlanError` naming the file and the place of each problem.
    ``round_trip`` promises that what the format's exporter writes reads back
    as an equal plan; :mod:`rusmodel.testing` checks that promise.

    ``read_answers(path, context)``, where given, reads a file of answers for
    one period (status and comment per activity, outcome per indicator) to be
    merged into ``context.plan``: ``rusmodel import IN --into PLAN`` uses it
    and reports what was merged and refused as ``rusmodel collect`` does
    (:mod:`rusmodel.merge`). An importer without it can still be imported
    into a plan: the period's follow-ups and outcomes of the plan ``read``
    returns are merged.
    """

    name: str
    description: str
    suffixes: tuple[str, ...]
    read: Callable[[Path, ImportContext], Plan]
    options: tuple[Option, ...] = ()
    round_trip: bool = False
    read_answers: Callable[[Path, ImportContext], Iterable[Answer]] | None = None


@attrs.frozen
class Command:
    """A subcommand a plugin adds to ``rusmodel`` (the Excel plugin adds ``template``).

    ``add_arguments(parser)`` declares its arguments on an :mod:`argparse`
    parser; ``run(args)`` does the work and returns the exit code. It raises
    :class:`rusmodel.PlanError` for bad input, which the command line prints
    one line per problem.
    """

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


@attrs.frozen
class ValidationRule:
    """A check a plugin adds to ``rusmodel validate`` (and to the check before every export).

    ``check(plan)`` returns the problems it finds, each placed at a path into
    the plan (``Problem("no unit named", place="activities[3].units")``), which
    rusmodel turns into the plan file's line. A warning
    (``severity=Severity.WARNING``) is reported and does not stop an export.
    rusmodel runs the built-in checks first and a rule only on a plan whose
    values have the model's types.
    """

    name: str
    description: str
    check: Callable[[Plan], Iterable[Problem]]


@attrs.frozen
class PlanTransform:
    """A change a plugin makes to every plan ``rusmodel import`` reads, before it is checked.

    ``transform(plan, context)`` returns the changed plan (the model is
    frozen: use :func:`attrs.evolve`), for example to add a region's own
    units or to tidy imported titles. Transforms run in the order of their
    names; one that raises :class:`~rusmodel.PlanError` stops the import.
    """

    name: str
    description: str
    transform: Callable[[Plan, ImportContext], Plan]


@attrs.frozen
class Slide:
    """A slide of a plugin's deck section: a title and bullet paragraphs, or a table.

    ``paragraphs`` are shown as bullets (continued on "forts." slides where
    they do not fit); ``table`` is a header row followed by the rows, all
    text. The deck gives the slide its design, font sizes and footer.
    """

    title: str
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()


@attrs.frozen
class DeckSection:
    """A section a plugin adds to the committee deck (``--format pptx``).

    ``slides(plan, context)`` returns the section's slides for
    ``context.period`` (none when it has nothing to show). The section comes
    right after the built-in section ``after`` (one of
    :data:`rusmodel.model.DECK_SECTIONS`: ``title``, ``summary``, ``narrative``,
    ``overview``, ``changes``, ``activities``, ``indicators``, ``key_figures``,
    ``economy``, ``internal_control``, ``closing``); ``--sections`` and the plan's deck profile
    (``deck: sections:``) take its ``name`` like a built-in one, and where
    they give the sections the section is shown where they put it.
    """

    name: str
    description: str
    slides: Callable[[Plan, ExportContext], Iterable[Slide]]
    after: str = "internal_control"
