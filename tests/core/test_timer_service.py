"""TimerService over a real event file with a FakeClock: persistence, restore, auto-advance, cues."""

import csv
import random
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from gdb_facilitator.core.db.store import create_event_store, open_event
from gdb_facilitator.core.algorithms.timer import Cue, Level, Phase, TimerError
from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import AgendaItem, TimerPhase, TimerState
from gdb_facilitator.core.errors import DomainError, EventFileError, ValidationError
from gdb_facilitator.core.services import agenda
from gdb_facilitator.core.services.timer import TimerService, neutralise, now_local

START = datetime(2026, 6, 12, 7, 0, tzinfo=timezone.utc)  # 09:00 in Berlin (CEST)
CEST = timezone(timedelta(hours=2))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def ef(event_location, clock):
    ef = create_event_store(event_location, title="Gemeinsam Digital", clock=clock)
    agenda.add_item(ef, title="Welcome", duration_seconds=600, planned_start="09:00")
    agenda.add_item(ef, title="Round 1", duration_seconds=1200, planned_start="09:10")
    agenda.add_item(ef, title="Break", duration_seconds=300, planned_start="09:30")
    yield ef
    ef.close()


@pytest.fixture
def svc(ef, clock) -> TimerService:
    return TimerService(ef, clock)


def remaining(svc: TimerService) -> float:
    return svc.snapshot().timer.remaining_seconds


def stored(ef: EventFile) -> TimerState:
    with ef.session() as s:
        return s.get(TimerState, 1)


def items(ef: EventFile) -> list[AgendaItem]:
    with ef.session() as s:
        return list(s.scalars(select(AgendaItem).order_by(AgendaItem.position)))


def reopen(ef: EventFile, clock: FakeClock) -> tuple[EventFile, TimerService]:
    path = ef.source
    ef.close()
    again = open_event(path, clock=clock)
    return again, TimerService(again, clock)


# -- commands and what they store ----------------------------------------------------

def test_starts_idle_on_the_first_item(svc):
    view = svc.snapshot()
    assert view.item.title == "Welcome" and view.next_item.title == "Round 1"
    assert (view.index, view.count) == (0, 3)
    assert view.timer.phase is Phase.IDLE and view.timer.remaining_seconds == 600


def test_start_writes_anchors_and_actual_start(svc, ef, clock):
    svc.start()
    state = stored(ef)
    assert state.phase is TimerPhase.RUNNING
    assert state.started_at == START and state.deadline == START + timedelta(seconds=600)
    assert items(ef)[0].actual_start == START
    clock.advance(90)
    assert remaining(svc) == 510


def test_pause_resume_and_nudges(svc, ef, clock):
    svc.start()
    clock.advance(100)
    svc.pause()
    assert stored(ef).paused_at == START + timedelta(seconds=100)
    clock.advance(1000)
    assert remaining(svc) == 500
    svc.adjust(60)
    assert remaining(svc) == 560
    svc.adjust(-300)
    assert remaining(svc) == 260
    svc.resume()
    assert stored(ef).paused_total_seconds == 1000
    clock.advance(10)
    assert remaining(svc) == 250
    svc.adjust(300)
    svc.adjust(-60)
    assert remaining(svc) == 490
    assert svc.snapshot().timer.duration_seconds == 600 + 60 - 300 + 300 - 60
    svc.toggle()
    assert svc.snapshot().timer.phase is Phase.PAUSED
    svc.toggle()
    assert svc.snapshot().timer.phase is Phase.RUNNING


def test_invalid_command_changes_nothing(svc, ef):
    before = stored(ef).updated_at
    with pytest.raises(TimerError):
        svc.adjust(60)
    with pytest.raises(TimerError):
        svc.pause()
    assert stored(ef).updated_at == before
    assert stored(ef).phase is TimerPhase.IDLE


def test_empty_agenda(event_location, clock):
    with create_event_store(event_location, title="Empty", clock=clock) as ef:
        svc = TimerService(ef, clock)
        assert svc.snapshot().item is None
        with pytest.raises(DomainError) as exc:
            svc.start()
        assert exc.value.code == "agenda_empty"
        assert svc.next().item is None


def test_stop_and_restart(svc, ef, clock):
    svc.start()
    clock.advance(700)
    view = svc.stop()
    assert view.timer.phase is Phase.STOPPED and view.timer.remaining_seconds == -100
    assert items(ef)[0].actual_end == START + timedelta(seconds=700)
    clock.advance(50)
    assert remaining(svc) == -100
    svc.restart()
    assert items(ef)[0].actual_start == START + timedelta(seconds=750)
    assert items(ef)[0].actual_end is None
    assert remaining(svc) == 600


