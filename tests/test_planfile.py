"""The plan file: reading, writing, and the errors a person gets for a bad file."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rusmodel import PlanError, dump_json, dump_yaml, load_json, load_yaml
from rusmodel.model import TRAFFIC_LIGHT, FollowUp, StatusScale, StatusValue
from rusmodel.planfile import read_yaml_document


def problems(text: str | bytes, file: str = "plan.yaml") -> list[str]:
    with pytest.raises(PlanError) as info:
        load_yaml(text, file)
    return [str(p) for p in info.value.problems]


def test_sample_round_trips_to_the_same_bytes(sample_yaml: str) -> None:
    plan = load_yaml(sample_yaml, "sample-plan.yaml")
    assert dump_yaml(plan) == sample_yaml


def test_sample_is_read_into_the_model(sample_yaml: str) -> None:
    plan = load_yaml(sample_yaml)
    first = plan.activities[0]
    assert first.id == "RF1"
    assert first.schedule is not None and str(first.schedule) == "2023-2024"
    assert first.follow_ups["2023-d2"] == FollowUp(
        status="yellow", comment="Något försenat.\nRemissen skickas i oktober."
    )
    assert plan.periods[1].as_of == dt.date(2023, 8, 31)
    assert plan.scale == TRAFFIC_LIGHT
    assert plan.indicators[0].target is not None
    assert plan.indicators[0].target.text == "> 69%"
    line = plan.economy[0].income_statement.lines[0]  # type: ignore[union-attr]
    assert line.values["utfall"] == Decimal("129.2")
    assert isinstance(line.values["utfall"], Decimal)


def test_json_is_the_same_structure_and_round_trips(sample_yaml: str) -> None:
    plan = load_yaml(sample_yaml)
    text = dump_json(plan)
    assert load_json(text) == plan
    assert dump_json(load_json(text)) == text
    data = json.loads(text)
    assert data["schema_version"] == 1
    assert data["activities"][0]["id"] == "RF1"
    assert '"utfall": 129.2' in text  # numbers stay numbers, with their digits


def test_decimals_keep_their_digits() -> None:
    text = (
        _minimal()
        + "economy:\n- period: p1\n  investments:\n  - project: Konst\n    budget: 10.50\n"
    )
    plan = load_yaml(text)
    assert str(plan.economy[0].investments[0].budget) == "10.50"
    assert "budget: 10.50" in dump_yaml(plan)
    assert '"budget": 10.50' in dump_json(plan)


def test_swedish_text_survives_yaml_and_json() -> None:
    plan = load_yaml(_minimal())
    plan = attrs.evolve(plan, title="Åtgärder för ett välmående Västmanland – ÖVERSIKT")
    assert load_yaml(dump_yaml(plan)).title == plan.title
    assert load_json(dump_json(plan)).title == plan.title
    assert "Åtgärder" in dump_yaml(plan)  # written as text, not escaped


def test_a_bom_and_windows_line_ends_are_read() -> None:
    raw = ("\ufeff" + _minimal()).replace("\n", "\r\n").encode("utf-8")
    assert load_yaml(raw).title == "Plan"


def test_bytes_that_are_not_utf8_name_the_line() -> None:
    raw = _minimal().encode() + b"vision: V\xe4stmanland\n"
    assert problems(raw) == [
        "plan.yaml:15: the file is not UTF-8 text (byte 199); save it as UTF-8"
    ]


def test_broken_yaml_names_the_line() -> None:
    found = problems("title: Plan\norganisation: [Region\n")
    assert len(found) == 1
    assert found[0].startswith("plan.yaml:")
    assert "not valid YAML" in found[0]


def test_unknown_key_suggests_the_right_one() -> None:
    text = _minimal().replace("title: Plan", "titel: Plan")
    found = problems(text)
    assert any("unknown key 'titel' (did you mean 'title'?)" in p for p in found)
    assert any("plan.yaml:1:" in p for p in found)


def test_unknown_key_deep_in_the_plan_names_its_path_and_line() -> None:
    text = _minimal() + "activities:\n- titel: A\n  goal_areas: [g1]\n  colour: green\n"
    assert problems(text) == [
        "plan.yaml:16: activities[0]: required key 'title' is missing",
        "plan.yaml:16: activities[0]: unknown key 'titel' (did you mean 'title'?)",
        "plan.yaml:18: activities[0]: unknown key 'colour'",
    ]


def test_wrong_types_are_all_reported_with_paths() -> None:
    text = _minimal().replace("first_year: 2023", "first_year: tjugotjugotre") + (
        "activities:\n- title: 12\n  goal_areas: [g1]\n"
    )
    found = problems(text)
    assert any("first_year" in p and "whole number" in p for p in found)
    assert any("activities[0].title" in p and "expected text" in p for p in found)
    assert len(found) == 2


def test_a_bad_date_is_an_error_with_its_path() -> None:
    found = problems(_minimal().replace("as_of: 2023-08-31", "as_of: 31/8 2023"))
    assert found == [
        "plan.yaml:14: periods[0].as_of: expected a date written YYYY-MM-DD, got text '31/8 2023'"
    ]


def test_duplicate_keys_are_errors() -> None:
    found = problems(_minimal() + "title: Again\n")
    assert found == ["plan.yaml:15: title: the key 'title' is given twice (first on line 1)"]


def test_yaml_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    start = time.perf_counter()
    found = problems(bomb)
    assert time.perf_counter() - start < 5
    assert any("aliases" in p for p in found)


def test_deep_nesting_is_refused() -> None:
    text = "title: " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems(text)


def test_an_empty_file_is_an_error() -> None:
    assert problems("") == ["plan.yaml: the file is empty"]


def test_a_newer_schema_version_is_refused() -> None:
    found = problems("schema_version: 2\n" + _minimal())
    assert found == [
        "plan.yaml: schema_version: schema_version 2 is not supported; "
        "this rusmodel reads version 1"
    ]


def test_custom_scale_round_trips() -> None:
    scale = StatusScale(
        id="egen",
        values=(
            StatusValue(id="ok", label_sv="Bra", label_en="Good", colour="00FF00", on_track=True),
            StatusValue(id="nok", label_sv="Dåligt", label_en="Bad", colour="FF0000"),
        ),
    )
    plan = attrs.evolve(load_yaml(_minimal()), scale=scale)
    text = dump_yaml(plan)
    assert "scale:\n  id: egen" in text
    assert load_yaml(text) == plan
    assert "scale: progress" in dump_yaml(attrs.evolve(plan, scale=_progress()))


def test_lines_are_recorded_for_paths(sample_yaml: str) -> None:
    document = read_yaml_document(sample_yaml, "sample-plan.yaml")
    assert document.lines["activities[0].follow_ups.2023-d2.status"] == 47


def _progress() -> StatusScale:
    from rusmodel.model import PROGRESS

    return PROGRESS


def _minimal() -> str:
    return (
        "title: Plan\n"
        "organisation: Region\n"
        "first_year: 2023\n"
        "last_year: 2025\n"
        "units:\n"
        "- id: u1\n"
        "  name: Enhet\n"
        "goal_areas:\n"
        "- id: g1\n"
        "  name: Mål\n"
        "periods:\n"
        "- id: p1\n"
        "  name: Delår 2 2023\n"
        "  as_of: 2023-08-31\n"
    )


def test_a_misspelt_key_inside_a_follow_up_gets_a_suggestion(sample_yaml: str) -> None:
    text = sample_yaml.replace(
        "      comment: Arbetet pågår enligt plan.", "      comentar: Arbetet pågår enligt plan."
    )
    assert problems(text) == [
        "plan.yaml:45: activities[0].follow_ups.2023-d1: unknown key 'comentar' "
        "(did you mean 'comment'?)"
    ]


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize(
    ("load", "text"),
    [
        (load_yaml, "title: Plan\norganisation: Region\nfirst_year: 2023\nlast_year: 2024\n"),
        (load_yaml, "title: [unclosed\n"),
        (load_json, '{"title": "Plan"}'),
        (load_json, '{"title": '),
    ],
)
def test_reading_leaves_the_garbage_collector_as_it_found_it(
    load: Callable[[str], object], text: str, enabled: bool
) -> None:
    """The collector is paused while a plan is read, and restored, also when reading fails."""
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with contextlib.suppress(PlanError):
            load(text)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def _generation_of(thing: object) -> int | None:
    import gc

    return next(
        (g for g in range(3) if any(o is thing for o in gc.get_objects(generation=g))), None
    )


def test_a_plan_read_leaves_no_walk_of_its_objects_for_later() -> None:
    """What was made while the collector was paused is in its oldest generation after, where
    the collector puts what survives two collections: left in the youngest, the program's
    next new objects made it walk the whole plan (130-160 ms after 100 000 activities)."""
    import gc

    was = gc.isenabled()
    gc.enable()
    try:
        document = {
            "title": "Plan",
            "organisation": "Region",
            "first_year": 2023,
            "last_year": 2024,
            "periods": [{"id": "T1", "name": "Tertial 1", "as_of": "2023-04-30"}],
            "activities": [{"title": "A", "follow_ups": {"T1": {"status": "green"}}}],
        }
        plan = load_json(json.dumps(document))
        assert plan.activities[0].follow_ups  # a dict: tracked by the collector
        assert _generation_of(plan.activities[0].follow_ups) == 2
    finally:
        (gc.enable if was else gc.disable)()


def test_objects_the_program_froze_stay_frozen() -> None:
    """A program that froze its objects before forking workers (gc.freeze) keeps them so."""
    import gc

    from rusmodel._gc import collector_paused

    was = gc.isenabled()
    gc.enable()
    kept = [[] for _ in range(10)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            made = [[] for _ in range(100)]
        assert gc.get_freeze_count() == frozen
        assert _generation_of(kept) is None  # still in the permanent generation
        assert _generation_of(made) is not None
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


# The one-pass reader (planfile_events.read_yaml_events) against PyYAML's node graph
# (planfile_nodes.read_yaml_nodes): the same data, of the same types, and the same lines,
# or it gives way.

# No key holding "." or "[" and no empty key: their paths print like other paths
# ("" then "id" prints as "id"), and which of the two lines is kept differs.
_KEYS = [
    *("id", "name", "a b", "ä", "1", "01", "1.0", "~", "yes", "'q'", "<<", "=", "!!str 3"),
    *("&key id", "&key name", "*key", "! 5", "!custom k", "!!int 7", "? id"),
]
_SCALARS = [
    "x",
    "Arbetet pågår",
    "",
    "~",
    "null",
    "yes",
    "No",
    "0x1F",
    "1_000",
    "12",
    "-3",
    "1.50",
    ".inf",
    "1e3",
    "2024-01-31",
    "2023-02-30",
    "2024-01-31 10:00:00",
    '"quoted: text"',
    "'single'",
    "!!str 12",
    "!!int '7'",
    "!!float 2",
    "!!binary aGVq",
    "!custom x",
    "&anchor value",
    "&key value",
    "*anchor",
    "! 12",
    "!!str",
    "!!map {a: 1}",
    "!!seq [a]",
    "!!set {a}",
    "! [a, 1]",
    "=",
    "'a''b'",
    "[]",
    "{}",
    "[a, {b: 1}]",
]


def _yaml_trees() -> st.SearchStrategy[object]:
    scalars = st.sampled_from(_SCALARS)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.lists(st.tuples(st.sampled_from(_KEYS), inner), min_size=1, max_size=5)
        ),
        max_leaves=25,
    )


def _block(tree: object, indent: int) -> str:
    """``tree`` as block YAML: a list of pairs is a mapping, another list a sequence."""
    pad = " " * indent
    if isinstance(tree, str):
        return f"{pad}{tree}\n"
    assert isinstance(tree, list)
    if not tree:
        return f"{pad}[]\n"
    out = ""
    for item in tree:
        head, value = (f"{item[0]}:", item[1]) if isinstance(item, tuple) else ("-", item)
        if isinstance(value, str):
            out += f"{pad}{head} {value}\n"
        else:
            out += f"{pad}{head}\n" + _block(value, indent + 2)
    return out


def _read_both(text: str) -> tuple[object, object]:
    from rusmodel import planfile, planfile_nodes

    def outcome(read: Callable[[str, str], object]) -> object:
        try:
            document = read(text, "plan.yaml")
        except PlanError as exc:
            return [str(p) for p in exc.problems]
        assert isinstance(document, planfile.PlanDocument)
        return _typed(document.data), dict(document.lines)

    return outcome(planfile._read_yaml), outcome(planfile_nodes.read_yaml_nodes)


def _typed(value: object) -> object:
    if isinstance(value, dict):
        return [(_typed(k), _typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return type(value).__name__, repr(value)


@given(
    tree=_yaml_trees(), start=st.sampled_from(["", "---\n", "%YAML 1.1\n---\n"]), more=st.booleans()
)
@settings(max_examples=300, deadline=None)
def test_the_one_pass_yaml_reader_reads_what_the_node_graph_reads(
    tree: object, start: str, more: bool
) -> None:
    text = start + _block(tree, 0) + ("---\nx: 1\n" if more else "")
    fast, slow = _read_both(text)
    assert fast == slow


def test_the_one_pass_yaml_reader_reads_a_plain_plan(sample_yaml: str) -> None:
    from rusmodel import planfile_events, planfile_nodes

    data, lines = planfile_events.read_yaml_events(sample_yaml)
    slow = planfile_nodes.read_yaml_nodes(sample_yaml, "")
    assert (_typed(data), lines) == (_typed(slow.data), dict(slow.lines))
    assert lines["activities[0].follow_ups.2023-d2.status"] == 47


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: &x 1\nb: &x 2\n",
        "&x a: 1\n&x b: 2\n",
        "a: 1\na: 2\n",
        "<<: {a: 1}\n",
        "a: !region x\n",
        "? [a, b]\n: 1\n",
        "a: 1\n---\nb: 2\n",
        "# nothing\n",
        "a: " + "[" * 70 + "]" * 70 + "\n",
    ],
)
def test_the_one_pass_yaml_reader_gives_way_to_the_node_graph(text: str) -> None:
    """What a plain plan does not hold is read by the node graph, which names the problem."""
    from rusmodel import planfile_events

    with pytest.raises(planfile_events.SLOW_PATH):
        planfile_events.read_yaml_events(text)
    fast, slow = _read_both(text)
    assert fast == slow
