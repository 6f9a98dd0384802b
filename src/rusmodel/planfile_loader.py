"""The YAML loader a plan file is read with: PyYAML's safe loader (libyaml's, where it is
installed), numbers read exactly as :class:`~decimal.Decimal`, a YAML 1.1 number in base
8, 16 or 60 (``03743``, ``0x7E7``) kept as the text it is, an impossible date kept as text
for the model to name."""

from __future__ import annotations

import re
from decimal import Decimal

import yaml

from rusmodel.planfile_document import MAX_INT_DIGITS

__all__ = ["PlanLoader"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PlanLoader(_Loader):  # type: ignore[misc,valid-type]
    """Safe YAML with exact decimals and no silent surprises."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    if text.lower().lstrip("+-") in (".inf", ".nan"):
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a number a plan can hold", node.start_mark
        )
    return Decimal(text)


_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    # YAML 1.1 reads 0x7E7, 03743 and 33:43 as numbers in base 16, 8 and 60 (all 2023);
    # nobody writing a plan means that, so they stay the text they are.
    text = str(loader.construct_scalar(node))
    plain = text.replace("_", "")
    if not _PLAIN_INT.fullmatch(plain):
        return text
    if len(plain) > MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number of {len(plain)} digits is not one a plan can hold",
            node.start_mark,
        )
    return int(plain)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    # An impossible date (2023-02-30), or any text tagged !!timestamp, stays text, so the
    # model says where it is and why.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):
        return str(loader.construct_scalar(node))


PlanLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
PlanLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
PlanLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