def test_next_and_previous(svc, ef, clock):
    svc.start()
    clock.advance(300)
    view = svc.next()
    assert view.item.title == "Round 1" and view.timer.phase is Phase.RUNNING
    first, second, _ = items(ef)
    assert first.actual_end == START + timedelta(seconds=300)
    assert second.actual_start == START + timedelta(seconds=300)
    clock.advance(5)
    view = svc.previous()  # pressed "next" by mistake
    assert view.item.title == "Welcome" and view.timer.phase is Phase.IDLE
    assert items(ef)[1].actual_start is None
    assert items(ef)[0].actual_start == START  # the earlier run stays on record until restarted
    # Idle navigation only selects.
    assert svc.next().timer.phase is Phase.IDLE
    assert svc.next().item.title == "Break"
    svc.start()
    view = svc.next()  # on the last item: it ends
    assert view.item.title == "Break" and view.timer.phase is Phase.STOPPED
    assert svc.previous().item.title == "Round 1"
    assert svc.previous().item.title == "Welcome"
    assert svc.previous().item.title == "Welcome"


def test_select_ends_the_running_item(svc, ef, clock):
    svc.start()
    clock.advance(60)
    third = items(ef)[2]
    view = svc.select(third.id)
    assert view.item.id == third.id and view.timer.phase is Phase.IDLE
    assert items(ef)[0].actual_end == START + timedelta(seconds=60)
    with pytest.raises(DomainError):
        svc.select(9999)


def test_settings_are_stored(svc, ef):
    svc.set_muted(True)
    svc.set_message("  Back to the plenary in 1 minute  ")
    svc.set_auto_advance(True)
    state = stored(ef)
    assert (state.muted, state.message, state.auto_advance) == (True, "Back to the plenary in 1 minute", True)
    view = svc.snapshot()
    assert view.muted and view.auto_advance and not view.sound_on
    with pytest.raises(ValidationError):
        svc.set_message("x" * 501)


def test_agenda_edits_need_load(svc, ef):
    agenda.update_item(ef, items(ef)[0].id, title="Welcome and check-in")
    assert svc.load().item.title == "Welcome and check-in"


# -- restore ----------------------------------------------------------------------------

def test_restore_running_round(svc, ef, clock):
    svc.start()
    clock.advance(200)
    svc.adjust(60)
    clock.advance(33.3)
    before = remaining(svc)
    ef2, svc2 = reopen(ef, clock)
    try:
        assert svc2.snapshot().timer.phase is Phase.RUNNING
        assert abs(remaining(svc2) - before) < 1
        clock.advance(120)  # the app stayed closed for a while
        ef2.close()
        ef3, svc3 = reopen(ef2, clock)
        assert remaining(svc3) == pytest.approx(before - 120, abs=1e-6)
        ef3.close()
    finally:
        ef2.close()


def test_restore_paused_round(svc, ef, clock):
    svc.start()
    clock.advance(250)
    svc.pause()
    clock.advance(3600)
    ef2, svc2 = reopen(ef, clock)
    with ef2:
        view = svc2.snapshot()
        assert view.timer.phase is Phase.PAUSED and view.timer.remaining_seconds == 350
        clock.advance(60)
        svc2.resume()
        clock.advance(50)
        assert remaining(svc2) == 300


def test_restore_stopped_round(svc, ef, clock):
    svc.start()
    clock.advance(610)
    svc.stop()
    clock.advance(100)
    ef2, svc2 = reopen(ef, clock)
    with ef2:
        assert svc2.snapshot().timer.phase is Phase.STOPPED
        assert remaining(svc2) == -10


def test_wall_clock_jump_forward_counts_like_a_suspend(svc, clock):
    svc.start()
    clock.advance(30)
    clock.jump_wall(600)
    assert remaining(svc) == pytest.approx(600 - 30 - 600)
    assert svc.snapshot().timer.level is Level.OVERTIME


def test_wall_clock_jump_forward_on_a_long_round(ef, clock):
    item = agenda.add_item(ef, title="World café", duration_seconds=3600)
    svc = TimerService(ef, clock)
    svc.select(item.id)
    svc.start()
    clock.advance(100)
    before = remaining(svc)
    clock.jump_wall(600)
    assert before - remaining(svc) == pytest.approx(600, abs=1)


def test_wall_clock_set_back_gains_nothing(svc, clock):
    svc.start()
    clock.advance(100)
    clock.jump_wall(-300)
    assert remaining(svc) == pytest.approx(500)
    clock.advance(50)
    assert remaining(svc) == pytest.approx(450)


