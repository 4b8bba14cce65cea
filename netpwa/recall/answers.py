"""Record an answer: check it, move the name's Leitner box, once per answer id.

The same function serves the drill's own form and the phone's outbox (netpwa.sync), so an
answer made offline and replayed is counted exactly once.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.recall import leitner
from netpwa.recall.models import RecallAnswer, RecallCard
from netpwa.recall.names import MAX_ANSWER, answer_problem, is_right


class AnswerError(Exception):
    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message, self.field = message, field


@dataclass(frozen=True)
class Outcome:
    correct: bool
    box: int
    due_on: date
    duplicate: bool = False


def check(contact: Contact, fields: dict) -> tuple[bool, str]:
    """(right?, what to keep of the answer) from {"answer": typed} or {"choice": uuid}."""
    choice = fields.get("choice")
    if choice not in (None, ""):
        if not isinstance(choice, str) or len(choice) > 36:
            raise AnswerError("Pick one of the names shown.", "choice")
        return choice.lower() == contact.uuid.lower(), "choice"
    answer = fields.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        raise AnswerError("Type their name, or pick one of the four.", "answer")
    problem = answer_problem(answer)
    if problem:
        raise AnswerError(problem, "answer")
    return is_right(answer, contact.name), answer.strip()[:MAX_ANSWER]


def record(owner_id: int, contact: Contact, fields: dict, answer_id: str,
           answered_on: date) -> Outcome:
    """Check and store one answer (not committed). A replayed answer_id changes nothing."""
    correct, given = check(contact, fields)
    card = db.session.scalar(select(RecallCard).where(RecallCard.contact_id == contact.id,
                                                      RecallCard.owner_id == owner_id))
    seen = db.session.scalar(select(RecallAnswer).where(
        RecallAnswer.owner_id == owner_id, RecallAnswer.answer_id == answer_id))
    if seen is not None:
        return Outcome(seen.correct, card.box if card else 1,
                       card.due_on if card else answered_on, duplicate=True)
    step = leitner.next_step(card.box if card else None, correct, answered_on)
    if card is None:
        card = RecallCard(owner_id=owner_id, contact_id=contact.id, box=step.box,
                          due_on=step.due_on)
        db.session.add(card)
    card.box, card.due_on, card.last_answered_on = step.box, step.due_on, answered_on
    if correct:
        card.right_count = (card.right_count or 0) + 1
    else:
        card.wrong_count = (card.wrong_count or 0) + 1
    db.session.add(RecallAnswer(owner_id=owner_id, answer_id=answer_id, contact_id=contact.id,
                                correct=correct, given=given, answered_on=answered_on))
    return Outcome(correct, step.box, step.due_on)
