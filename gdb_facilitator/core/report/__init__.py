"""After the event, on paper: the documentation report of the whole conference and the
invitations to the 100-day check-in (Qt-free; reportlab, reusing the sheets' styles).

``build_report_data`` / ``build_invitations`` read the event once into frozen view-models;
``render_report`` / ``render_invitations`` lay them out with labels the UI translated;
``write_report`` / ``write_invitations`` do both and replace the target file atomically.
"""

from gdb_facilitator.core.report.labels import InvitationLabels, ReportLabels
from gdb_facilitator.core.report.model import (
    InvitationData,
    ReportData,
    build_invitations,
    build_report_data,
)
from gdb_facilitator.core.report.render import (
    STATUS_COLOURS,
    render_invitations,
    render_report,
    write_invitations,
    write_report,
)

__all__ = ["STATUS_COLOURS", "InvitationData", "InvitationLabels", "ReportData", "ReportLabels",
           "build_invitations", "build_report_data", "render_invitations", "render_report",
           "write_invitations", "write_report"]
