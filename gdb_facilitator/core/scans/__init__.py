"""Scanned worksheets coming back from the copier (Qt-free).

``sources`` finds the pages in PDF files, images and folders and renders them;
``analysis`` reads one page: the team's QR code, which way up it is, whether it is an
empty back, a compact image to keep and a fingerprint to recognise the same sheet
scanned twice. :mod:`gdb_facilitator.core.services.scans` stores the pages in the event.
"""
