"""Spreadsheet cells that stay text: CSV/formula injection (OWASP "CSV Injection")."""

import re

# Spreadsheet apps run a cell that starts with one of these as a formula (and a tab or carriage
# return can hide the start from the eye), so text typed by someone else (a scanned card, an
# imported list) could run in the owner's spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A phone number ("+46 70 123 45 67", "(555) 010-0100", "-12.5"): at worst arithmetic, never a
# function call, a link or DDE, so it is written as typed rather than spoiled with an apostrophe.
_PLAIN_NUMBER = re.compile(r"[0-9 +\-().]+")


def starts_formula(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def needs_protection(value: str) -> bool:
    """Whether a spreadsheet could run this text as a formula."""
    return starts_formula(value) and not _PLAIN_NUMBER.fullmatch(value)


def safe_cell(value):
    """A text cell that could start a formula gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and needs_protection(value):
        return "'" + value
    return value
