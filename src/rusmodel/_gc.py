"""Pausing Python's cyclic garbage collector while a large plan is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off inside the block, then restore it as it was.

    Parsing a plan file or a workbook makes hundreds of thousands of small
    objects and no reference cycles. With the collector on, every so many new
    objects it walks all the objects still alive, so the time to read a plan
    grew faster than the plan: at 10 000 activities a third of a YAML load was
    the collector finding nothing. Memory freed by reference counting is freed
    as before; only the search for cycles waits until the block ends.

    The objects made inside are then moved to the collector's oldest
    generation, where it would put them itself after two collections: left in
    the youngest, the program's next new objects after the block made it walk
    every one of them at once (130–160 ms after reading a workbook of 100 000
    activities), and again when they reached the middle generation.
    They are still collected with that generation. Where the program has
    frozen objects of its own (:func:`gc.freeze`, before forking workers),
    they are left frozen, and this step with them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():
                gc.freeze()  # every tracked object, to the permanent generation
                gc.unfreeze()  # and from there to the oldest one
            gc.enable()
