"""A secret signing key (RUSMODEL_SIGNING_KEY): workbooks only its holder can make pass collect."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rusmodel import Plan
from rusmodel.cli import main
from rusmodel.plugins.workbook import collect, signature, template
from rusmodel.plugins.workbook.book import save_deterministic
from rusmodel.plugins.workbook.files import load_plan
from rusmodel.plugins.workbook.values import open_book

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "workbooks"
PLAN = FIXTURES / "collect-plan.yaml"
KULTUR = FIXTURES / "kultur-2023-d2.xlsx"  # signed with the public key
SECRET = "kommunstyrelsens-hemliga-nyckel-2023"
OTHER = "en-annan-nyckel-som-ingen-gav-ut"


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(signature.ENVIRONMENT, raising=False)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


def _send(plan: Plan, folder: Path, key: str | None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Kultur's workbook, made with ``key`` set (or none)."""
    with monkeypatch.context() as env:
        if key is not None:
            env.setenv(signature.ENVIRONMENT, key)
        written = template.write_templates(plan, "2023-d2", "unit", folder)
    return next(p for p in written if p.name.startswith("Kultur"))


def _edited(source: Path, path: Path, edit: Callable[[Any], None]) -> Path:
    workbook = openpyxl.load_workbook(source)
    edit(workbook)
    out = io.BytesIO()
    save_deterministic(workbook, out)
    path.write_bytes(out.getvalue())
    return path


def _checksum(path: Path) -> str:
    rows = open_book(path).sheets["rusmodel"].rows
    return next(str(r[1]) for r in rows if r[0] == signature.ROW)


def _problem(plan: Plan, path: Path) -> str:
    report = collect.collect(plan, [path], lang="en").report
    assert report.files_read == ()  # refused whole: no answer of it is merged
    [problem] = report.problems
    assert problem.file == str(path)
    return problem.message


