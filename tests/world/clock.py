"""The clock of the builders: some services read the time themselves (an award application
can be started only while its cycle is open; a decision is dated now). A builder given an
instant runs those services with the clock moved there, so that every row and event it writes
carries that instant. The clock is the one thing outside the portal; time-machine moves it."""

from contextlib import contextmanager

import time_machine


@contextmanager
def clock_at(at):
    """Run the block with the clock at `at` (an aware datetime), ticking on from there; with
    None, on the real clock."""
    if at is None:
        yield
        return
    with time_machine.travel(at, tick=True):
        yield
