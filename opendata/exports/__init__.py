"""Exports of the directory's public data: data·inclusion, HSDS and a spreadsheet."""
