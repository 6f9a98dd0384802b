"""Shared fixtures: the repository's folders and the shipped examples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def sample_yaml() -> str:
    return (EXAMPLES / "sample-plan.yaml").read_text(encoding="utf-8")