def test_with_a_secret_the_workbook_is_signed_with_it_and_collected_with_it(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    public = _send(plan, tmp_path / "public", None, monkeypatch)
    secret = _send(plan, tmp_path / "secret", SECRET, monkeypatch)
    again = _send(plan, tmp_path / "again", SECRET, monkeypatch)
    assert _checksum(public).startswith("v1:")
    checksum = _checksum(secret)
    assert checksum.startswith("v1k:") and SECRET not in checksum
    assert secret.read_bytes() == again.read_bytes()  # still deterministic
    assert secret.read_bytes() != public.read_bytes()
    monkeypatch.setenv(signature.ENVIRONMENT, f"  {SECRET}\n")  # as read from a file
    report = collect.collect(plan, [secret]).report
    assert report.files_read == (str(secret),) and report.problems == ()


def test_a_workbook_signed_with_the_public_key_is_refused_while_a_secret_is_set(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    public = _send(plan, tmp_path / "sent", None, monkeypatch)
    monkeypatch.setenv(signature.ENVIRONMENT, SECRET)
    assert _problem(plan, public) == (
        "the workbook is signed without the secret key of RUSMODEL_SIGNING_KEY, which is set "
        "here: someone without the key made it, or it was made before the key was set; send a "
        "new one made by `rusmodel template` with the key set"
    )
    # A forger who edits the period and signs again with rusmodel's public key gets no further.
    forged = _edited(public, tmp_path / "forged.xlsx", _resign(period="2023-d1"))
    assert "signed without the secret key" in _problem(plan, forged)
    with monkeypatch.context() as env:  # which, without a secret, is what it would get past
        env.delenv(signature.ENVIRONMENT)
        assert signature.verify(open_book(forged).sheets["rusmodel"].rows) is None

    out = tmp_path / "merged.yaml"
    assert main(["collect", str(PLAN), str(KULTUR), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{KULTUR}: arbetsboken är signerad utan den hemliga nyckeln i ")
    assert len([line for line in err if line.startswith(str(KULTUR))]) == 1


def test_a_workbook_signed_with_a_secret_is_refused_where_none_is_set(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = _send(plan, tmp_path / "sent", SECRET, monkeypatch)
    assert _problem(plan, secret) == (
        "the workbook is signed with a secret key (RUSMODEL_SIGNING_KEY), which is not set "
        "here; set RUSMODEL_SIGNING_KEY to the key the workbooks were made with"
    )


def test_another_secret_or_a_forged_checksum_is_refused(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = _send(plan, tmp_path / "sent", SECRET, monkeypatch)
    monkeypatch.setenv(signature.ENVIRONMENT, OTHER)
    assert _problem(plan, secret) == (
        "the workbook is signed with another secret key than the one in RUSMODEL_SIGNING_KEY; "
        "set RUSMODEL_SIGNING_KEY to the key the workbooks were made with"
    )
    monkeypatch.setenv(signature.ENVIRONMENT, SECRET)
    # An edit signed again with a key of the forger's own, keeping the secret's fingerprint.
    fingerprint = _checksum(secret).split(":")[1]
    forged = _edited(secret, tmp_path / "forged.xlsx", _resign(fingerprint, period="2023-d1"))
    assert "hidden sheet 'rusmodel' was edited after the workbook was sent" in _problem(
        plan, forged
    )
    # And an edit of the secret-signed sheet by hand.
    edited = _edited(secret, tmp_path / "edited.xlsx", _set(group_name="Folkhälsa"))
    assert "was edited after the workbook was sent" in _problem(plan, edited)


def test_a_workbook_without_a_checksum_is_refused_while_a_secret_is_set(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unsigned = _edited(KULTUR, tmp_path / "kultur.xlsx", _unsign)
    assert collect.collect(plan, [unsigned]).report.files_read == (str(unsigned),)  # a warning
    monkeypatch.setenv(signature.ENVIRONMENT, SECRET)
    assert _problem(plan, unsigned) == (
        "the workbook has no checksum (an older rusmodel made it) and RUSMODEL_SIGNING_KEY is "
        "set, so it cannot be checked; send a new one made by `rusmodel template`"
    )


@pytest.mark.parametrize("command", ["template", "collect"])
def test_a_key_too_short_to_keep_a_secret_is_refused_before_anything_is_written(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(signature.ENVIRONMENT, "hemligt")
    out = tmp_path / "out"
    if command == "template":
        args = ["template", str(PLAN), "--output", str(out)]
    else:
        args = ["collect", str(PLAN), str(KULTUR), "-o", str(out / "merged.yaml")]
    assert main(args) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(
        "RUSMODEL_SIGNING_KEY: the signing key is 7 characters long; use at least 16 random "
        "characters"
    )
    assert not out.exists()


def _set(**changes: str) -> Callable[[Any], None]:
    def edit(workbook: Any) -> None:
        for row in workbook["rusmodel"].iter_rows():
            if row[0].value in changes:
                row[1].value = changes[row[0].value]

    return edit


def _unsign(workbook: Any) -> None:
    meta = workbook["rusmodel"]
    for row in reversed(list(meta.iter_rows())):
        if row[0].value == signature.ROW:
            meta.delete_rows(row[0].row)


def _resign(fingerprint: str = "", **changes: str) -> Callable[[Any], None]:
    """Edit the hidden sheet, keeping its id right, and sign it again as a forger could: with
    rusmodel's public key, or (given a fingerprint) with a key of one's own under it."""

    def edit(workbook: Any) -> None:
        meta = workbook["rusmodel"]
        values = {row[0].value: row[1].value for row in meta.iter_rows()}
        values |= changes
        made_for = [str(values[k]) for k in ("plan", "organisation", "period", "by", "group")]
        _set(**changes, template=signature.identity(*made_for))(workbook)
        rows = signature.signed_rows(meta)
        if fingerprint:
            digest = signature.sign(rows, b"the forger's own key").rsplit(":", 1)[1]
            checksum = f"v1k:{fingerprint}:{digest}"
        else:
            checksum = signature.sign(rows)
        _set(signature=checksum)(workbook)

    return edit
