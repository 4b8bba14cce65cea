"""My profile for messages: name, elevator pitch (shared with my card), superpowers, goals.

Other capabilities (interview prep) read it through `my_profile`, which never writes.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from netpwa.auth.models import User
from netpwa.cards.models import CardProfile
from netpwa.contacts.vcard import multiline
from netpwa.extensions import db
from netpwa.outreach.models import OutreachProfile

LIMITS = {"pitch": 1000, "superpowers": 1000, "career_goals": 1000}
LABELS = {"pitch": "Elevator pitch", "superpowers": "My superpowers (what I can offer others)",
          "career_goals": "My career goals"}
HINTS = {"pitch": "A few sentences: who you are, what you do, what you're looking for. "
                  "It is also the pitch on your card.",
         "superpowers": "e.g. reviewing CVs, Python and data pipelines, introductions in "
                        "the Lisbon design scene",
         "career_goals": "e.g. move from support into product management within a year"}


@dataclass(frozen=True)
class MyProfile:
    name: str
    pitch: str
    superpowers: str
    career_goals: str


def my_profile(owner_id: int) -> MyProfile:
    """What fills {my_name}, {my_pitch}, {my_superpowers} and {my_goals}; blanks when unset."""
    card = db.session.scalar(select(CardProfile).where(CardProfile.owner_id == owner_id))
    mine = db.session.scalar(select(OutreachProfile).where(OutreachProfile.owner_id == owner_id))
    user = db.session.get(User, owner_id)
    name = (card.name if card is not None and card.name else "") or (
        user.display_name if user is not None else "")
    return MyProfile(name=name, pitch=card.pitch if card is not None else "",
                     superpowers=mine.superpowers if mine is not None else "",
                     career_goals=mine.career_goals if mine is not None else "")


def settings_for(owner_id: int) -> OutreachProfile | None:
    return db.session.scalar(select(OutreachProfile).where(OutreachProfile.owner_id == owner_id))


def ensure_settings(owner_id: int) -> OutreachProfile:
    """The row, made on first save (POST only: GET handlers never write). No commit."""
    row = settings_for(owner_id)
    if row is None:
        row = OutreachProfile(owner_id=owner_id)
        db.session.add(row)
        try:
            with db.session.begin_nested():
                db.session.flush()
        except IntegrityError:
            row = settings_for(owner_id)
    return row


def ensure_card(owner_id: int) -> CardProfile:
    card = db.session.scalar(select(CardProfile).where(CardProfile.owner_id == owner_id))
    if card is None:
        user = db.session.get(User, owner_id)
        card = CardProfile(owner_id=owner_id, name=user.display_name or "", email=user.email)
        db.session.add(card)
    return card


def clean_profile(form) -> tuple[dict[str, str], dict[str, str]]:
    values, errors = {}, {}
    for name, limit in LIMITS.items():
        text = multiline(str(form.get(name, "") or ""))
        if len(text) > limit:
            errors[name] = f"Keep this under {limit:,} characters (it has {len(text):,})."
        values[name] = text
    return values, errors


def save_profile(owner_id: int, values: dict[str, str]) -> None:
    """Pitch onto my card, the rest onto my outreach profile. No commit."""
    ensure_card(owner_id).pitch = values["pitch"]
    row = ensure_settings(owner_id)
    row.superpowers = values["superpowers"]
    row.career_goals = values["career_goals"]
