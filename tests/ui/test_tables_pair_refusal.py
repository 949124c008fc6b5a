"""A plan that cannot keep a pair: the Tables page shows the core's message, naming both people."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from gdb_facilitator.core.db.models import PairKind
from gdb_facilitator.core.demo import write_demo_event
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import pairs
from gdb_facilitator.core.services import seating as svc
from gdb_facilitator.core.services.attendees import list_attendees
from gdb_facilitator.messages import render


def test_plan_refused_for_a_pair_shows_the_core_message(qtbot, session, tmp_path, when_modal):
    path = tmp_path / "demo.gdbevent"
    write_demo_event(path)
    window = session.window
    assert window.open_path(str(path))
    window.show_page("tables")
    page = window.page_widgets["tables"]
    hosts = sorted((a for a in page.controller.read(list_attendees) if a.pinned_table),
                   key=lambda a: a.pinned_table)[:2]
    page.controller.read(pairs.add_pair, hosts[0].id, hosts[1].id, PairKind.KEEP_TOGETHER)
    # what the core says for this event, in the language the app speaks (English here)
    try:
        svc.plan_seating(page.controller.event_file, seed=1, time_limit=0.2)
    except DomainError as exc:
        expected = render(exc)
    assert hosts[0].full_name in expected and hosts[1].full_name in expected
    shown = []

    def close(box):
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.accept()

    when_modal(close)
    page.run_plan(seed=1, time_limit=0.2)
    qtbot.waitUntil(lambda: page.runner is None and bool(shown), timeout=15000)
    assert shown == [expected]
