"""Virtual time: advance, run_until, wait_until (async, and paced in real time)."""
import asyncio
import datetime as dt
import time

import pytest

import ec2lab


def test_now_starts_on_a_fixed_monday_morning(cloud):
    assert cloud.now == dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.timezone.utc)
    assert cloud.now.tzinfo is not None


def test_advance_moves_the_clock_and_counts_events(cloud):
    assert cloud.advance(90.5) == 0
    assert cloud.now == dt.datetime(2025, 1, 6, 9, 1, 30, 500000, tzinfo=dt.timezone.utc)
    with pytest.raises(ValueError):
        cloud.advance(-1)


def test_run_until_returns_at_once_when_true(cloud):
    start = cloud.now
    assert cloud.run_until(lambda: True) is True
    assert cloud.now == start


def test_run_until_times_out_in_virtual_time(cloud):
    t0 = time.perf_counter()
    with pytest.raises(TimeoutError, match="still false after 600 seconds of virtual time") as e:
        cloud.run_until(lambda: False)
    assert "Nothing else is scheduled" in str(e.value)
    assert (cloud.now - dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.timezone.utc)).total_seconds() == 600
    assert time.perf_counter() - t0 < 5  # virtual, not wall-clock, waiting


def test_run_until_checks_the_predicate_at_the_deadline(cloud):
    deadline = cloud.now + dt.timedelta(seconds=30)
    assert cloud.run_until(lambda: cloud.now >= deadline, timeout=30)


def test_wait_until_in_an_event_loop(cloud):
    async def go():
        assert await cloud.wait_until(lambda: True)
        with pytest.raises(TimeoutError):
            await cloud.wait_until(lambda: False, timeout=60)

    asyncio.run(go())
    assert (cloud.now - dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.timezone.utc)).total_seconds() == 60


def test_real_time_mode_paces_the_virtual_clock(cloud):
    async def go():
        t0 = time.perf_counter()
        with pytest.raises(TimeoutError):
            await cloud.wait_until(lambda: False, timeout=2, speed=10)  # 2 virtual s at 10x = 0.2 s
        return time.perf_counter() - t0

    elapsed = asyncio.run(go())
    assert 0.15 < elapsed < 5
    assert (cloud.now - dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.timezone.utc)).total_seconds() == 2


def test_real_time_mode_stops_when_cancelled(cloud):
    start = cloud.now

    async def go():
        task = asyncio.ensure_future(cloud._core.advance_paced(3600, 1.0))
        await asyncio.sleep(0.6)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        moved = cloud.now
        await asyncio.sleep(0.6)  # nothing moves the clock after the cancel
        return moved

    moved = asyncio.run(go())
    progressed = (moved - start).total_seconds()
    assert 0.2 <= progressed < 60, progressed  # the clock moved in slices while it ran, then stopped
    assert cloud.now == moved


def test_paced_mode_needs_a_positive_speed(cloud):
    async def go():
        with pytest.raises(ValueError):
            await cloud.wait_until(lambda: False, timeout=1, speed=0)

    asyncio.run(go())


def test_repr(cloud):
    assert repr(cloud) == "Cloud(region='us-east-1', seed=0, now=2025-01-06T09:00:00Z)"
    assert ec2lab.Cloud(seed=42).seed == 42