def test_ninety_minutes_without_drift(ef, clock):
    long_item = agenda.add_item(ef, title="Open space", duration_seconds=90 * 60)
    svc = TimerService(ef, clock)
    svc.select(long_item.id)
    svc.start()
    rng = random.Random(7)
    elapsed_us = 0
    while elapsed_us < 90 * 60 * 1_000_000:
        step = rng.randint(50_000, 3_000_000)  # whole microseconds: FakeClock keeps them exact
        clock.advance(step / 1e6)
        elapsed_us += step
        result = svc.tick()
        assert result.view.timer.remaining_seconds == pytest.approx(90 * 60 - elapsed_us / 1e6, abs=1e-6)


# -- cues --------------------------------------------------------------------------------

def collect(svc: TimerService, clock: FakeClock, seconds: float, step: float = 0.2) -> list[Cue]:
    fired: list[Cue] = []
    for _ in range(round(seconds / step)):
        clock.advance(step)
        fired += [e.cue for e in svc.tick().cues]
    return fired


def test_cues_fire_once_each(svc, clock):
    svc.start()
    assert collect(svc, clock, 700) == [Cue.WRAP_UP, Cue.DANGER, Cue.END]
    assert collect(svc, clock, 10) == []


def test_cues_not_repeated_after_restart(svc, ef, clock):
    svc.start()
    assert collect(svc, clock, 500) == [Cue.WRAP_UP]
    ef2, svc2 = reopen(ef, clock)
    with ef2:
        assert collect(svc2, clock, 20) == []
        assert collect(svc2, clock, 30) == [Cue.DANGER]
    ef3, svc3 = reopen(ef2, clock)
    with ef3:
        assert collect(svc3, clock, 10) == []


def test_cue_missed_while_closed_is_reported_once(svc, ef, clock):
    svc.start()
    assert collect(svc, clock, 400) == []
    path = ef.source
    ef.close()
    clock.advance(100)  # crossed 2:00 left while the app was down
    with open_event(path, clock=clock) as ef2:
        svc2 = TimerService(ef2, clock)
        assert [e.cue for e in svc2.tick().cues] == [Cue.WRAP_UP]
        assert svc2.tick().cues == ()


def test_cue_after_extension_fires_again_and_mute_marks_cues_silent(svc, clock):
    svc.start()
    assert collect(svc, clock, 490) == [Cue.WRAP_UP]
    svc.adjust(60)
    assert collect(svc, clock, 1) == []
    svc.set_muted(True)
    clock.advance(60)
    result = svc.tick()
    assert [e.cue for e in result.cues] == [Cue.WRAP_UP]
    assert not result.cues[0].audible and result.sound is None


def test_sound_picks_the_most_urgent_cue(svc, clock):
    svc.start()
    clock.advance(700)
    result = svc.tick()
    assert [e.cue for e in result.cues] == [Cue.WRAP_UP, Cue.DANGER, Cue.END]
    assert result.sound is Cue.END


def test_item_without_sound(ef, clock):
    agenda.update_item(ef, items(ef)[0].id, sound=False)
    svc = TimerService(ef, clock)
    svc.start()
    clock.advance(500)
    result = svc.tick()
    assert result.cues and not result.cues[0].audible


# -- auto-advance ------------------------------------------------------------------------

def test_auto_advance_starts_the_next_item_at_the_deadline(svc, ef, clock):
    svc.set_auto_advance(True)
    svc.start()
    clock.advance(599.9)
    early = svc.tick()
    assert not early.advanced and [e.cue for e in early.cues] == [Cue.WRAP_UP, Cue.DANGER]
    clock.advance(0.7)  # the tick comes 0.6 s after the deadline
    result = svc.tick()
    assert result.advanced and result.view.item.title == "Round 1"
    assert result.view.timer.remaining_seconds == pytest.approx(1200 - 0.6)
    assert [e.cue for e in result.cues] == [Cue.END]
    assert result.cues[-1].item_id == items(ef)[0].id
    first, second, _ = items(ef)
    assert first.actual_end == second.actual_start == START + timedelta(seconds=600)
    again = svc.tick()
    assert not again.advanced and again.cues == ()


