"""Double opt-in intros: ask A, A agrees, ask B, B agrees, introduce both. Request-free.

Every step is written on both people's timelines, so each contact page tells the story.
"""

from sqlalchemy import or_, select

from netpwa.contacts.models import Contact
from netpwa.extensions import db, now_utc
from netpwa.outreach import timeline
from netpwa.outreach.models import INTRO_ENDED, INTRO_STATES, Intro

LABELS = {"asked_a": "Asked {a}", "a_agreed": "{a} agreed", "asked_b": "Asked {b}",
          "b_agreed": "{b} agreed", "sent": "Intro sent", "declined": "Stopped"}
# What each step writes on both timelines.
LOG_TEXT = {
    "asked_a": "Asked {a} whether they'd like an intro to {b}",
    "a_agreed": "{a} agreed to an intro to {b}",
    "asked_b": "Asked {b} whether they'd like an intro to {a}",
    "b_agreed": "{b} agreed to an intro to {a}",
    "sent": "Introduced {a} and {b}",
    "declined": "Intro between {a} and {b} stopped: {who} declined",
}


def next_state(state: str) -> str | None:
    if state in INTRO_ENDED:
        return None
    return INTRO_STATES[INTRO_STATES.index(state) + 1]


def words(intro: Intro, state: str, a: Contact, b: Contact, template=LABELS) -> str:
    who = a.name if intro.state in ("asked_a",) else b.name
    return template[state].format(a=a.name, b=b.name, who=who)


def people(intro: Intro) -> tuple[Contact, Contact]:
    return db.session.get(Contact, intro.a_id), db.session.get(Contact, intro.b_id)


def _log_both(intro: Intro, state: str, a: Contact, b: Contact) -> None:
    text = words(intro, state, a, b, LOG_TEXT)
    for person in (a, b):
        timeline.log(intro.owner_id, person, "intro", text)


def _trashed(a: Contact, b: Contact) -> str | None:
    for person in (a, b):
        if person.deleted_at is not None:
            return f"{person.name} is in the trash. Restore them to carry on with this intro."
    return None


def start(owner_id: int, a: Contact, b: Contact, note: str = "") -> tuple[Intro | None, str | None]:
    """A new intro in state "asked A". No commit."""
    if a.id == b.id:
        return None, "Pick two different people to introduce."
    error = _trashed(a, b)
    if error:
        return None, error
    intro = Intro(owner_id=owner_id, a_id=a.id, b_id=b.id, state="asked_a", note=note)
    db.session.add(intro)
    _log_both(intro, "asked_a", a, b)
    return intro, None


def advance(intro: Intro, to: str) -> str | None:
    """Move to the next step. `to` must be that step: a double tap changes nothing twice."""
    a, b = people(intro)
    if to != next_state(intro.state):
        return ("This intro is finished." if intro.state in INTRO_ENDED
                else "That step was already recorded.")
    error = _trashed(a, b)
    if error:
        return error
    intro.state = to
    intro.updated_at = now_utc()
    _log_both(intro, to, a, b)
    return None


def decline(intro: Intro) -> str | None:
    """The person just asked said no: the intro stops (on both timelines)."""
    if intro.state not in ("asked_a", "asked_b"):
        return "Only the person you asked can decline."
    a, b = people(intro)
    error = _trashed(a, b)
    if error:
        return error
    text = words(intro, "declined", a, b, LOG_TEXT)
    intro.state = "declined"
    intro.updated_at = now_utc()
    for person in (a, b):
        timeline.log(intro.owner_id, person, "intro", text)
    return None


def mine(owner_id: int) -> list[Intro]:
    return list(db.session.scalars(select(Intro).where(Intro.owner_id == owner_id)
                                   .order_by(Intro.updated_at.desc(), Intro.id.desc())))


def involving(contact: Contact) -> list[Intro]:
    return list(db.session.scalars(select(Intro).where(
        Intro.owner_id == contact.owner_id,
        or_(Intro.a_id == contact.id, Intro.b_id == contact.id))
        .order_by(Intro.updated_at.desc(), Intro.id.desc())))


def next_message(intro: Intro) -> tuple[str, str, str] | None:
    """(who to write to: "a"/"b", template key, the button's words) for the step at hand."""
    return {"asked_a": ("a", "intro-ask", "Write to {a}: would they like an intro?"),
            "a_agreed": ("b", "intro-ask", "Write to {b}: would they like an intro?"),
            "b_agreed": ("a", "intro-make", "Write the intro to both")}.get(intro.state)
