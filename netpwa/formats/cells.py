"""Spreadsheet cells that stay text: CSV/formula injection."""

# Spreadsheet apps run a cell that starts with one of these as a formula (and a tab or carriage
# return can hide the start from the eye), so text typed by someone else (a scanned card, an
# imported list) could run in the owner's spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def safe_cell(value):
    """A text cell that would start a formula gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and starts_formula(value):
        return "'" + value
    return value
