"""`KmsFake.advance_time`: move the process clock forward with freezegun, for tests that do
not control time themselves. Tests that use freezegun or time-machine move their own clock;
the fake reads the clock at call time either way."""

from __future__ import annotations

import datetime
import sys
from typing import Any


class ClockOwnedElsewhere(RuntimeError):
    """The test already controls time; moving a second clock on top would disagree with it."""


def _foreign_clock() -> str | None:
    freezegun_api = sys.modules.get("freezegun.api")
    if freezegun_api is not None and getattr(freezegun_api, "freeze_factories", None):
        return "freezegun (use the frozen clock's tick() or move_to())"
    time_machine = sys.modules.get("time_machine")
    # The stack of active travels: `traveller_stack` in time-machine 3, `coordinates_stack`
    # before.
    if time_machine is not None and (
        getattr(time_machine, "traveller_stack", None)
        or getattr(time_machine, "coordinates_stack", None)
    ):
        return "time-machine (use the traveller's shift() or move_to())"
    return None


class TimeTravel:
    """A freezegun clock that keeps ticking, restarted at each move."""

    def __init__(self) -> None:
        self._freezer: Any = None

    def advance(self, delta: datetime.timedelta) -> datetime.datetime:
        if delta < datetime.timedelta(0):
            raise ValueError("advance_time only moves forward")
        if self._freezer is None:
            owner = _foreign_clock()
            if owner is not None:
                raise ClockOwnedElsewhere(
                    f"This test controls time with {owner}; the fake follows that clock, so "
                    "move it instead of calling advance_time()."
                )
        from freezegun import freeze_time

        target = datetime.datetime.now(datetime.timezone.utc) + delta
        self.stop()
        self._freezer = freeze_time(target, tick=True)
        self._freezer.start()
        return target

    def stop(self) -> None:
        if self._freezer is not None:
            self._freezer.stop()
            self._freezer = None
