"""Whether a package is pip-installed: rusmodel's formats and commands are entry points,
which exist only once it is (``pip install -e .``)."""

from __future__ import annotations

import importlib.metadata

import pytest


def installed(package: str = "rusmodel") -> bool:
    try:
        importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


needs_rusmodel = pytest.mark.skipif(
    not installed("rusmodel"),
    reason="rusmodel is not pip-installed, so its entry points do not exist: pip install -e .",
)
