"""Undo commands of the Preparation page: adding and deleting sectors, tables and topics,
and importing a table plan. Field edits use :class:`EditFieldsCommand`.

Each command keeps what it needs to go both ways: the ids it created, or the snapshot a
delete returned, so that undo brings back the same rows with the same ids.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from gdb_facilitator.core.exchange.importers import TablePlanPreview
from gdb_facilitator.core.services import imports as import_svc
from gdb_facilitator.core.services import sectors as sector_svc
from gdb_facilitator.core.services import tables as table_svc
from gdb_facilitator.core.services import topics as topic_svc
from gdb_facilitator.core.services.imports import TablePlanSummary
from gdb_facilitator.ui.controller import Changes, EventController, ServiceCommand
from gdb_facilitator.messages import QT_TRANSLATE_NOOP
from gdb_facilitator.ui.i18n import plural


class AddSectorCommand(ServiceCommand):
    changes = Changes.SECTORS

    def __init__(self, controller: EventController, name: str, colour: str | None = None) -> None:
        super().__init__(controller, QCoreApplication.translate("EditCommands", "Add sector {name}").format(name=name.strip()))
        self.name, self.colour = name, colour
        self.result: sector_svc.SectorDTO | None = None
        self.snapshot: sector_svc.SectorSnapshot | None = None

    def do(self) -> None:
        if self.snapshot is None:
            self.result = self.call(sector_svc.add_sector, self.name, self.colour)
        else:
            self.result = self.call(sector_svc.restore_sector, self.snapshot)

    def revert(self) -> None:
        assert self.result is not None
        self.snapshot = self.call(sector_svc.delete_sector, self.result.id)


class DeleteSectorCommand(ServiceCommand):
    changes = Changes.SECTORS | Changes.ATTENDEES

    def __init__(self, controller: EventController, sector: sector_svc.SectorDTO, force: bool) -> None:
        super().__init__(controller, QCoreApplication.translate("EditCommands", "Delete sector {name}").format(name=sector.name))
        self.sector_id, self.force = sector.id, force
        self.snapshot: sector_svc.SectorSnapshot | None = None

    def do(self) -> None:
        self.snapshot = self.call(sector_svc.delete_sector, self.sector_id, force=self.force)

    def revert(self) -> None:
        assert self.snapshot is not None
        self.call(sector_svc.restore_sector, self.snapshot)


class MoveCommand(ServiceCommand):
    """Move a sector or topic to another place in its list."""

    def __init__(self, controller: EventController, text: str, changes: Changes, fn: Any,
                 item_id: int, old: int, new: int) -> None:
        super().__init__(controller, text)
        self.changes = changes
        self.fn, self.item_id, self.old, self.new = fn, item_id, old, new

    def do(self) -> None:
        self.call(self.fn, self.item_id, self.new)

    def revert(self) -> None:
        self.call(self.fn, self.item_id, self.old)


class AddTablesCommand(ServiceCommand):
    """One table (``count`` None, with optional number) or ``count`` tables numbered on."""

    changes = Changes.TABLES

    def __init__(self, controller: EventController, count: int | None = None, capacity: int = 8) -> None:
        if count is None:
            text = QCoreApplication.translate("EditCommands", "Add table")
        else:
            text = plural("EditCommands", QT_TRANSLATE_NOOP("EditCommands", "Add one table"),
                          QT_TRANSLATE_NOOP("EditCommands", "Add {n} tables"), count)
        super().__init__(controller, text)
        self.count, self.capacity = count, capacity
        self.created: list[table_svc.TableDTO] = []
        self.snapshots: list[table_svc.TableSnapshot] = []

    def do(self) -> None:
        if self.snapshots:
            self.created = self.call(table_svc.restore_tables, self.snapshots)
        elif self.count is None:
            self.created = [self.call(table_svc.add_table, capacity=self.capacity)]
        else:
            self.created = self.call(table_svc.add_tables, self.count, self.capacity)

    def revert(self) -> None:
        self.snapshots = self.call(table_svc.delete_tables, [t.id for t in self.created])


class DeleteTableCommand(ServiceCommand):
    changes = Changes.TABLES | Changes.SEATS | Changes.RESULTS | Changes.ATTENDEES

    def __init__(self, controller: EventController, table: table_svc.TableDTO) -> None:
        super().__init__(controller, QCoreApplication.translate("EditCommands", "Delete table {number}").format(number=table.number))
        self.table_id = table.id
        self.snapshots: list[table_svc.TableSnapshot] = []

    def do(self) -> None:
        self.snapshots = self.call(table_svc.delete_tables, [self.table_id])

    def revert(self) -> None:
        self.call(table_svc.restore_tables, self.snapshots)


class AddTopicCommand(ServiceCommand):
    changes = Changes.TOPICS

    def __init__(self, controller: EventController, title: str, problem_statement: str = "") -> None:
        super().__init__(controller, QCoreApplication.translate("EditCommands", "Add topic {title}").format(title=" ".join(title.split())))
        self.title, self.problem_statement = title, problem_statement
        self.result: topic_svc.TopicDTO | None = None
        self.snapshot: topic_svc.TopicSnapshot | None = None

    def do(self) -> None:
        if self.snapshot is None:
            self.result = self.call(topic_svc.add_topic, self.title, self.problem_statement)
        else:
            self.result = self.call(topic_svc.restore_topic, self.snapshot)

    def revert(self) -> None:
        assert self.result is not None
        self.snapshot = self.call(topic_svc.delete_topic, self.result.id)


class DeleteTopicCommand(ServiceCommand):
    changes = Changes.TOPICS | Changes.TABLES | Changes.RESULTS

    def __init__(self, controller: EventController, topic: topic_svc.TopicDTO) -> None:
        super().__init__(controller, QCoreApplication.translate("EditCommands", "Delete topic {title}").format(title=topic.title))
        self.topic_id = topic.id
        self.snapshot: topic_svc.TopicSnapshot | None = None

    def do(self) -> None:
        self.snapshot = self.call(topic_svc.delete_topic, self.topic_id)

    def revert(self) -> None:
        assert self.snapshot is not None
        self.call(topic_svc.restore_topic, self.snapshot)


class AssignTopicCommand(ServiceCommand):
    changes = Changes.TABLES | Changes.TOPICS

    def __init__(self, controller: EventController, table: table_svc.TableDTO, topic_id: int | None) -> None:
        super().__init__(controller, QCoreApplication.translate("EditCommands", "Set the topic of table {number}").format(number=table.number))
        self.table_id, self.new, self.old = table.id, topic_id, table.topic_id

    def do(self) -> None:
        self.call(topic_svc.assign_topic, self.table_id, self.new)

    def revert(self) -> None:
        self.call(topic_svc.assign_topic, self.table_id, self.old)


class ImportTablePlanCommand(ServiceCommand):
    """Apply a table plan; undo deletes the tables and topics it created and restores the rest."""

    changes = Changes.TABLES | Changes.TOPICS

    def __init__(self, controller: EventController, preview: TablePlanPreview, accept_good_rows: bool) -> None:
        super().__init__(controller, QCoreApplication.translate("EditCommands", "Import table plan"))
        self.preview, self.accept_good_rows = preview, accept_good_rows
        self.summary: TablePlanSummary | None = None
        self.before: dict[int, table_svc.TableDTO] = {}
        self.topics_before: set[int] = set()
        self.created_tables: list[int] = []
        self.created_topics: list[int] = []

    def do(self) -> None:
        ef = self.controller.event_file
        self.before = {t.id: t for t in table_svc.list_tables(ef)}
        self.topics_before = {t.id for t in topic_svc.list_topics(ef)}
        self.summary = self.call(import_svc.apply_table_plan, self.preview,
                                 accept_good_rows=self.accept_good_rows)
        self.created_tables = [t.id for t in table_svc.list_tables(ef) if t.id not in self.before]
        self.created_topics = [t.id for t in topic_svc.list_topics(ef) if t.id not in self.topics_before]

    def revert(self) -> None:
        ef = self.controller.event_file
        if self.created_tables:
            table_svc.delete_tables(ef, self.created_tables)
        for table in table_svc.list_tables(ef):
            old = self.before.get(table.id)
            if old is not None and (old.name, old.capacity, old.topic_id) != (
                    table.name, table.capacity, table.topic_id):
                topic_id = old.topic_id if old.topic_id in self.topics_before else None
                table_svc.update_table(ef, table.id, name=old.name, capacity=old.capacity, topic_id=topic_id)
        for topic_id in self.created_topics:
            topic_svc.delete_topic(ef, topic_id)
        self.controller.changed.emit(int(self.changes))
