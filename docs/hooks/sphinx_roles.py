"""A griffe extension: rusmodel's docstrings as Markdown links for the API reference.

The docstrings are written for ``help()`` and editors, with Sphinx roles
(``:class:`Plan```, ``:func:`~rusmodel.summary.status_counts```) and reST's
``::`` before a literal block. mkdocstrings renders Markdown, where those
would show as typed. This turns a role naming rusmodel's own object into a
cross-reference (resolved by mkdocstrings, so a reference to something the
site does not document fails ``mkdocs build --strict``), a role naming
anything else (``attrs.evolve``, ``decimal.Decimal``) into code, and ``::``
into ``:``. Loaded by ``mkdocs.yml`` (mkdocstrings' ``extensions`` option).
"""

from __future__ import annotations

import builtins
import re
import sys
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj):`(?P<tilde>~?)(?P<target>[^`]+)`")
# Modules the site does not document: they may change in any release.
_INTERNAL = ("rusmodel.plugins", "rusmodel.cli", "rusmodel.convert")


def _link(match: re.Match[str]) -> str:
    target = match.group("target").strip()
    shown = target.rsplit(".", 1)[-1] if match.group("tilde") else target
    bare = "." not in target
    known_elsewhere = target in dir(builtins) or target in sys.stdlib_module_names
    own = target.startswith("rusmodel") or (bare and not known_elsewhere)
    if not own or target.startswith(_INTERNAL):
        return f"`{shown}`"
    return f"[`{shown}`][{target}]"


def markdown(text: str) -> str:
    """A docstring with its Sphinx roles and literal-block markers made Markdown."""
    text = _ROLE.sub(_link, text)
    return re.sub(r"(?<=\S)::$", ":", text, flags=re.MULTILINE)


class SphinxRoles(griffe.Extension):
    """Rewrite every docstring as it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)
