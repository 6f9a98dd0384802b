"""rusmodel: plan and follow up regional development work.

The model (:mod:`rusmodel.model`) holds a region's plan; :mod:`rusmodel.summary`
computes what a follow-up says; :mod:`rusmodel.validation` finds what is
wrong; format plugins (:mod:`rusmodel.hookspecs`) read and write files, which
:func:`read_plan` and :func:`export` run by a file's name.
"""

from rusmodel.atomic import atomic_write
from rusmodel.files import export, read_plan
from rusmodel.formats import Command, ExportContext, Exporter, ImportContext, Importer, Option
from rusmodel.hookspecs import HOOK_API_VERSION, hookimpl
from rusmodel.model import (
    BUILTIN_SCALES,
    PROGRESS,
    SCHEMA_VERSION,
    TRAFFIC_LIGHT,
    Activity,
    ActivityNoun,
    Column,
    ColumnKind,
    ControlCheck,
    ControlLevel,
    Deviation,
    Economy,
    FollowUp,
    GoalArea,
    GoalKind,
    Indicator,
    Investment,
    KeyFigure,
    KeyFigureRow,
    LineKind,
    MoneyScale,
    Narrative,
    Outcome,
    Period,
    Plan,
    Schedule,
    Statement,
    StatementLine,
    StatusScale,
    StatusValue,
    SubGoal,
    Trend,
    Unit,
    parse_schedule,
)
from rusmodel.planfile import dump_json, dump_yaml, load_json, load_yaml
from rusmodel.problems import PlanError, Problem, Severity
from rusmodel.targets import Comparison, Direction, Target, TargetPart, parse_target

__version__ = "0.1.0"

__all__ = [
    "BUILTIN_SCALES",
    "HOOK_API_VERSION",
    "PROGRESS",
    "SCHEMA_VERSION",
    "TRAFFIC_LIGHT",
    "Activity",
    "ActivityNoun",
    "Column",
    "ColumnKind",
    "Command",
    "Comparison",
    "ControlCheck",
    "ControlLevel",
    "Deviation",
    "Direction",
    "Economy",
    "ExportContext",
    "Exporter",
    "FollowUp",
    "GoalArea",
    "GoalKind",
    "ImportContext",
    "Importer",
    "Indicator",
    "Investment",
    "KeyFigure",
    "KeyFigureRow",
    "LineKind",
    "MoneyScale",
    "Narrative",
    "Option",
    "Outcome",
    "Period",
    "Plan",
    "PlanError",
    "Problem",
    "Schedule",
    "Severity",
    "Statement",
    "StatementLine",
    "StatusScale",
    "StatusValue",
    "SubGoal",
    "Target",
    "TargetPart",
    "Trend",
    "Unit",
    "__version__",
    "atomic_write",
    "dump_json",
    "dump_yaml",
    "export",
    "hookimpl",
    "load_json",
    "load_yaml",
    "parse_schedule",
    "parse_target",
    "read_plan",
]
