"""Reusable widgets: the agenda editor, the timer display."""
