import pytest

from ocop.core import ratelimit


@pytest.fixture
def now(monkeypatch):
    """A clock the test sets: ``now.seconds = …`` moves the rate-limit windows without sleeping."""

    class Clock:
        seconds = 1_000_000.0

    clock = Clock()
    monkeypatch.setattr(ratelimit, "clock", lambda: clock.seconds)
    monkeypatch.setattr(ratelimit, "_next_prune", 0.0)
    return clock
