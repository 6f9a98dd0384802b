"""A module's own texts in Swedish and English, looked up by key: its messages, the lines of
a report it prints, the words of a workbook it makes.

Every text is a pair (Swedish, English) with ``{fields}`` filled in when it is used::

    MESSAGES = Texts({"late": ("{key!r} är försenad", "{key!r} is late")})
    MESSAGES("late", "en", key="RF1")  # "'RF1' is late"

:class:`rusmodel.labels.Labels` is for a plugin's headings and labels: it falls back on
rusmodel's own labels and names the plan's activities by the plan's noun (åtgärder,
uppdrag). A :class:`Texts` holds only its own texts, so a key it lacks is an error, and a
text may take any field, ``{key}`` among them.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

import attrs

__all__ = ["Texts"]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _checked(value: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    checked: dict[str, tuple[str, str]] = {}
    for key, texts in value.items():
        if not (
            isinstance(texts, tuple) and len(texts) == 2 and all(isinstance(t, str) for t in texts)
        ):
            raise ValueError(f"the text {key!r} must be (Swedish, English), not {texts!r}")
        sv, en = (sorted(_fields(t)) for t in texts)
        if sv != en:
            raise ValueError(
                f"the text {key!r} takes other fields in Swedish {sv} than in English {en}"
            )
        checked[key] = texts
    return checked


@attrs.frozen
class Texts:
    """Texts by key, each a pair (Swedish, English) taking the same ``{fields}`` in both.

    Calling it gives the text ``key`` in ``lang`` (English for ``en``, else Swedish) with
    its fields filled in; an unknown key is a :class:`KeyError`. Each pair is checked
    when made: two texts, the same fields in both.
    """

    texts: Mapping[str, tuple[str, str]] = attrs.field(converter=_checked)

    def __call__(self, key: str, lang: str, /, **values: object) -> str:
        """The text ``key`` in ``lang`` with ``values`` filled in."""
        sv, en = self.texts[key]
        return (en if lang == "en" else sv).format(**values)
