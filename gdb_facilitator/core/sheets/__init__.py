"""Printed sheets: team result sheets with follow-up QR codes, blank worksheets, table
tents and the registration desk's lists (Qt-free; reportlab + qrcode).

``build_sheet_data`` reads the event once into frozen view-models, ``render_pdf`` lays
them out with the ``SheetLabels`` the UI translated, ``write_sheets`` does both and
replaces the target file atomically.
"""

from gdb_facilitator.core.sheets.labels import SheetLabels
from gdb_facilitator.core.sheets.model import KINDS, SheetData, build_sheet_data
from gdb_facilitator.core.sheets.render import render_pdf, write_sheets

__all__ = ["KINDS", "SheetData", "SheetLabels", "build_sheet_data", "render_pdf", "write_sheets"]
