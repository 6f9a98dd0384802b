"""Faults a careful tester provokes: odd outputs, odd inputs, signals and two runs at once.

Each test runs the real command line (in-process where it can, as a process
where a signal or a second process is part of the fault) and checks what a
user would notice: the old file kept, the device left a device, one clear line
naming the user's file and never the temporary ``.part`` file.
"""

from __future__ import annotations

import os
import resource
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rusmodel import PlanError, atomic_write
from rusmodel.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-plan.yaml"


# A hard stop: before the fixes some of these faults hung or grew without end.
KILL_AFTER = 20
ADDRESS_SPACE = 2 * 1024**3


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _process(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``rusmodel ARGV`` in a process of its own, stopped if it hangs or grows."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUSMODEL_")}
    return subprocess.run(
        [sys.executable, "-m", "rusmodel", *argv],
        capture_output=True,
        text=True,
        timeout=KILL_AFTER,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env=env,
        preexec_fn=_limit_address_space,
    )


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- Outputs that are not regular files (issue 20, point 2) ------------------------------------


def test_a_pipe_as_output_gets_the_output_and_stays_a_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "out.yaml"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = _run(capsys, "export", str(SAMPLE), "--format", "yaml", "-o", str(fifo))
    reader.join(timeout=60)
    assert (code, err) == (0, "")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert len(received) == 1 and received[0].startswith(b"schema_version")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


