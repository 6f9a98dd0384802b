"""Measuring text for the deck: widths, wrapping, and where lines may break.

The widths are checked against the font files themselves where Pillow and the
fonts are installed, so the shipped metrics cannot drift from what
LibreOffice draws with.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rusmodel.plugins.deck.metrics import (
    breakable,
    font_metrics,
    is_known_font,
    line_breaks,
    measuring_family,
    pieces,
    tidy,
    words,
    wrap,
    written_lines,
)
from rusmodel.plugins.deck.paragraphs import Run, broken_runs
from rusmodel.plugins.deck.tables import (
    PAD,
    Cell,
    Column,
    TableFont,
    _lines,
    _share_out,
    column_widths,
    narrowest,
    text_colour_on,
    words_fit,
)

CARLITO = Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf")


def test_office_fonts_are_measured_with_their_metric_twins() -> None:
    assert measuring_family("Calibri") == "Carlito"
    assert measuring_family(" arial ") == "Liberation Sans"
    assert measuring_family("Segoe UI") == "DejaVu Sans"  # unknown: the wide fallback
    assert is_known_font("Calibri") and not is_known_font("Segoe UI")


def test_an_unknown_font_is_measured_wider_than_the_known_ones() -> None:
    text = "Arbetet pågår enligt plan men har försenats på grund av pandemin."
    unknown = font_metrics("Segoe UI").text_width(text, 12)
    assert unknown > font_metrics("Arial").text_width(text, 12)
    assert unknown > font_metrics("Calibri").text_width(text, 12)


@pytest.mark.skipif(not CARLITO.is_file(), reason="the Carlito font is not installed")
def test_widths_match_the_font_file() -> None:
    image_font = pytest.importorskip("PIL.ImageFont")
    face = image_font.truetype(str(CARLITO), 2048, layout_engine=image_font.Layout.BASIC)
    metrics = font_metrics("Calibri")
    for char in "aåäöÅÄÖ MW.,-%0123456789–→↑":
        assert metrics.units(char) == face.getlength(char), char


def test_bold_is_wider() -> None:
    text = "Regionala utvecklingsnämnden"
    assert font_metrics("Calibri", True).text_width(text, 12) > font_metrics("Calibri").text_width(
        text, 12
    )


def test_wrap_breaks_at_spaces_and_keeps_paragraphs() -> None:
    metrics = font_metrics("Calibri")
    width = metrics.text_width("Arbetet pågår", 12) + 1
    lines = wrap("Arbetet pågår enligt plan.\nNästa steg.", width, 12, metrics)
    assert lines == ["Arbetet pågår", "enligt plan.", "Nästa steg."]
    for line in lines:
        assert metrics.text_width(line, 12) <= width


def test_a_word_ending_in_a_hyphen_stays_with_the_next() -> None:
    metrics = font_metrics("Calibri")
    width = metrics.text_width("regional gång-", 12) + 1
    lines = wrap("Ta fram en ny regional gång- och cykelstrategi", width, 12, metrics)
    assert all(not line.endswith("-") for line in lines)
    assert words("gång- och cykel") == ["gång-\u00a0och", "cykel"]


def test_a_line_may_break_after_a_slash_between_words() -> None:
    metrics = font_metrics("Calibri")
    width = metrics.text_width("Ledningsstaben", 12) + 1
    assert wrap("Näringsliv/Ledningsstaben", width, 12, metrics) == [
        "Näringsliv/",
        "Ledningsstaben",
    ]
    assert pieces("RUF/Folkhälsa") == ["RUF/", "Folkhälsa"]


def test_breakable_text_reads_as_written() -> None:
    text = "CEF2-medel för 5G-utbyggnad, RUF/Folkhälsa, gång- och cykelväg 2023-2024"
    written = breakable(text)
    assert written == text.replace("gång- och", "gång-\u00a0och")
    assert breakable(written) == written  # writing twice changes nothing


def test_invisible_characters_in_the_plan_are_not_written() -> None:
    # text pasted from a web page: copied from the slide, "Folk\u00adhälsa" is not "Folkhälsa"
    assert breakable("Folk\u00adhälsa\u200b och\u2060 \ufeffRUF") == "Folkhälsa och RUF"
    metrics = font_metrics("Calibri")
    assert metrics.units("Folk\u00adhälsa\u200b") == metrics.units("Folkhälsa")


SENTENCE = "Arbetet med ÅVS-Finnslätten fortsätter under hösten och följs upp i december."


def test_lines_before_a_hyphenated_word_end_in_a_written_line_break() -> None:
    # LibreOffice breaks "ÅVS-" / "Finnslätten" where "ÅVS-" fits the line and the deck moved
    # the whole word down; the deck writes its own line ends up to that word's line instead
    metrics = font_metrics("Calibri")
    width = metrics.text_width("Arbetet med ÅVS-Finn", 12)
    lines = wrap(SENTENCE, width, 12, metrics)
    assert lines[:2] == ["Arbetet med", "ÅVS-Finnslätten"]
    spans = line_breaks(SENTENCE, width, 12, metrics)
    assert spans == [(11, 12)]  # the space before "ÅVS-Finnslätten", and no other
    assert written_lines(SENTENCE, spans) == ["Arbetet med", SENTENCE[12:]]


def test_every_line_up_to_the_last_hyphenated_word_is_ended() -> None:
    metrics = font_metrics("Calibri")
    text = "Planen för 2023 ska följas upp 2023-12-31 och rapporteras"
    width = metrics.text_width("Planen för 2023", 12) + 1
    lines = wrap(text, width, 12, metrics)
    last = max(i for i, line in enumerate(lines) if "2023-12-31" in line)
    parts = written_lines(text, line_breaks(text, width, 12, metrics))
    assert parts[:last] == lines[:last]
    assert len(parts) == last + 1  # lines after the date are left to the renderer


def test_a_paragraph_on_one_line_or_without_hyphens_gets_no_line_break() -> None:
    metrics = font_metrics("Calibri")
    assert line_breaks("Uppföljning 2021-08-18", 400, 12, metrics) == []
    plain = "Arbetet pågår enligt plan och följs upp i december"
    assert len(wrap(plain, 80, 12, metrics)) > 1
    assert line_breaks(plain, 80, 12, metrics) == []
    # a hyphen ending a word ("gång- och") is tied to the next word, not a place to break
    text = "Ta fram en ny regional gång- och cykelstrategi"
    assert line_breaks(text, metrics.text_width("regional gång-", 12), 12, metrics) == []


def test_a_year_range_is_held_whole_like_a_hyphenated_word() -> None:
    metrics = font_metrics("Calibri")
    text = "Verksamhetsplan Exempel 2023–2025"
    width = metrics.text_width("Verksamhetsplan Exempel 2023–", 24)
    assert wrap(text, width, 24, metrics) == ["Verksamhetsplan Exempel", "2023–2025"]
    assert written_lines(text, line_breaks(text, width, 24, metrics)) == [
        "Verksamhetsplan Exempel",
        "2023–2025",
    ]


def test_a_slash_word_wider_than_the_line_breaks_after_its_slash() -> None:
    metrics = font_metrics("Calibri")
    width = metrics.text_width("Ledningsstaben", 12) + 1
    text = "Näringsliv/Ledningsstaben"
    spans = line_breaks(text, width, 12, metrics)
    assert spans == [(11, 11)]
    assert written_lines(text, spans) == ["Näringsliv/", "Ledningsstaben"]
    assert line_breaks(text, metrics.text_width(text, 12) + 1, 12, metrics) == []


def test_a_line_break_is_written_inside_a_run_and_at_a_run_edge() -> None:
    runs = (Run("Viktigt: ", bold=True), Run("ÅVS-Finnslätten klar"))
    # breaks replacing the space that ends the bold run, and the one after "ÅVS-Finnslätten"
    pieces_ = broken_runs(runs, [(8, 9), (24, 25)])
    assert pieces_ == [
        (runs[0], "Viktigt:"),
        (None, ""),
        (runs[1], "ÅVS-Finnslätten"),
        (None, ""),
        (runs[1], "klar"),
    ]
    assert broken_runs(runs, []) == [(runs[0], "Viktigt: "), (runs[1], "ÅVS-Finnslätten klar")]


@given(
    st.lists(
        st.sampled_from(
            ["och", "verksamhet", "RUF/Folkhälsa", "5G-utbyggnad", "2021-08-18", "å", "gång-"]
        ),
        max_size=30,
    ),
    st.integers(60, 400),
)
def test_written_lines_are_the_measured_lines(chosen: list[str], width: int) -> None:
    metrics = font_metrics("Calibri")
    text = " ".join(chosen)
    parts = written_lines(text, line_breaks(text, width, 12, metrics))
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")

    # wrapped part by part, as a renderer does between the written breaks, the lines are the
    # ones the deck measured (a word longer than the line is cut where it is cut)
    def seen(lines: list[str]) -> list[str]:
        return [line.strip(" \u00a0") for line in lines]

    by_part = [line for part in parts for line in wrap(part, width, 12, metrics)]
    assert seen(by_part) == seen(wrap(text, width, 12, metrics))


def test_a_word_longer_than_the_line_is_cut() -> None:
    metrics = font_metrics("Calibri")
    word = "Samverkansöverenskommelseutvecklingsarbetet"
    lines = wrap(word, 60, 12, metrics)
    assert "".join(lines) == word
    assert len(lines) > 1
    assert all(metrics.text_width(line, 12) <= 60 for line in lines)


@given(
    st.lists(
        st.sampled_from(["och", "verksamhet", "RUF/Folkhälsa", "5G-utbyggnad", "å"]), max_size=40
    ),
    st.integers(40, 400),
)
def test_wrapped_lines_fit_and_keep_every_word(chosen: list[str], width: int) -> None:
    metrics = font_metrics("Calibri")
    text = " ".join(chosen)
    lines = wrap(text, width, 12, metrics)
    assert all(metrics.text_width(line, 12) <= width for line in lines)
    joined = "".join(lines).replace(" ", "").replace("\u00a0", "")
    assert joined == text.replace(" ", "")


def test_tidy_collapses_spaces_but_keeps_line_breaks() -> None:
    assert tidy("  två   ord \n\trad ") == "två ord\nrad"


def test_widths_follow_the_text_and_never_cut_a_word() -> None:
    font = TableFont("Calibri", 12)
    columns = [
        Column("Nr", fixed=True, max_share=0.08),
        Column("Aktivitet"),
        Column("Status", fixed=True, max_share=0.1),
        Column("Kommentar"),
    ]
    long = "Arbetet fortlöper enligt projektplanen och handlingsplanen. " * 6
    rows = [[Cell("RF1"), Cell("Ta fram en plan."), Cell("Grön", fill="00A651"), Cell(long)]]
    widths = column_widths(columns, rows, 800, font)
    assert sum(widths) == pytest.approx(800)
    assert widths[3] > 2 * widths[1]  # the comment gets the room
    assert all(w >= n - 0.01 for w, n in zip(widths, narrowest(columns, rows, font), strict=True))
    assert words_fit(columns, rows, 800, font)
    assert not words_fit(columns, rows, 100, font)


def _table_lines(columns: list[Column], rows: list[list[Cell]], widths: list[float]) -> int:
    from rusmodel.plugins.deck.tables import cell_lines

    font = TableFont("Calibri", 12)
    table = [[Cell(c.header, bold=True) for c in columns], *rows]
    return sum(
        max(len(cell_lines(c, w, font)) for c, w in zip(r, widths, strict=True)) for r in table
    )


def test_a_unit_a_little_too_narrow_for_its_name_is_widened_where_it_saves_lines() -> None:
    # the RUS deck in English: "Kultur och ideell sektor" in a Unit column 22 pt too narrow
    # took two lines in ten rows whose other cells took one
    from deck_helpers import example, make_deck, open_deck
    from rusmodel.plugins.deck.tables import cell_lines

    plan = example("rus-handlingsplan.yaml")
    prs = open_deck(make_deck(plan, lang="en", sections="activities"))
    font = TableFont("Calibri", 12)
    seen = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            headers = [c.text for c in shape.table.rows[0].cells]
            if "Unit" not in headers:
                continue
            widths = [c.width / 12700 for c in shape.table.columns]
            unit = headers.index("Unit")
            for row in list(shape.table.rows)[1:]:
                texts = [c.text.replace("\v", " ") for c in row.cells]
                others = [
                    len(cell_lines(Cell(t), w, font))
                    for i, (t, w) in enumerate(zip(texts, widths, strict=True))
                    if i != unit and i != headers.index("Status")
                ]
                if texts[unit] == "Kultur och ideell sektor" and max(others) == 1:
                    # a row whose other cells take one line is not made taller by the unit
                    seen += 1
                    lines = cell_lines(Cell(texts[unit]), widths[unit], font)
                    assert len(lines) == 1, (slide.shapes.title.text_frame.text, lines)
    assert seen >= 5


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Ta fram en plan.", "Utveckla arbetet med länets kulturmiljö.", ""]),
            st.sampled_from(["Kultur och ideell sektor", "Samhällsutveckling", "RUF", ""]),
            st.sampled_from(["Kulturstrateg, Kultur och ideell sektor", "Enhetschef", ""]),
        ),
        min_size=1,
        max_size=25,
    ),
    st.integers(300, 900),
)
def test_widths_never_take_more_lines_than_the_estimate_gave(
    texts: list[tuple[str, str, str]], total: int
) -> None:
    from rusmodel.plugins.deck import tables

    font = TableFont("Calibri", 12)
    columns = [Column("Aktivitet", weight=3.0), Column("Verksamhet"), Column("Ansvarig")]
    rows = [[Cell(a), Cell(b), Cell(c)] for a, b, c in texts]
    widths = column_widths(columns, rows, total, font)
    assert sum(widths) == pytest.approx(total)
    saving = tables._save_lines
    try:
        tables._save_lines = lambda widths, *_: widths  # type: ignore[assignment]
        estimated = column_widths(columns, rows, total, font)
    finally:
        tables._save_lines = saving  # type: ignore[assignment]
    assert _table_lines(columns, rows, widths) <= _table_lines(columns, rows, estimated)
    shortest = narrowest(columns, rows, font)
    assert all(w >= n - 0.01 for w, n in zip(widths, shortest, strict=True))


def test_sentences_cut_after_each_sentence_and_paragraph_and_join_back() -> None:
    from rusmodel.plugins.deck.paging import sentences

    text = "Arbetet pågår. Det går bra! Se bl.a. rapporten.\nNästa stycke: klart"
    parts = sentences(text)
    assert "".join(parts) == text
    assert parts == [
        "Arbetet pågår. ",
        "Det går bra! ",
        "Se bl.a. rapporten.\n",
        "Nästa stycke: klart",
    ]


def test_rows_fill_a_slide_and_a_long_one_continues_after_a_sentence() -> None:
    from rusmodel.plugins.deck.paging import deal_rows

    font = TableFont("Carlito", 12.0)
    sentence = "Arbetet med den regionala planen fortsätter enligt tidplanen."
    long = " ".join([sentence] * 30)
    rows = [
        [Cell("RF1", short="RF1"), Cell("Kort.")],
        [Cell("RF2", short="RF2"), Cell(long)],
        [Cell("RF3", short="RF3"), Cell("Kort.")],
    ]
    pages = deal_rows(rows, [60.0, 300.0], font, room=300.0, header=20.0, marker="(forts.)")
    assert len(pages) >= 2
    names = [row[0].text for page in pages for row in page.rows]
    assert names[:2] == ["RF1", "RF2"]
    assert "RF2 (forts.)" in names
    # the long text is cut only after whole sentences, and nothing is lost
    pieces = [row[1].text for page in pages for row in page.rows if row[0].text.startswith("RF2")]
    assert all(p.endswith(".") for p in pieces)
    assert " ".join(pieces) == long
    # every slide but the last is at least FILL_BEFORE_MOVING full
    for page in pages[:-1]:
        assert 20.0 + sum(page.heights) >= 0.6 * 300.0
        assert 20.0 + sum(page.heights) <= 300.0


def test_a_short_row_that_does_not_fit_moves_whole_when_the_slide_is_full() -> None:
    from rusmodel.plugins.deck.paging import deal_rows

    font = TableFont("Carlito", 12.0)
    two = "Första meningen är här. Andra meningen är här."
    rows = [[Cell(f"RF{n}"), Cell(two)] for n in range(30)]
    pages = deal_rows(rows, [60.0, 80.0], font, room=300.0, header=20.0)
    assert all(not row[0].text.endswith("(forts.)") for page in pages for row in page.rows)
    assert sum(len(p.rows) for p in pages) == 30


def test_status_text_is_readable_on_its_fill() -> None:
    assert text_colour_on("FFC000") == "1A1A1A"  # dark on yellow
    assert text_colour_on("1F3A5F") == "FFFFFF"  # white on dark


def _share_out_every_row(
    widths: list[float],
    flexible: list[int],
    natural: list[float],
    paragraphs: list[list[list[float]]],
    spare: float,
    pad: float,
) -> float:
    """The plain way of ``tables._share_out``: every wrapping row summed for every column."""
    step = max(2.0, spare / 150)
    lines = [[_lines(cells[i], widths[i], pad) for i in range(len(widths))] for cells in paragraphs]

    def top_two(row: list[float]) -> tuple[float, int, float]:
        best = max(range(len(row)), key=row.__getitem__)
        second = max((v for i, v in enumerate(row) if i != best), default=0.0)
        return row[best], best, second

    def wrapping(column: int) -> list[int]:
        room = max(widths[column] - pad, 1.0)
        return [r for r, cells in enumerate(paragraphs) if any(p > room for p in cells[column])]

    tops = [top_two(row) for row in lines]
    active = {column: wrapping(column) for column in flexible}
    while spare > 0.01:
        give = min(step, spare)
        chosen, chosen_gain = -1, 1e-9
        chosen_lines: list[tuple[int, float]] = []
        for column in flexible:
            if widths[column] + give > natural[column] + 0.01:
                continue
            width = widths[column] + give
            new_lines = [(r, _lines(paragraphs[r][column], width, pad)) for r in active[column]]
            gain = 0.0
            for r, new in new_lines:
                first, first_index, second = tops[r]
                gain += first - max(second if first_index == column else first, new)
            if gain > chosen_gain:
                chosen, chosen_gain, chosen_lines = column, gain, new_lines
        if chosen < 0:
            break
        widths[chosen] += give
        spare -= give
        for r, new in chosen_lines:
            lines[r][chosen] = new
            tops[r] = top_two(lines[r])
        active[chosen] = wrapping(chosen)
    return spare


# Paragraph widths from a few values, so that cells tie for the tallest in a row.
_PARAGRAPHS = st.lists(st.sampled_from([0.0, 30.0, 95.5, 180.0, 400.0, 1250.25]), max_size=3)


@given(
    rows=st.lists(st.lists(_PARAGRAPHS, min_size=4, max_size=4), min_size=1, max_size=25),
    start=st.lists(st.sampled_from([20.0, 45.0, 60.0, 90.0]), min_size=4, max_size=4),
    fixed=st.sets(st.integers(0, 3), max_size=2),
    spare=st.sampled_from([0.5, 3.0, 40.0, 131.4, 700.0]),
)
def test_width_goes_where_summing_every_row_would_put_it(
    rows: list[list[list[float]]], start: list[float], fixed: set[int], spare: float
) -> None:
    """Summing only the rows whose tallest cell a column holds gives the very same widths."""
    flexible = [c for c in range(4) if c not in fixed]
    natural = [
        max([w, *(max(cells[c], default=0.0) + PAD for cells in rows)]) for c, w in enumerate(start)
    ]
    ours, plain = list(start), list(start)
    left = _share_out(ours, flexible, natural, rows, spare, PAD)
    assert left == _share_out_every_row(plain, flexible, natural, rows, spare, PAD)
    assert ours == plain
