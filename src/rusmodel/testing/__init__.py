"""For plugin authors: a sample plan and the checks every importer and exporter should pass.

A format plugin's own tests use these so that every format, rusmodel's own
and a third party's, is held to the same promises::

    from rusmodel.testing import check_exporter, check_plugin

    import rusmodel_markdown

    def test_markdown_exporter(tmp_path):
        registry = check_plugin(rusmodel_markdown)
        check_exporter(registry.exporter("markdown"), tmp_path)

The checks raise :class:`AssertionError` with a message saying what broke, so
they work under pytest, unittest or a plain script. They need no test
framework and only public API.
"""

from __future__ import annotations

# The sample plan and the checks are modules of their own; a plugin's tests import
# everything from here, as before the split. BAD_INPUTS, never in __all__, stays importable.
from rusmodel.testing.checks import BAD_INPUTS as BAD_INPUTS
from rusmodel.testing.checks import (
    check_exporter,
    check_importer_rejects_bad_input,
    check_importer_round_trip,
    check_plugin,
)
from rusmodel.testing.sample import sample_plan

__all__ = [
    "check_exporter",
    "check_importer_rejects_bad_input",
    "check_importer_round_trip",
    "check_plugin",
    "sample_plan",
]
