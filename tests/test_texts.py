"""A module's own texts in Swedish and English (``rusmodel.texts``): the messages and report
lines of a merge and a collection, and the words of a collection workbook."""

from __future__ import annotations

import pytest

from rusmodel.merge import REPORT_TEXTS
from rusmodel.plugins.workbook.collect_messages import message
from rusmodel.plugins.workbook.collect_report import text
from rusmodel.plugins.workbook.collection_layout import word
from rusmodel.texts import Texts

LATE = Texts({"late": ("{key!r} är försenad sedan {period}", "{key!r} is late since {period}")})


def test_a_text_is_swedish_unless_english_is_asked_for() -> None:
    assert LATE("late", "sv", key="RF1", period="Delår 1") == "'RF1' är försenad sedan Delår 1"
    assert LATE("late", "en", key="RF1", period="Delår 1") == "'RF1' is late since Delår 1"


def test_an_unknown_key_is_an_error_not_another_text() -> None:
    with pytest.raises(KeyError):
        LATE("title", "sv")


def test_a_pair_must_take_the_same_fields_in_both_languages() -> None:
    with pytest.raises(ValueError, match=r"'late' takes other fields in Swedish \['key'\]"):
        Texts({"late": ("{key} är försenad", "{name} is late")})
    with pytest.raises(ValueError, match=r"must be \(Swedish, English\)"):
        Texts({"late": ("bara svenska",)})  # type: ignore[dict-item]


def test_collect_says_the_merge_reports_heading_in_the_same_words() -> None:
    for lang in ("sv", "en"):
        for key in ("title", "files", "not_answered", "none"):
            fields = {"period": "Delår 2 2023", "id": "2023-d2", "n": 3, "read": 2, "names": "X"}
            assert text(key, lang, **fields) == REPORT_TEXTS(key, lang, **fields)
    assert text("answered_of", "en", n=1, m=2, names="Folkhälsa") == (
        "Answered (1 of 2): Folkhälsa"
    )


def test_the_collection_texts_are_swedish_and_english() -> None:
    assert word("status", "sv", period="Delår 2 2023") == "Status Delår 2 2023"
    assert word("previous_comment", "en", period="Delår 1") == "Previous comment (Delår 1)"
    assert message("conflict", "en", key="RF1", where="a: b") == (
        "'RF1' is answered differently in more than one place (a: b); none is used"
    )