def test_auto_advance_catches_up_after_a_long_closure(svc, ef, clock):
    svc.set_auto_advance(True)
    svc.start()
    clock.advance(30)
    path = ef.source
    ef.close()
    clock.advance(600 + 1200 + 60 - 30)  # Welcome and Round 1 ran out while closed
    with open_event(path, clock=clock) as ef2:
        svc2 = TimerService(ef2, clock)
        view = svc2.snapshot()
        assert view.item.title == "Break" and view.timer.remaining_seconds == pytest.approx(240)
        welcome, round1, brk = items(ef2)
        assert welcome.actual_end == round1.actual_start == START + timedelta(seconds=600)
        assert round1.actual_end == brk.actual_start == START + timedelta(seconds=1800)
        first_tick = svc2.tick()
        assert [(e.cue, e.item_id) for e in first_tick.cues] == [(Cue.END, round1.id)]
        assert svc2.tick().cues == ()
        # On the last item the timer runs on into overtime.
        clock.advance(600)
        last = svc2.tick()
        assert last.view.item.title == "Break" and last.view.timer.overtime_seconds == pytest.approx(360)
        assert [e.cue for e in last.cues] == [Cue.WRAP_UP, Cue.DANGER, Cue.END]


def test_auto_advance_off_stays_in_overtime(svc, clock):
    svc.start()
    clock.advance(900)
    result = svc.tick()
    assert not result.advanced and result.view.timer.overtime_seconds == 300
    # Switched on during overtime: the next item starts now, the overtime was meant.
    view = svc.set_auto_advance(True)
    assert view.item.title == "Round 1" and view.timer.remaining_seconds == 1200


def test_auto_advance_does_not_run_a_paused_item(svc, clock):
    svc.set_auto_advance(True)
    svc.start()
    clock.advance(100)
    svc.pause()
    clock.advance(10_000)
    assert not svc.tick().advanced


def test_command_right_after_the_deadline_applies_to_the_next_item(svc, clock):
    svc.set_auto_advance(True)
    svc.start()
    clock.advance(600.1)
    view = svc.pause()  # no tick in between
    assert view.item.title == "Round 1" and view.timer.phase is Phase.PAUSED


# -- plan versus actual -------------------------------------------------------------------

def test_plan_vs_actual_rows(svc, ef, clock):
    clock.advance(120)  # two minutes late
    svc.start()
    clock.advance(660)
    svc.next()
    clock.advance(1100)
    svc.stop()
    rows = svc.plan_vs_actual(tz=CEST)
    assert [r.title for r in rows] == ["Welcome", "Round 1", "Break"]
    welcome, round1, brk = rows
    assert welcome.start_delta_seconds == 120
    assert welcome.actual_seconds == 660 and welcome.delta_seconds == 60
    assert round1.start_delta_seconds == 180
    assert round1.actual_seconds == 1100 and round1.delta_seconds == -100
    assert brk.actual_start is None and brk.actual_seconds is None and brk.delta_seconds is None


def test_plan_vs_actual_csv(svc, ef, clock, tmp_path):
    agenda.update_item(ef, items(ef)[2].id, title="=HYPERLINK(\"http://x\")")
    svc.load()
    svc.start()
    clock.advance(540)
    svc.next()
    target = svc.export_plan_vs_actual_csv(tmp_path / "plan.csv", tz=CEST)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:3] == ["position", "title", "kind"]
    assert rows[1] == ["1", "Welcome", "plenary", "09:00", "0:10:00", "09:00:00", "09:09:00",
                       "0:09:00", "'-0:01:00", "'+0:00:00"]
    assert rows[2][5:7] == ["09:09:00", ""]
    assert rows[3][1] == "'=HYPERLINK(\"http://x\")"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert not list(tmp_path.glob(".tmp-*"))


def test_csv_with_translated_headers(svc, tmp_path):
    headers = ["Nr.", "Titel", "Art", "Start geplant", "Dauer geplant", "Start", "Ende", "Dauer",
               "Abweichung", "Startverzug"]
    target = svc.export_plan_vs_actual_csv(tmp_path / "plan.csv", headers=headers)
    assert target.read_text(encoding="utf-8-sig").splitlines()[0] == ";".join(headers)
    with pytest.raises(ValueError):
        svc.export_plan_vs_actual_csv(tmp_path / "x.csv", headers=["one"])


@pytest.mark.parametrize(("cell", "expected"), [
    ("=1+1", "'=1+1"), ("+49 30", "'+49 30"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("\nx", "'\nx"), ("Pause", "Pause"), ("", ""), (None, ""),
])
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def test_now_local(clock):
    assert now_local(clock, CEST).strftime("%H:%M") == "09:00"


def test_read_only_file_refuses_commands(svc, ef, clock):
    svc.start()
    with open_event(ef.source, readonly=True, clock=clock) as ro:
        viewer = TimerService(ro, clock)
        assert viewer.snapshot().timer.phase is Phase.RUNNING
        with pytest.raises(EventFileError):
            viewer.pause()
