"""The pure round timer: arithmetic, levels at their exact boundaries, cues."""

import random
from datetime import datetime, timedelta, timezone

import pytest

from gdb_facilitator.core.algorithms.timer import (
    Cue,
    Level,
    Phase,
    RoundTimer,
    Thresholds,
    TimerError,
    cues_between,
)

T0 = datetime(2026, 6, 12, 9, 0, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def running(duration: float = 600, **thresholds: float) -> RoundTimer:
    return RoundTimer(item_id=1, planned_seconds=duration, thresholds=Thresholds(**thresholds)).start(T0)


def test_idle_shows_the_planned_duration_and_is_normal():
    t = RoundTimer(item_id=1, planned_seconds=300)
    s = t.snapshot(at(1000))
    assert (s.phase, s.remaining_seconds, s.elapsed_seconds, s.progress, s.level) == (
        Phase.IDLE, 300, 0, 0, Level.NORMAL)


def test_running_counts_down_from_the_deadline():
    t = running(600)
    assert t.deadline == at(600)
    s = t.snapshot(at(150.5))
    assert s.remaining_seconds == pytest.approx(449.5)
    assert s.elapsed_seconds == pytest.approx(150.5)
    assert s.progress == pytest.approx(150.5 / 600)


def test_pause_freezes_and_resume_moves_the_deadline():
    t = running(600).pause(at(100))
    assert t.snapshot(at(100)).remaining_seconds == 500
    assert t.snapshot(at(5000)).remaining_seconds == 500
    t = t.resume(at(400))
    assert t.paused_total_seconds == 300
    assert t.deadline == at(900)
    assert t.snapshot(at(450)).remaining_seconds == pytest.approx(450)
    assert t.snapshot(at(450)).elapsed_seconds == pytest.approx(150)


def test_repeated_commands_are_harmless():
    t = running(600)
    assert t.start(at(10)) is t
    assert t.resume(at(10)) is t
    p = t.pause(at(20))
    assert p.pause(at(30)) is p
    s = t.stop(at(40))
    assert s.stop(at(50)) is s


def test_start_on_paused_resumes_and_toggle_alternates():
    t = running(600).pause(at(60))
    t = t.start(at(120))
    assert t.phase is Phase.RUNNING and t.deadline == at(660)
    t = t.toggle(at(200))
    assert t.phase is Phase.PAUSED
    t = t.toggle(at(260))
    assert t.phase is Phase.RUNNING and t.deadline == at(720)


@pytest.mark.parametrize("phase_cmd", ["pause", "resume"])
def test_pause_or_resume_on_idle_is_an_error(phase_cmd):
    with pytest.raises(TimerError) as exc:
        getattr(RoundTimer(item_id=1, planned_seconds=60), phase_cmd)(T0)
    assert exc.value.code == "timer_not_running"


def test_adjust_idle_or_stopped_is_an_error():
    with pytest.raises(TimerError):
        RoundTimer(item_id=1, planned_seconds=60).adjust(60, T0)
    with pytest.raises(TimerError):
        running(60).stop(at(10)).adjust(60, at(20))


@pytest.mark.parametrize("delta", [60, -60, 300, -300])
def test_adjust_while_running_and_paused(delta):
    t = running(1200)
    assert t.adjust(delta, at(100)).snapshot(at(100)).remaining_seconds == pytest.approx(1100 + delta)
    p = t.pause(at(100))
    adjusted = p.adjust(delta, at(700))
    assert adjusted.snapshot(at(900)).remaining_seconds == pytest.approx(1100 + delta)
    assert adjusted.snapshot(at(900)).duration_seconds == pytest.approx(1200 + delta)
    resumed = adjusted.resume(at(1000))
    assert resumed.snapshot(at(1010)).remaining_seconds == pytest.approx(1090 + delta)


def test_taking_time_away_stops_at_zero_and_does_nothing_in_overtime():
    t = running(600)
    assert t.adjust(-60, at(570)).snapshot(at(570)).remaining_seconds == 0
    over = t.snapshot(at(620))
    assert over.remaining_seconds == -20
    assert t.adjust(-300, at(620)).snapshot(at(620)).remaining_seconds == -20
    # Adding time in overtime brings the round back.
    assert t.adjust(60, at(620)).snapshot(at(620)).remaining_seconds == pytest.approx(40)


def test_duration_is_capped_at_24_hours():
    t = running(23 * 3600).adjust(5 * 3600, T0)
    assert t.duration_seconds() == 24 * 3600


def test_overtime_counts_up():
    t = running(60)
    for seconds in (60, 61, 125.5):
        s = t.snapshot(at(seconds))
        assert s.level is Level.OVERTIME
        assert s.overtime_seconds == pytest.approx(seconds - 60)
        assert s.remaining_seconds == pytest.approx(60 - seconds)
        assert s.progress == 1


def test_stop_freezes_the_display():
    t = running(600).stop(at(100))
    assert t.phase is Phase.STOPPED
    assert t.snapshot(at(10_000)).remaining_seconds == 500


def test_stop_while_paused_keeps_the_paused_remaining():
    t = running(600).pause(at(100)).stop(at(400))
    assert t.snapshot(at(900)).remaining_seconds == 500


def test_restart_drops_adjustments_and_pauses():
    t = running(600).adjust(300, at(10)).pause(at(20)).restart(at(1000))
    assert t.phase is Phase.RUNNING
    assert t.deadline == at(1600)
    assert t.paused_total_seconds == 0


def test_default_levels_of_a_ten_minute_round_at_exact_boundaries():
    t = running(600)
    level = lambda s: t.snapshot(at(s)).level  # noqa: E731
    assert level(479.999) is Level.NORMAL
    assert level(480) is Level.WRAP_UP  # 2:00 left (= 20 %)
    assert level(539.999) is Level.WRAP_UP
    assert level(540) is Level.DANGER  # 1:00 left
    assert level(599.999) is Level.DANGER
    assert level(600) is Level.OVERTIME  # 0:00


@pytest.mark.parametrize(("duration", "wrap", "danger"), [
    (90 * 60, 18 * 60, 60),  # 20 % beats 2 min on a long round
    (30 * 60, 6 * 60, 60),
    (10 * 60, 120, 60),
    (5 * 60, 120, 60),  # 2 min beats 20 %
    (3 * 60, 90, 45),  # capped at half / a quarter of a short item
    (60, 30, 15),
    (0, 0, 0),
])
def test_default_thresholds(duration, wrap, danger):
    th = Thresholds()
    assert th.wrap_up_at(duration) == pytest.approx(wrap)
    assert th.danger_at(duration) == pytest.approx(danger)


def test_per_item_thresholds_override_the_defaults():
    th = Thresholds(wrap_up_seconds=300, wrap_up_percent=0, danger_seconds=120)
    assert th.wrap_up_at(1800) == 300
    assert th.danger_at(1800) == 120
    t = running(1800, wrap_up_seconds=300, wrap_up_percent=0, danger_seconds=120)
    assert t.snapshot(at(1499.9)).level is Level.NORMAL
    assert t.snapshot(at(1500)).level is Level.WRAP_UP
    assert t.snapshot(at(1680)).level is Level.DANGER
    # Percent only: 50 % of 20 min.
    assert Thresholds(wrap_up_seconds=0, wrap_up_percent=50).wrap_up_at(1200) == 600
    # Danger set above wrap-up: wrap-up starts with danger, never after it.
    assert Thresholds(wrap_up_seconds=30, wrap_up_percent=0, danger_seconds=90).wrap_up_at(1200) == 90


def test_paused_timer_keeps_its_level():
    t = running(600).pause(at(500))
    assert t.snapshot(at(5000)).level is Level.WRAP_UP


def test_cues_fire_once_per_transition():
    t = running(600)
    fired = []
    prev = t.snapshot(T0)
    for second in range(0, 700):
        cur = t.snapshot(at(second + 0.2))
        fired += [(second, c) for c in cues_between(prev, cur)]
        prev = cur
    assert fired == [(480, Cue.WRAP_UP), (540, Cue.DANGER), (600, Cue.END)]


def test_cues_of_several_levels_crossed_at_once_come_in_order():
    t = running(600)
    assert cues_between(t.snapshot(at(10)), t.snapshot(at(700))) == (Cue.WRAP_UP, Cue.DANGER, Cue.END)


def test_no_cue_for_a_calmer_level_a_new_run_or_a_stopped_timer():
    t = running(600)
    late = t.snapshot(at(500))
    extended = t.adjust(300, at(500))
    assert cues_between(late, extended.snapshot(at(500))) == ()
    # Reaching wrap-up again after the extension is a new transition.
    assert cues_between(extended.snapshot(at(500)), extended.snapshot(at(780))) == (Cue.WRAP_UP,)
    restarted = t.restart(at(700))
    assert cues_between(t.snapshot(at(700)), restarted.snapshot(at(700))) == ()
    assert cues_between(late, t.stop(at(700)).snapshot(at(700))) == ()


def test_a_new_run_starts_from_normal():
    other = RoundTimer(item_id=2, planned_seconds=60).start(at(0))
    assert cues_between(None, other.snapshot(at(50))) == (Cue.WRAP_UP, Cue.DANGER)


def test_ninety_minutes_irregular_steps_no_drift():
    rng = random.Random(20260612)
    t = running(90 * 60)
    elapsed_us = 0
    while elapsed_us < 95 * 60 * 1_000_000:
        elapsed_us += rng.randint(50_000, 3_000_000)
        s = t.snapshot(T0 + timedelta(microseconds=elapsed_us))
        assert s.remaining_seconds == pytest.approx(90 * 60 - elapsed_us / 1e6, abs=1e-6)


def test_adjust_rejects_nan():
    with pytest.raises(ValueError):
        running(60).adjust(float("nan"), T0)
