"""Faults a careful tester provokes: odd outputs, odd inputs, signals and two runs at once.

Each test runs the real command line (in-process where it can, as a process
where a signal or a second process is part of the fault) and checks what a
user would notice: the old file kept, the device left a device, one clear line
naming the user's file and never the temporary ``.part`` file.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from rusmodel import PlanError, atomic_write
from rusmodel.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-plan.yaml"


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
