"""A time limit on one document's processing (``MARSAD_DOC_TIMEOUT``).

In a process's main thread on a system with ``setitimer`` (Linux, macOS; also in a worker process of
a pool, whose tasks run in its main thread) the limit interrupts the work where it is: SIGALRM
raises ``TimeLimit`` at the next Python instruction, inside a stage or spaCy's pipe. Elsewhere (a
web server's worker thread, Windows) the runner's ``check`` between stages and chunks is the limit:
a single stage that stalls cannot be interrupted there, but the document goes no further.

``TimeLimit`` derives from ``BaseException`` so that a stage's own ``except Exception`` cannot swallow
it, as ``KeyboardInterrupt`` cannot be swallowed.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_DOC_TIMEOUT = 120.0


class TimeLimit(BaseException):  # noqa: N818 (not an error of the code: a document's time ran out)
    """A document's time ran out."""


class Deadline:
    """A limit of ``seconds`` (``<= 0``: none), of which ``left`` (default: all) remain from now."""

    def __init__(self, seconds: float, left: float | None = None) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + (seconds if left is None else left) if seconds > 0 else None

    def left(self) -> float | None:
        return None if self.at is None else self.at - time.monotonic()

    def check(self) -> None:
        """Raise ``TimeLimit`` if the deadline has passed (the complement of the alarm, between steps)."""
        left = self.left()
        if left is not None and left <= 0:
            raise TimeLimit(self.seconds)


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(deadline: Deadline) -> Iterator[None]:
    """Run the block under ``deadline``: SIGALRM interrupts it where that is possible (see the
    module doc); the deadline is checked on the way in and on the way out in any case. Nested use
    keeps the outer alarm's handler and re-arms what is left of it afterwards."""
    deadline.check()
    left = deadline.left()
    if left is None or not _can_alarm():
        yield
        deadline.check()
        return

    def expired(signum: int, frame: object) -> None:
        raise TimeLimit(deadline.seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:  # an enclosing limit: give it back what it has left (at least a tick)
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3))
    deadline.check()
