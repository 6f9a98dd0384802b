"""Generated plans and mutated files: what must hold whatever the input.

- Writing a plan and reading it back gives an equal plan, in every built-in
  format that reads back (YAML, JSON, the full workbook).
- Reading plain data never fails with anything but :class:`~rusmodel.PlanError`,
  and :func:`~rusmodel.validation.validate` never raises.
- The deck and the workbook are written for every valid plan, whatever its
  text (long words, emoji, right-to-left text, control characters) and size.
- A workbook never holds a formula made from a plan's text, and a write that
  fails leaves the file it would have replaced as it was.
- The fuzz targets of ``fuzz/`` run a few dozen mutated files each, so they
  cannot rot; ``fuzz/README.md`` tells how to run them for long.

The examples are few (the deck takes a second or two per plan); the long runs
are the fuzzers'.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rusmodel import (
    PROGRESS,
    TRAFFIC_LIGHT,
    Activity,
    Column,
    ControlCheck,
    ControlLevel,
    Deviation,
    Economy,
    ExportContext,
    FollowUp,
    GoalArea,
    GoalKind,
    ImportContext,
    Indicator,
    Investment,
    KeyFigure,
    KeyFigureRow,
    LineKind,
    Narrative,
    Outcome,
    Period,
    Plan,
    PlanError,
    Statement,
    StatementLine,
    SubGoal,
    Unit,
    atomic_write,
    parse_schedule,
    parse_target,
)
from rusmodel.convert import structure_plan, unstructure_plan
from rusmodel.plugins import Registry, build_registry
from rusmodel.problems import Problem
from rusmodel.validation import errors, validate

ROOT = Path(__file__).resolve().parent.parent

# --- Text as people write it, and worse ----------------------------------------------------

ODD_WORDS = [
    "Grön",
    "Hållbar utveckling",
    "Välmående",
    "👩‍👩‍👧‍👦",
    "🇸🇪",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u202eevil\u202c",
    "Ω≈ç√∫",
    "=SUM(A1:A2)",
    "+46 21 17 30 00",
    "-1,0 mnkr",
    "@resor",
    "=cmd|' /C calc'!A0",
    "_x0041_",
    "RUF/Folkhälsa/Kultur",
    "CEF2-medel",
    "gång- och cykelstrategi",
    "a\u200bb",
    "\ufeffBOM",
    "  spaces  ",
    "007",
    "2023-02-30",
    "true",
]
CONTROL = ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85"]

_LETTERS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
long_word = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
    min_size=60,
    max_size=300,
)


def texts(*, control: bool) -> st.SearchStrategy[str]:
    """Text of a few words: odd ones, random ones, very long ones, and control characters."""
    word = st.sampled_from(ODD_WORDS) | st.text(_LETTERS, max_size=15) | long_word
    if control:
        word = word | st.sampled_from(CONTROL)
    return st.lists(word, max_size=6).map(" ".join) | st.sampled_from(["", "\n", "a\nb\r\nc"])


def names(*, control: bool) -> st.SearchStrategy[str]:
    """Text that is not blank (titles, names)."""
    return texts(control=control).filter(lambda s: s.strip() != "")


_ID = st.text("abcdefghijklmnopqrstuvwxyzåäö0123456789-_", min_size=1, max_size=8)
_DECIMAL = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15, places=3
)


@st.composite
def valid_plans(draw: st.DrawFn, *, control: bool = True, most: int = 4) -> Plan:
    """A plan with no validation errors: every reference points at something that exists.

    ``control`` lets text hold control characters, which validation refuses (the
    writers must still cope with a plan built in Python); ``most`` bounds each list.
    """
    text, name = texts(control=control), names(control=control)
    # A list item cannot hold a line break: the workbook writes one item per line.
    item = name.filter(lambda s: "\n" not in s and "\r" not in s)
    scale = draw(st.sampled_from([TRAFFIC_LIGHT, PROGRESS]))
    first = draw(st.integers(2000, 2030))
    areas = draw(st.lists(_ID, min_size=1, max_size=3, unique=True))
    units = draw(st.lists(_ID, max_size=3, unique=True))
    start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))
    period_ids = draw(st.lists(_ID, min_size=1, max_size=3, unique=True))
    periods = tuple(
        Period(
            id=p,
            name=draw(text),
            as_of=start + dt.timedelta(days=40 * n),
            presented=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1))),
        )
        for n, p in enumerate(period_ids)
    )
    status = st.none() | st.sampled_from(scale.ids())
    follow_ups = st.dictionaries(
        st.sampled_from(period_ids), st.builds(FollowUp, status=status, comment=text), max_size=3
    )
    activities = draw(
        st.lists(
            st.builds(
                Activity,
                id=_ID,
                title=name,
                goal_areas=st.lists(st.sampled_from(areas), min_size=1, max_size=2).map(tuple),
                units=st.lists(st.sampled_from(units), max_size=2).map(tuple)
                if units
                else st.just(()),
                responsible=st.lists(item, max_size=2).map(tuple),
                schedule=st.none()
                | st.sampled_from(["2023", "2023-2024", "Q4 2023", "Planperioden"]).map(
                    parse_schedule
                ),
                follow_ups=follow_ups,
            ),
            max_size=most,
            unique_by=lambda a: a.id,
        )
    )
    # Some activities name their first and last period: those of their follow-ups.
    order = {p: n for n, p in enumerate(period_ids)}
    bounded = []
    for activity in activities:
        recorded = sorted(activity.follow_ups, key=order.__getitem__)
        if recorded and draw(st.booleans()):
            activity = attrs.evolve(activity, start=recorded[0], end=recorded[-1])
        bounded.append(activity)
    activities = bounded
    keys = [a.key for a in activities]
    periods = tuple(
        attrs.evolve(
            p,
            closed=draw(st.booleans()),
            activities=tuple(draw(st.lists(st.sampled_from(keys), max_size=2, unique=True)))
            if keys
            else (),
        )
        for p in periods
    )
    outcome = st.builds(
        Outcome,
        value=st.none() | _DECIMAL,
        values=st.dictionaries(st.sampled_from(["K", "M"]), _DECIMAL, max_size=2),
        note=text,
    )
    indicators = draw(
        st.lists(
            st.builds(
                Indicator,
                id=_ID,
                name=name,
                goal_area=st.sampled_from(areas),
                unit=text,
                target=st.none()
                | st.sampled_from(["> 69%", "Öka", "5,0 %", "K > 50 M > 40", "Ej mätbart"]).map(
                    parse_target
                ),
                every_n_years=st.integers(1, 4),
                outcomes=st.dictionaries(st.sampled_from(period_ids), outcome, max_size=2),
            ),
            max_size=most,
            unique_by=lambda i: i.id,
        )
    )
    in_period = st.sampled_from(period_ids)
    control_checks = draw(
        st.lists(
            st.builds(
                ControlCheck,
                period=in_period,
                level=st.sampled_from(ControlLevel),
                area=text,
                regulation=text,
                method=text,
                result=text,
                actions=text,
                sample_size=st.none() | st.integers(0, 10**6),
                deviations=st.none() | st.integers(0, 1000),
            ),
            max_size=2,
        )
    )

    def statement(ids: list[str]) -> st.SearchStrategy[Statement]:
        # Revenue and cost lines only: totals are checked to add up, and are elsewhere.
        return st.builds(
            Statement,
            title=text,
            columns=st.just(tuple(Column(id=c, label=draw(text)) for c in ids)),
            lines=st.lists(
                st.builds(
                    StatementLine,
                    label=text,
                    kind=st.sampled_from([LineKind.REVENUE, LineKind.COST]),
                    values=st.dictionaries(st.sampled_from(ids), _DECIMAL, max_size=2),
                ),
                max_size=3,
            ).map(tuple),
            note=text,
        )

    economy_periods = draw(st.lists(in_period, max_size=2, unique=True))
    economy = tuple(
        Economy(
            period=p,
            income_statement=draw(st.none() | statement(["utfall", "budget"])),
            investments=tuple(
                draw(
                    st.lists(
                        st.builds(Investment, project=text, budget=st.none() | _DECIMAL),
                        max_size=2,
                    )
                )
            ),
            deviations=tuple(
                draw(st.lists(st.builds(Deviation, text=text, amount=_DECIMAL), max_size=2))
            ),
            forecast_comment=draw(text),
            actions=tuple(draw(st.lists(name, max_size=2))),
        )
        for p in economy_periods
    )
    figure_keys = draw(st.lists(st.tuples(in_period, name), max_size=2, unique=True))
    key_figures = tuple(
        KeyFigure(
            period=p,
            title=title,
            unit=draw(text),
            columns=("2022", "2023"),
            rows=tuple(
                draw(
                    st.lists(
                        st.builds(
                            KeyFigureRow,
                            label=text,
                            group=text,
                            values=st.tuples(st.none() | _DECIMAL, st.none() | _DECIMAL),
                        ),
                        max_size=3,
                    )
                )
            ),
            comments=tuple(draw(st.lists(name, max_size=2))),
        )
        for p, title in figure_keys
    )
    narratives = tuple(
        Narrative(
            period=p,
            summary=draw(text),
            highlights=tuple(draw(st.lists(name, max_size=2))),
            upcoming=tuple(draw(st.lists(name, max_size=2))),
        )
        for p in draw(st.lists(in_period, max_size=2, unique=True))
    )
    plan = Plan(
        title=draw(name),
        organisation=draw(name),
        first_year=first,
        last_year=first + draw(st.integers(0, 5)),
        committee=draw(text),
        vision=draw(text),
        scale=scale,
        units=tuple(Unit(id=u, name=draw(name)) for u in units),
        goal_areas=tuple(
            GoalArea(
                id=a,
                name=draw(name),
                kind=draw(st.sampled_from(GoalKind)),
                short_name=draw(text),
                description=draw(text),
                sub_goals=tuple(
                    draw(
                        st.lists(
                            st.builds(SubGoal, name=name, prioritised=st.booleans()), max_size=2
                        )
                    )
                ),
            )
            for a in areas
        ),
        periods=periods,
        activities=tuple(activities),
        indicators=tuple(indicators),
        internal_control=tuple(control_checks),
        economy=economy,
        key_figures=key_figures,
        narratives=narratives,
    )
    found = errors(validate(plan))
    if control:  # refused by validation, but written all the same by a program's own plan
        found = [p for p in found if "the control character" not in p.message]
    assume(not found)
    return plan


# --- Helpers ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def registry() -> Registry:
    from rusmodel.plugins import deck, json_format, workbook, yaml_format

    return build_registry([yaml_format, json_format, workbook, deck])


def _export(registry: Registry, name: str, plan: Plan, path: Path) -> Path:
    context = ExportContext(period=plan.latest_period(), lang="sv")
    with atomic_write(path) as out:
        registry.exporter(name).write(plan, out, context)
    return path


FEW = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# --- Write, then read ---------------------------------------------------------------------------


@FEW
@given(plan=valid_plans(control=True))
@pytest.mark.parametrize("name", ["yaml", "json"])
def test_a_plan_file_reads_back_equal(
    name: str, plan: Plan, registry: Registry, tmp_path: Path
) -> None:
    path = _export(registry, name, plan, tmp_path / f"plan.{name}")
    assert registry.importer(name).read(path, ImportContext()) == plan
    # Canonical: written again, the same bytes.
    again = _export(registry, name, plan, tmp_path / f"again.{name}")
    assert again.read_bytes() == path.read_bytes()


@FEW
@given(plan=valid_plans(control=False))
def test_the_full_workbook_reads_back_equal(plan: Plan, registry: Registry, tmp_path: Path) -> None:
    path = _export(registry, "xlsx", plan, tmp_path / "plan.xlsx")
    assert registry.importer("xlsx").read(path, ImportContext()) == plan


def test_the_full_workbook_refuses_control_characters(registry: Registry) -> None:
    """Refused with their place, as validation refuses them; a literal ``_x0007_`` is kept."""
    from rusmodel.testing import sample_plan

    plan = sample_plan()
    bell = attrs.evolve(plan.activities[0], title="Ring\x07 en klocka _x0007_")
    plan = attrs.evolve(plan, activities=(bell, *plan.activities[1:]))
    assert [p.place for p in errors(validate(plan))] == ["activities[0].title"]
    with pytest.raises(PlanError) as caught:
        registry.exporter("xlsx").write(plan, io.BytesIO(), ExportContext())
    assert [p.place for p in caught.value.problems] == ["activities[0].title"]


# --- Reading plain data ----------------------------------------------------------------------

_plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["2023-02-30", "green", "Grön", "valmaende", "1e999999999", "0x7E7"])
    | st.dates()
    | st.datetimes(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(data: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: object) -> Any:
    if not path:
        return value
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _replace(data[head], tuple(rest), value)
    return copy


@st.composite
def broken_data(draw: st.DrawFn) -> object:
    """A valid plan as plain data, with a few values swapped for anything at all."""
    data: Any = unstructure_plan(draw(valid_plans(control=True, most=3)))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(data)))
        data = _replace(data, path, draw(_plain))
    if isinstance(data, dict) and draw(st.booleans()):
        data = {**data, draw(st.text(max_size=8)): draw(_plain)}
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=broken_data())
def test_reading_plain_data_raises_only_plan_errors(data: object) -> None:
    try:
        plan = structure_plan(data, file="plan.yaml")
    except PlanError as exc:
        assert exc.problems
        assert all(isinstance(p, Problem) and p.file == "plan.yaml" for p in exc.problems)
        assert all("\n" not in str(p) or "\n" in p.message for p in exc.problems)
        return
    found = validate(plan)
    assert all(isinstance(p, Problem) for p in found)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=valid_plans(control=True, most=3), edits=st.data())
def test_validation_never_raises(plan: Plan, edits: st.DataObject) -> None:
    """Whatever a program builds (references to nothing, statuses of no scale), it gets a list."""
    ids = st.text(max_size=6)
    activities = tuple(
        attrs.evolve(
            a,
            goal_areas=edits.draw(st.lists(ids, max_size=2).map(tuple)),
            follow_ups={edits.draw(ids): FollowUp(status=edits.draw(st.none() | ids))},
        )
        for a in plan.activities
    )
    broken = attrs.evolve(
        plan,
        activities=activities,
        periods=tuple(reversed(plan.periods)),
        last_year=plan.first_year - edits.draw(st.integers(0, 3)),
    )
    assert all(isinstance(p, Problem) for p in validate(broken))


# --- Exporters on valid plans -------------------------------------------------------------------


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plan=valid_plans(control=True, most=3))
def test_the_deck_is_written_for_every_valid_plan(
    plan: Plan, registry: Registry, tmp_path: Path
) -> None:
    from pptx import Presentation

    path = _export(registry, "pptx", plan, tmp_path / "plan.pptx")
    assert len(Presentation(str(path)).slides) >= 1


@FEW
@given(plan=valid_plans(control=False))
def test_the_workbooks_are_written_for_every_valid_plan(
    plan: Plan, registry: Registry, tmp_path: Path
) -> None:
    from rusmodel.cycle import followed_up
    from rusmodel.plugins.workbook.template import write_templates

    _export(registry, "xlsx", plan, tmp_path / "plan.xlsx")
    latest = plan.latest_period()
    assert latest is not None
    # A closed period takes no workbooks; its round is over.
    plan = attrs.evolve(plan, periods=(*plan.periods[:-1], attrs.evolve(latest, closed=False)))
    if followed_up(plan, latest.id):
        # Hypothesis runs every example in one tmp_path: the last example's workbooks are there.
        assert write_templates(plan, latest.id, "goal_area", tmp_path / "sent", force=True)


def _large_plan(size: int) -> Plan:
    """A plan of ``size`` activities with long, odd comments, made from a fixed seed."""
    import random

    rng = random.Random(size)
    words = [*ODD_WORDS, "Donaudampfschifffahrtsgesellschaftskapitän" * 3, "ord"]
    periods = (
        Period(id="p1", name="Delår 1 2023", as_of=dt.date(2023, 4, 30)),
        Period(id="p2", name="Delår 2 2023", as_of=dt.date(2023, 8, 31)),
    )
    areas = tuple(
        GoalArea(id=f"g{n}", name=f"Målområde {n} " + rng.choice(words)) for n in range(6)
    )

    def sentence(length: int) -> str:
        return " ".join(rng.choice(words) for _ in range(length))

    activities = tuple(
        Activity(
            id=f"A{n}",
            title=sentence(rng.randint(3, 30)),
            goal_areas=(rng.choice(areas).id,),
            responsible=(sentence(2),),
            follow_ups={
                p.id: FollowUp(
                    status=rng.choice(["green", "yellow", "red", None]),
                    comment=sentence(rng.randint(0, 120)),
                )
                for p in periods
            },
        )
        for n in range(size)
    )
    return Plan(
        title="Verksamhetsplan " + sentence(4),
        organisation="Region Exempel",
        first_year=2023,
        last_year=2025,
        goal_areas=areas,
        periods=periods,
        activities=activities,
    )


@pytest.mark.parametrize("name", ["pptx", "xlsx"])
def test_a_large_plan_with_long_odd_text_is_written(
    name: str, registry: Registry, tmp_path: Path
) -> None:
    plan = _large_plan(150)
    assert not errors(validate(plan))
    path = _export(registry, name, plan, tmp_path / f"plan.{name}")
    assert path.stat().st_size > 10_000
    if name == "xlsx":
        assert registry.importer("xlsx").read(path, ImportContext()) == plan


# --- Formula injection and atomic writes ------------------------------------------------------

_FORMULA_START = ["=", "+", "-", "@", "\t=", '=HYPERLINK("http://x")', "=cmd|' /C calc'!A0"]
_FORMULA = re.compile(rb"<f[ >]")


@FEW
@given(
    plan=valid_plans(control=False, most=3),
    prefix=st.sampled_from(_FORMULA_START),
)
def test_no_text_becomes_a_formula_in_any_workbook(
    plan: Plan, prefix: str, registry: Registry, tmp_path: Path
) -> None:
    """Every text of the plan begins like a formula; no sheet of any workbook holds one."""
    from rusmodel.cycle import followed_up
    from rusmodel.plugins.workbook.template import write_templates

    def inject(value: object) -> object:
        if isinstance(value, str) and value.strip() and not value.startswith(prefix):
            return prefix + value.replace("\n", " ")
        return value

    injected = _map_text(plan, inject)
    assume(not errors(validate(injected)))
    written = [_export(registry, "xlsx", injected, tmp_path / "plan.xlsx")]
    period = injected.latest_period()
    if period is not None:
        # A closed period takes no workbooks; its round is over.
        periods = (*injected.periods[:-1], attrs.evolve(period, closed=False))
        injected = attrs.evolve(injected, periods=periods)
        if followed_up(injected, period.id):
            written += write_templates(injected, period.id, "unit", tmp_path / "sent", force=True)
    for path in written:
        with zipfile.ZipFile(path) as archive:
            for part in archive.namelist():
                if part.startswith("xl/worksheets/"):
                    assert not _FORMULA.search(archive.read(part)), f"{path.name}: {part}"


def _map_text(plan: Plan, change: Callable[[object], object]) -> Plan:
    """The plan with ``change`` applied to its free text (titles, comments, names, notes)."""

    def texts_of(obj: Any) -> Any:
        if not attrs.has(type(obj)):
            return obj
        updates = {}
        for field in attrs.fields(type(obj)):
            value = getattr(obj, field.name)
            # References to other parts of the plan (a period's activities are keys) stay.
            references = ("id", "period", "goal_area", "goal_areas", "units", "status")
            if field.name in (*references, "start", "end") or (
                isinstance(obj, Period) and field.name == "activities"
            ):
                continue
            if isinstance(value, str):
                updates[field.name] = change(value)
            elif isinstance(value, tuple):
                updates[field.name] = tuple(
                    change(v) if isinstance(v, str) else texts_of(v) for v in value
                )
            elif isinstance(value, dict):
                updates[field.name] = {k: texts_of(v) for k, v in value.items()}
            elif attrs.has(type(value)) and field.name not in ("scale", "schedule", "target"):
                updates[field.name] = texts_of(value)
        return attrs.evolve(obj, **updates)

    result: Plan = texts_of(plan)
    return result


class _Halfway(Exception):
    pass


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(old=st.binary(max_size=200), new=st.binary(max_size=5000), fail_at=st.integers(0, 5000))
def test_a_failed_write_leaves_the_old_file(
    old: bytes, new: bytes, fail_at: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("atomic")
    target = folder / "plan.yaml"
    target.write_bytes(old)
    with pytest.raises(_Halfway), atomic_write(target) as out:
        out.write(new[:fail_at])
        raise _Halfway
    assert target.read_bytes() == old
    assert [p.name for p in folder.iterdir()] == ["plan.yaml"]
    with atomic_write(target) as out:
        out.write(new)
    assert target.read_bytes() == new
    assert [p.name for p in folder.iterdir()] == ["plan.yaml"]


# --- The fuzz targets, briefly ----------------------------------------------------------------


def _fuzzing() -> ModuleType:
    path = ROOT / "fuzz" / "fuzz_importers.py"
    spec = importlib.util.spec_from_file_location("fuzz_importers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("target", ["yaml", "json", "xlsx", "collect"])
def test_the_fuzz_target_finds_nothing_in_a_short_run(target: str) -> None:
    """A fixed seed and a few dozen inputs: the same inputs every run, so a failure repeats."""
    fuzzing = _fuzzing()
    done = [0]
    found = list(fuzzing.fuzz(target, seconds=20.0, seed=2024, runs=40, done=done))
    assert done[0] == 40 or done[0] > 5
    assert [f.what for f in found] == []


def test_the_fuzz_target_reports_what_is_not_a_plan_error() -> None:
    """The harness itself: an input that breaks the reader is reported, with its traceback."""
    fuzzing = _fuzzing()

    def broken(path: Path) -> object:
        raise KeyError("comment")

    assert fuzzing.run_forked("yaml", b"title: x\n", lambda path: None) is None
    finding = fuzzing.run_forked("yaml", b"title: x\n", broken)
    assert finding is not None and "KeyError: 'comment'" in finding.what
