"""Leitner boxes: right moves a name up a box and its next review further out; wrong sends
it back to box 1, due the next day.

Why Leitner rather than SM-2: a name is either recalled or not (no 0-5 grade to ask for on a
phone at a venue), and boxes are easy to explain ("box 3 of 6: next in 4 days").
"""

from dataclasses import dataclass
from datetime import date, timedelta

# Days until the next review for a name in box 1 … 6.
BOX_DAYS = (1, 2, 4, 8, 16, 32)
TOP_BOX = len(BOX_DAYS)
# A name in this box or higher was right the last time: "a name you know".
KNOWN_BOX = 2


@dataclass(frozen=True)
class Step:
    box: int
    due_on: date


def next_step(box: int | None, correct: bool, answered_on: date) -> Step:
    """Where a name goes after an answer; box None is a name never practised."""
    if not correct:
        return Step(1, answered_on + timedelta(days=BOX_DAYS[0]))
    new_box = 1 if box is None else min(box + 1, TOP_BOX)
    # A first right answer still earns box 2: it was recalled without any practice.
    if box is None:
        new_box = 2
    return Step(new_box, answered_on + timedelta(days=BOX_DAYS[new_box - 1]))