def test_a_character_device_as_output_is_written_to_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except (PermissionError, AttributeError):
        pytest.skip("making a device needs root")
    code, _, err = _run(capsys, "export", str(SAMPLE), "--format", "yaml", "-o", str(null))
    assert (code, err) == (0, "")
    assert stat.S_ISCHR(os.stat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_socket_or_a_folder_as_output_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listening = socket.socket(socket.AF_UNIX)
    address = tmp_path / "s.yaml"
    listening.bind(str(address))
    try:
        code, _, err = _run(capsys, "export", str(SAMPLE), "--format", "yaml", "-o", str(address))
    finally:
        listening.close()
    assert code == 1
    assert err == (
        f"{address}: is a socket; rusmodel writes only to files, to character "
        "devices such as /dev/null and to pipes\n"
    )
    assert stat.S_ISSOCK(os.stat(address).st_mode)
    folder = tmp_path / "out.yaml"
    folder.mkdir()
    code, _, err = _run(capsys, "export", str(SAMPLE), "--format", "yaml", "-o", str(folder))
    assert (code, err) == (1, f"{folder}: is a folder; give the name of the file to write\n")
    assert folder.is_dir() and not list(folder.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml", "s.yaml"]


def test_a_symbolic_link_as_output_stays_a_link_to_the_new_file(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    with atomic_write(link) as out:
        out.write(b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "real.yaml"]


def test_an_error_writing_names_the_users_file_not_the_part_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plan.yaml").write_text("x")
    target = tmp_path / "plan.yaml" / "out.yaml"  # the temporary file cannot be made there
    code, _, err = _run(capsys, "export", str(SAMPLE), "--format", "yaml", "-o", str(target))
    assert (code, err) == (1, f"{target}: Not a directory\n")


def test_a_full_disk_names_the_users_file(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old")
    with pytest.raises(OSError) as caught, atomic_write(target) as out:
        out.write(b"half")
        raise OSError(28, "No space left on device")
    assert caught.value.filename == str(target)
    assert str(caught.value) == f"[Errno 28] No space left on device: '{target}'"
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_the_api_refuses_a_folder_with_a_plan_error(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="is a folder"), atomic_write(tmp_path) as out:
        out.write(b"x")


# --- Inputs that are not regular files, or too large (issue 20, point 6) ----------------------


@pytest.mark.parametrize("command", ["validate", "export", "summary"])
def test_a_device_or_a_pipe_as_plan_is_refused_at_once(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    for plan, kind in ((fifo, "a named pipe (FIFO)"), (zero, "a device")):
        extra = ["-o", str(tmp_path / "deck.pptx")] if command == "export" else []
        done = _process(command, str(plan), *extra)
        assert done.returncode == 1
        assert f"{plan}: is {kind}, not a file; rusmodel reads only regular files" in (
            done.stdout + done.stderr
        )
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml", "zero.yaml"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_plan_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from rusmodel.inputs import MAX_PLAN_BYTES

    plan = tmp_path / "plan.yaml"
    with plan.open("wb") as handle:  # sparse: takes no room on disk
        handle.truncate(MAX_PLAN_BYTES + 1)
    for argv in (["validate", str(plan)], ["export", str(plan), "-o", str(tmp_path / "d.pptx")]):
        done = _process(*argv)
        assert done.returncode == 1
        assert f"{plan}: the file is larger than 128 MB, the most a plan file may be" in (
            done.stdout + done.stderr
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_the_api_refuses_a_pipe_as_plan(tmp_path: Path) -> None:
    import rusmodel

    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    with pytest.raises(PlanError, match="is a named pipe"):
        rusmodel.read_plan(fifo)
    with pytest.raises(PlanError, match="is a named pipe"):
        rusmodel.read_plan(fifo, format="yaml")


# --- An output that is one of the inputs (issue 20, point 3) -----------------------------------

COLLECT_PLAN = ROOT / "tests" / "fixtures" / "workbooks" / "collect-plan.yaml"
RETURNED = ROOT / "tests" / "fixtures" / "workbooks" / "kultur-2023-d2.xlsx"


def _links(tmp_path: Path, original: Path, name: str) -> dict[str, Path]:
    """The file itself, a hard link to it and a symbolic link to it."""
    first = tmp_path / name
    first.write_bytes(original.read_bytes())
    hard = tmp_path / f"hard-{name}"
    os.link(first, hard)
    soft = tmp_path / f"soft-{name}"
    soft.symlink_to(first)
    return {"itself": first, "hard link": hard, "symbolic link": soft}


@pytest.mark.parametrize("how", ["itself", "hard link", "symbolic link"])
def test_export_never_writes_over_its_template(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rusmodel.plugins.deck.theme import builtin_presentation

    template = tmp_path / "built.pptx"
    builtin_presentation().save(str(template))
    output = _links(tmp_path, template, "mall.pptx")[how]
    before = output.read_bytes()
    code, _, err = _run(
        capsys, "export", str(SAMPLE), "--template", str(tmp_path / "mall.pptx"), "-o", str(output)
    )
    assert code == 1
    assert err == (
        f"{output}: the output would replace the --template file {tmp_path / 'mall.pptx'}, "
        "which is being read; choose another output\n"
    )
    assert output.read_bytes() == before
    assert (tmp_path / "soft-mall.pptx").is_symlink()


@pytest.mark.parametrize("how", ["itself", "hard link", "symbolic link"])
def test_collect_never_writes_over_a_returned_workbook(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = _links(tmp_path, RETURNED, "kultur.xlsx")[how]
    returned = tmp_path / "kultur.xlsx"
    code, out, err = _run(
        capsys, "collect", str(COLLECT_PLAN), str(RETURNED), str(returned), "-o", str(output)
    )
    assert code == 1
    assert err == (
        f"{output}: the output would replace the returned workbook {returned}, "
        "which is being read; choose another output\n"
    )
    assert out == ""
    assert returned.read_bytes() == RETURNED.read_bytes()


def test_collect_may_still_write_the_plan_in_place(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(COLLECT_PLAN.read_bytes())
    done = _process("collect", str(plan), str(RETURNED), "-o", str(plan))
    assert done.returncode in (0, 1), done.stderr
    assert plan.read_bytes() != COLLECT_PLAN.read_bytes()


# --- Stopped by a signal (issue 20, point 10) --------------------------------------------------

# The YAML exporter made to stop half-way: it writes a little, says so and waits.
_HALFWAY = """
import sys
import rusmodel.plugins.yaml_format as plugin

def halfway(plan, out, context):
    out.write(b"half a plan")
    out.flush()
    print("writing", flush=True)
    sys.stdin.readline()

plugin.write = halfway
from rusmodel.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_mid_write_leaves_the_old_output_and_no_part_file(
    name: str, tmp_path: Path
) -> None:
    import signal

    target = tmp_path / "out.yaml"
    target.write_bytes(b"the old output")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUSMODEL_")}
    process = subprocess.Popen(
        [sys.executable, "-c", _HALFWAY, "export", str(SAMPLE), "-f", "yaml", "-o", str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "writing\n"
        assert len(list(tmp_path.glob(".out.yaml.*.part"))) == 1  # it is half-way
        process.send_signal(getattr(signal, name))
        _, err = process.communicate(timeout=KILL_AFTER)
    finally:
        process.kill()
    number = getattr(signal, name)
    assert process.returncode == (130 if name == "SIGINT" else 128 + number)
    assert err == (
        "rusmodel: interrupted\n" if name == "SIGINT" else f"rusmodel: stopped by {name}\n"
    )
    assert target.read_bytes() == b"the old output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


# --- Two runs writing one plan in place (issue 20, point 5) ------------------------------------

FOLKHALSA = ROOT / "tests" / "fixtures" / "workbooks" / "folkhalsa-2023-d2.xlsx"

# Holds the plan's lock as another run would; told "collect", it merges Folkhälsa's answers
# into the plan before it lets go.
_HOLDER = """
import sys
from pathlib import Path
from rusmodel.locks import plan_lock
from rusmodel.plugins.workbook.collect import collect
from rusmodel.plugins.workbook.files import load_plan, save_plan

plan = Path(sys.argv[1])
with plan_lock(plan):
    print("locked", flush=True)
    if sys.stdin.readline().strip() == "collect":
        save_plan(collect(load_plan(plan), [Path(sys.argv[2])]).plan, plan)
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUSMODEL_")}
    return {**env, **extra}


def _holder(plan: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(plan), str(FOLKHALSA)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "locked\n"
    return holder


def _answers(plan: Path) -> dict[str, str | None]:
    """The status of the activities each unit's workbook answers, in the plan on disk."""
    from rusmodel.plugins.workbook.files import load_plan

    merged = load_plan(plan)
    found = {}
    for key in ("RF1", "RUN 4"):
        activity = next(a for a in merged.activities if a.key == key)
        follow_up = activity.follow_ups.get("2023-d2")
        found[key] = follow_up.status if follow_up else None
    return found


def test_a_second_run_in_place_waits_then_reads_the_plan_as_the_first_left_it(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(COLLECT_PLAN.read_bytes())
    assert _answers(plan) == {"RF1": None, "RUN 4": None}
    holder = _holder(plan)
    second = subprocess.Popen(
        [sys.executable, "-m", "rusmodel", "collect", str(plan), str(RETURNED), "-o", str(plan)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert second.stderr is not None
        assert second.stderr.readline() == (
            f"{plan}: another rusmodel run (process {holder.pid} on {socket.gethostname()}) "
            "is writing this plan; waiting for it\n"
        )
        holder.communicate("collect\n", timeout=KILL_AFTER)  # the first run writes and ends
        second.communicate(timeout=KILL_AFTER)
    finally:
        holder.kill()
        second.kill()
    assert holder.returncode == 0
    # Both units' answers: the second run read the plan the first one wrote.
    assert _answers(plan) == {"RF1": "green", "RUN 4": "red"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]  # no lock file left


def test_a_run_that_waited_long_enough_stops_naming_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(COLLECT_PLAN.read_bytes())
    holder = _holder(plan)
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "rusmodel",
                "collect",
                str(plan),
                str(RETURNED),
                "-o",
                str(plan),
            ],
            capture_output=True,
            text=True,
            timeout=KILL_AFTER,
            env=_env(RUSMODEL_LOCK_WAIT="0"),
        )
    finally:
        holder.communicate("\n", timeout=KILL_AFTER)
    assert done.returncode == 1
    assert done.stderr == (
        f"{plan}: another rusmodel run (process {holder.pid} on {socket.gethostname()}) is "
        "writing this plan; waited 0 s for it to finish (the lock is .plan.yaml.lock); "
        "try again when it has finished\n"
    )
    assert done.stdout == ""
    assert plan.read_bytes() == COLLECT_PLAN.read_bytes()


def test_two_runs_in_place_at_once_keep_both_units_answers(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(COLLECT_PLAN.read_bytes())
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "rusmodel", "collect", str(plan), str(book), "-o", str(plan)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_env(),
        )
        for book in (FOLKHALSA, RETURNED)
    ]
    for run in runs:
        run.wait(timeout=KILL_AFTER * 2)
    assert _answers(plan) == {"RF1": "green", "RUN 4": "red"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_a_pipe_as_returned_workbook_or_template_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "kultur.xlsx"
    os.mkfifo(fifo)
    template = tmp_path / "mall.pptx"
    os.mkfifo(template)
    message = "is a named pipe (FIFO), not a file; rusmodel reads only regular files"
    collected = _process("collect", str(COLLECT_PLAN), str(fifo), "-o", str(tmp_path / "ut.yaml"))
    assert collected.returncode == 1
    assert f"{fifo}: {message}" in collected.stdout
    exported = _process(
        "export", str(SAMPLE), "--template", str(template), "-o", str(tmp_path / "d.pptx")
    )
    assert exported.returncode == 1
    assert exported.stderr == f"{template}: --template: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kultur.xlsx", "mall.pptx"]


def test_the_api_never_writes_over_its_template(tmp_path: Path) -> None:
    import rusmodel
    from rusmodel.plugins.deck.theme import builtin_presentation

    template = tmp_path / "mall.pptx"
    builtin_presentation().save(str(template))
    before = template.read_bytes()
    with pytest.raises(PlanError, match="would replace the --template file"):
        rusmodel.export(rusmodel.read_plan(SAMPLE), template, options={"template": template})
    assert template.read_bytes() == before


def test_standard_output_as_output_holds_the_output_alone(tmp_path: Path) -> None:
    done = _process("export", str(SAMPLE), "-f", "yaml", "-o", "/dev/stdout")
    assert done.returncode == 0
    _process("export", str(SAMPLE), "-f", "yaml", "-o", str(tmp_path / "plan.yaml"))
    assert done.stdout == (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert done.stderr == "/dev/stdout: written (yaml, period Delår 2 2023)\n"
