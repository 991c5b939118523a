import datetime

from django.utils import timezone


def test_the_run_happens_in_the_daytime_of_vietnam():
    """The root conftest moves the clock to 10:00 of today in Vietnam when the run starts, so no run
    crosses midnight there (a run takes minutes, not twelve hours)."""
    now = timezone.localtime()
    assert 10 <= now.hour < 22
    assert now.utcoffset() == datetime.timedelta(hours=7)
