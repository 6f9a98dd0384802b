"""The full workbook's layout: its sheets, their columns, and the words shown for values.

Each sheet holds one kind of data as a table. Row 1 is hidden and holds each
column's machine key (``title``, ``status:2023-d2``), row 2 the header a person
reads (Swedish or English), and the data starts on row 3. The importer maps
columns by the key in row 1 and, should that row be gone, by the header in
either language, never by position; columns may be moved, and columns it does
not know are left alone.

A hidden sheet ``rusmodel`` names the format, its version and which sheet holds
which kind of data, so the sheets may carry English or Swedish names.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from rusmodel import (
    ActivityNoun,
    ChapterPosition,
    ColumnKind,
    ControlLevel,
    Direction,
    GoalKind,
    LineKind,
    MoneyScale,
    Trend,
)

__all__ = [
    "ENUM_LABELS",
    "FORMAT",
    "META_SHEET",
    "NO_STATUS",
    "SHEETS",
    "VERSION",
    "Col",
    "SheetSpec",
    "enum_label",
    "word",
]

FORMAT = "rusmodel-plan"
VERSION = 1
META_SHEET = "rusmodel"

NO_STATUS = "–"
"""What a status cell shows for an activity in a follow-up that has neither status nor comment.

An activity with no entry for a period has both cells empty; one that is in
the follow-up but unanswered yet shows this dash, so the two read back apart.
"""

Kind = str
"""How a column's values are written and read: text, lines, int, year, decimal, date, bool,
enum, status."""


@attrs.frozen
class Col:
    """A column: its machine key, its Swedish and English header, and what it holds.

    ``lines`` holds several values, one per line in the cell (a responsible
    such as "FD/VC/EC" may itself contain slashes and commas). ``required``
    columns must be present for the sheet to be read.
    """

    key: str
    sv: str
    en: str
    kind: Kind = "text"
    enum: type[enum.Enum] | None = None
    required: bool = False
    hidden: bool = False

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv


@attrs.frozen
class SheetSpec:
    key: str
    sv: str
    en: str
    columns: tuple[Col, ...] = ()

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv


class Table(enum.Enum):
    """Which of an economy's statements a row belongs to, or the plan's budget."""

    INCOME_STATEMENT = "income_statement"
    BUDGET_BY_UNIT = "budget_by_unit"
    PLAN_BUDGET = "plan_budget"  # the plan's own budget (Plan.budget), with no period


class Section(enum.Enum):
    """Which list of bullets a bullet belongs to."""

    ECONOMY_ACTIONS = "economy_actions"
    ECONOMY_UNCERTAINTIES = "economy_uncertainties"
    ECONOMY_COMMENTS = "economy_comments"
    KEY_FIGURE_COMMENTS = "key_figure_comments"
    HIGHLIGHTS = "highlights"
    UPCOMING = "upcoming"


ENUM_LABELS: Mapping[str, tuple[str, str]] = {
    "activity": ("Aktivitet", "Activity"),
    "action": ("Åtgärd", "Action"),
    "assignment": ("Uppdrag", "Assignment"),
    "vision_goal": ("Visionsmål", "Vision goal"),
    "goal_area": ("Målområde", "Goal area"),
    "region": ("Regionövergripande", "Region-wide"),
    "administration": ("Förvaltning", "Administration"),
    "outcome": ("Utfall", "Outcome"),
    "previous_outcome": ("Utfall föregående år", "Previous year's outcome"),
    "accounts": ("Bokslut", "Accounts"),
    "budget": ("Budget", "Budget"),
    "forecast": ("Prognos", "Forecast"),
    "other": ("Övrigt", "Other"),
    "revenue": ("Intäkt", "Revenue"),
    "cost": ("Kostnad", "Cost"),
    "revenue_total": ("Summa intäkter", "Total revenue"),
    "cost_total": ("Summa kostnader", "Total costs"),
    "result": ("Resultat", "Result"),
    "positive": ("Positiv", "Positive"),
    "negative": ("Negativ", "Negative"),
    "unchanged": ("Oförändrad", "Unchanged"),
    "higher": ("Högre är bättre", "Higher is better"),
    "lower": ("Lägre är bättre", "Lower is better"),
    "none": ("Ingen riktning", "No direction"),
    "income_statement": ("Resultaträkning", "Income statement"),
    "budget_by_unit": ("Budget per verksamhet", "Budget by unit"),
    "plan_budget": ("Planens budget", "The plan's budget"),
    "front": ("Före målen", "Before the goals"),
    "back": ("Efter verksamheterna", "After the units"),
    "economy_actions": ("Ekonomi: åtgärder", "Economy: actions"),
    "economy_uncertainties": ("Ekonomi: osäkerhetsfaktorer", "Economy: uncertainties"),
    "economy_comments": ("Ekonomi: utveckling", "Economy: developments"),
    "key_figure_comments": ("Nyckeltal: kommentar", "Key figure: comment"),
    "highlights": ("Viktiga händelser", "Highlights"),
    "upcoming": ("På gång", "Upcoming"),
}

_WORDS: Mapping[str, tuple[str, str]] = {
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "status": ("Status", "Status"),
    "comment": ("Kommentar", "Comment"),
    "value": ("Värde", "Value"),
    "field": ("Uppgift", "Field"),
}


def word(key: str, lang: str) -> str:
    sv, en = _WORDS[key]
    return en if lang == "en" else sv


def enum_label(member: enum.Enum, lang: str) -> str:
    """The word shown for an enum value; its own value where no word is known."""
    value = str(member.value)
    sv, en = ENUM_LABELS.get(value, (value, value))
    return en if lang == "en" else sv


def _c(key: str, sv: str, en: str, kind: Kind = "text", **kw: object) -> Col:
    return Col(key, sv, en, kind, **kw)  # type: ignore[arg-type]


PERIOD = _c("period", "Period", "Period", required=True)

PLAN_FIELDS: tuple[Col, ...] = (
    _c("schema_version", "Schemaversion", "Schema version", "int"),
    _c("title", "Titel", "Title", required=True),
    _c("organisation", "Organisation", "Organisation", required=True),
    _c("first_year", "Första år", "First year", "year", required=True),
    _c("last_year", "Sista år", "Last year", "year", required=True),
    _c("committee", "Nämnd", "Committee"),
    _c("vision", "Vision", "Vision"),
    _c("scale", "Statusskala", "Status scale"),
    _c("activity_noun", "Benämning", "Activity noun", "enum", enum=ActivityNoun),
    # the deck profile's sections (Plan.deck.sections), one name a line
    _c("deck_sections", "Bildspelets avsnitt", "Deck sections", "lines"),
    _c("summary", "Sammanfattning", "Summary"),
    _c("values", "Värdegrund", "Values"),
)

SHEETS: Mapping[str, SheetSpec] = {
    s.key: s
    for s in (
        SheetSpec(
            "plan",
            "Plan",
            "Plan",
            (
                _c("key", "Nyckel", "Key", required=True, hidden=True),
                _c("field", "Uppgift", "Field"),
                _c("value", "Värde", "Value"),
            ),
        ),
        SheetSpec(
            "scale",
            "Statusskala",
            "Status scale",
            (
                _c("id", "Id", "Id", required=True),
                _c("label_sv", "Svenska", "Swedish", required=True),
                _c("label_en", "Engelska", "English", required=True),
                _c("colour", "Färg", "Colour", required=True),
                _c("on_track", "Enligt plan", "On track", "bool"),
                _c("done", "Klar", "Done", "bool"),
                _c("description_sv", "Beskrivning", "Description (Swedish)"),
                _c("description_en", "Beskrivning (engelska)", "Description"),
            ),
        ),
        SheetSpec(
            "periods",
            "Perioder",
            "Periods",
            (
                _c("id", "Id", "Id", required=True),
                _c("name", "Namn", "Name", required=True),
                _c("as_of", "Per", "As of", "date", required=True),
                _c("presented", "Presenteras", "Presented", "date"),
                _c("activities", "Aktiviteter", "Activities", "lines"),
                _c("closed", "Stängd", "Closed", "bool"),
                _c("case_number", "Diarienummer", "Case number"),
                _c("attachments", "Bilagor", "Attachments", "lines"),
            ),
        ),
        SheetSpec(
            "units",
            "Verksamheter",
            "Units",
            (
                _c("id", "Id", "Id", required=True),
                _c("name", "Namn", "Name", required=True),
                _c("description", "Beskrivning", "Description"),
            ),
        ),
        SheetSpec(
            "goal_areas",
            "Målområden",
            "Goal areas",
            (
                _c("id", "Id", "Id", required=True),
                _c("name", "Namn", "Name", required=True),
                _c("kind", "Slag", "Kind", "enum", enum=GoalKind),
                _c("short_name", "Kort namn", "Short name"),
                _c("description", "Beskrivning", "Description"),
            ),
        ),
        SheetSpec(
            "sub_goals",
            "Delmål",
            "Sub-goals",
            (
                _c("goal_area", "Målområde", "Goal area", required=True),
                _c("name", "Delmål", "Sub-goal", required=True),
                _c("prioritised", "Prioriterat", "Prioritised", "bool"),
            ),
        ),
        SheetSpec(
            "activities",
            "Aktiviteter",
            "Activities",
            (
                _c("id", "Id", "Id"),
                _c("title", "Aktivitet", "Activity", required=True),
                _c("goal_areas", "Målområden", "Goal areas", "lines"),
                _c("units", "Verksamheter", "Units", "lines"),
                _c("responsible", "Ansvarig", "Responsible", "lines"),
                _c("schedule", "Tidplan", "Schedule"),
                _c("start", "Från period", "First period"),
                _c("end", "Till period", "Last period"),
            ),
        ),
        SheetSpec(
            "indicators",
            "Indikatorer",
            "Indicators",
            (
                _c("id", "Id", "Id"),
                _c("name", "Indikator", "Indicator", required=True),
                _c("goal_area", "Målområde", "Goal area", required=True),
                _c("unit", "Enhet", "Unit"),
                _c("target", "Mål", "Target"),
                _c("better", "Riktning", "Direction", "enum", enum=Direction),
                _c("every_n_years", "Mäts vart n:e år", "Measured every n years", "int"),
                _c("target_year", "Målår", "Target year", "year"),
                _c("source", "Källa", "Source"),
            ),
        ),
        SheetSpec(
            "outcomes",
            "Utfall",
            "Outcomes",
            (
                _c("indicator", "Indikator", "Indicator", required=True),
                PERIOD,
                _c("category", "Kategori", "Category"),
                _c("value", "Värde", "Value", "decimal"),
                _c("measured", "Mätt", "Measured", "bool"),
                _c("note", "Not", "Note"),
                _c("trend", "Trend", "Trend", "enum", enum=Trend),
            ),
        ),
        SheetSpec(
            "internal_control",
            "Intern kontroll",
            "Internal control",
            (
                PERIOD,
                _c("level", "Nivå", "Level", "enum", enum=ControlLevel, required=True),
                _c("area", "Granskningsområde", "Area", required=True),
                _c("regulation", "Reglemente/policy", "Regulation/policy"),
                _c("method", "Metod", "Method"),
                _c("result", "Resultat", "Result"),
                _c("actions", "Åtgärder", "Actions"),
                _c("sample_size", "Antal kontrollerade", "Sample size", "int"),
                _c("deviations", "Avvikelser", "Deviations", "int"),
            ),
        ),
        SheetSpec(
            "economy",
            "Ekonomi",
            "Economy",
            (
                PERIOD,
                _c("scale", "Belopp i", "Amounts in", "enum", enum=MoneyScale),
                _c("forecast_comment", "Prognoskommentar", "Forecast comment"),
            ),
        ),
        SheetSpec(
            "statements",
            "Ekonomitabeller",
            "Statements",
            (
                PERIOD,
                _c("table", "Tabell", "Table", "enum", enum=Table, required=True),
                _c("title", "Rubrik", "Title", required=True),
                _c("scale", "Belopp i", "Amounts in", "enum", enum=MoneyScale),
                _c("note", "Not", "Note"),
            ),
        ),
        SheetSpec(
            "statement_columns",
            "Tabellkolumner",
            "Statement columns",
            (
                PERIOD,
                _c("table", "Tabell", "Table", "enum", enum=Table, required=True),
                _c("id", "Id", "Id", required=True),
                _c("label", "Rubrik", "Label", required=True),
                _c("kind", "Slag", "Kind", "enum", enum=ColumnKind),
                _c("group", "Grupp", "Group"),
            ),
        ),
        SheetSpec(
            "statement_lines",
            "Tabellrader",
            "Statement lines",
            (
                PERIOD,
                _c("table", "Tabell", "Table", "enum", enum=Table, required=True),
                _c("label", "Rad", "Line", required=True),
                _c("kind", "Slag", "Kind", "enum", enum=LineKind, required=True),
            ),
        ),
        SheetSpec(
            "investments",
            "Investeringar",
            "Investments",
            (
                PERIOD,
                _c("project", "Projekt", "Project", required=True),
                _c("budget", "Budget", "Budget", "decimal"),
                _c("outcome", "Utfall", "Outcome", "decimal"),
                _c("forecast", "Prognos", "Forecast", "decimal"),
            ),
        ),
        SheetSpec(
            "deviations",
            "Avvikelser",
            "Deviations",
            (
                PERIOD,
                _c("text", "Avvikelse", "Deviation", required=True),
                _c("amount", "Belopp", "Amount", "decimal"),
            ),
        ),
        SheetSpec(
            "key_figures",
            "Nyckeltal",
            "Key figures",
            (
                PERIOD,
                _c("title", "Rubrik", "Title", required=True),
                _c("unit", "Enhet", "Unit"),
                _c("columns", "Kolumner", "Columns", "lines"),
                _c("note", "Not", "Note"),
            ),
        ),
        SheetSpec(
            "key_figure_rows",
            "Nyckeltalsrader",
            "Key figure rows",
            (
                PERIOD,
                _c("key_figure", "Nyckeltal", "Key figure", required=True),
                _c("group", "Grupp", "Group"),
                _c("label", "Rad", "Row", required=True),
                _c("count", "Antal värden", "Number of values", "int", hidden=True),
            ),
        ),
        SheetSpec(
            "narratives",
            "Berättelse",
            "Narrative",
            (PERIOD, _c("summary", "Sammanfattning", "Summary")),
        ),
        SheetSpec(
            "chapters",
            "Kapitel",
            "Chapters",
            (
                _c("title", "Rubrik", "Title", required=True),
                _c("unit", "Verksamhet", "Unit"),
                _c("position", "Placering", "Position", "enum", enum=ChapterPosition),
                _c("text", "Text", "Text"),
            ),
        ),
        SheetSpec(
            "bullets",
            "Punktlistor",
            "Bullets",
            (
                _c("section", "Avsnitt", "Section", "enum", enum=Section, required=True),
                PERIOD,
                _c("key_figure", "Nyckeltal", "Key figure"),
                _c("text", "Text", "Text", required=True),
            ),
        ),
    )
}
