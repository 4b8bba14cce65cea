"""The question bank: read it by category, add, edit, hide and reorder. Request-free."""

from dataclasses import dataclass

from sqlalchemy import func, select

from netpwa.extensions import db
from netpwa.forms import strip_controls
from netpwa.interviews.models import QUESTION_MAX, Question
from netpwa.interviews.shipped import CATEGORIES, CATEGORY_KEYS, HEADINGS


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    use: str
    shown: list[Question]
    hidden: list[Question]


def questions(owner_id: int, categories=CATEGORY_KEYS, *, include_hidden: bool = True):
    query = (select(Question).where(Question.owner_id == owner_id,
                                    Question.category.in_(categories))
             .order_by(Question.position, Question.id))
    if not include_hidden:
        query = query.where(Question.hidden.is_(False))
    return db.session.scalars(query).all()


def sections(owner_id: int, categories=CATEGORY_KEYS) -> list[Section]:
    """The bank grouped the way it is shown: each category with its shown and hidden questions."""
    rows = questions(owner_id, categories)
    return [Section(key, heading, use,
                    [q for q in rows if q.category == key and not q.hidden],
                    [q for q in rows if q.category == key and q.hidden])
            for key, heading, use in CATEGORIES if key in categories]


def clean_text(raw) -> tuple[str, str | None]:
    """A question's text and an error message (None when it is fine)."""
    text = " ".join(strip_controls(raw or "").split())
    if not text:
        return text, "Type the question."
    if len(text) > QUESTION_MAX:
        return text, (f"Keep a question under {QUESTION_MAX} characters "
                      f"(this one has {len(text):,}).")
    return text, None


def clean_category(raw) -> str | None:
    return raw if raw in CATEGORY_KEYS else None


def add(owner_id: int, category: str, text: str) -> Question:
    """A new question at the end of its category. No commit."""
    last = db.session.scalar(select(func.max(Question.position)).where(
        Question.owner_id == owner_id, Question.category == category)) or 0
    question = Question(owner_id=owner_id, category=category, text=text, position=last + 10)
    db.session.add(question)
    return question


def move(question: Question, step: int) -> None:
    """Swap with the neighbour above (-1) or below (+1) among the shown questions. No commit."""
    shown = [q for q in questions(question.owner_id, (question.category,)) if not q.hidden]
    _renumber(shown)
    index = next((i for i, q in enumerate(shown) if q.id == question.id), None)
    if index is None:
        return
    other = index + step
    if 0 <= other < len(shown):
        shown[index].position, shown[other].position = shown[other].position, shown[index].position


def _renumber(rows: list[Question]) -> None:
    """Positions 10 apart, so ties (two added at once) never make a move a no-op."""
    for index, row in enumerate(rows, start=1):
        row.position = index * 10


def heading(category: str) -> str:
    return HEADINGS.get(category, category)
