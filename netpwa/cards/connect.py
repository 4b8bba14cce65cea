"""Connect from a card page: a visitor lands in the owner's contacts; two users swap cards."""

from sqlalchemy import select

from netpwa.auth.models import User
from netpwa.cards.models import CardProfile
from netpwa.cards.profile import card_as_contact, public_values
from netpwa.contacts import service
from netpwa.contacts.duplicates import fill_blanks, find_duplicate
from netpwa.contacts.fields import LIMITS, clean_contact_fields
from netpwa.contacts.models import Contact
from netpwa.contacts.vcard import squash
from netpwa.events.models import Event
from netpwa.extensions import db

VISITOR_LINE_LIMIT = 200


def event_of(user: User) -> int | None:
    """The user's current event id, if it still exists and is theirs (captures count there)."""
    if user.current_event_id is None:
        return None
    event = db.session.get(Event, user.current_event_id)
    return event.id if event is not None and event.owner_id == user.id else None


def clean_visitor(form) -> tuple[dict, dict[str, str]]:
    """Name, email and one line from the public Connect form."""
    line = squash(str(form.get("line", "") or ""))
    values, errors = clean_contact_fields(
        {"name": form.get("name", ""), "email": form.get("email", "")}, partial=False)
    if not values.get("email") and "email" not in errors:
        errors["email"] = "Enter your email so they can reach you."
    if len(line) > VISITOR_LINE_LIMIT:
        errors["line"] = f"Keep this under {VISITOR_LINE_LIMIT} characters."
    values["notes"] = line
    return values, errors


def _store(owner: User, values: dict, *, uuid: str | None, source: str) -> Contact:
    """A new contact at the owner's current event, or the existing one with blanks filled."""
    existing = find_duplicate(owner.id, values)
    if existing is not None:
        fill_blanks(existing, values)
        db.session.commit()
        return existing
    contact, _created = service.create_contact(owner.id, dict(values), uuid=uuid,
                                               event_id=event_of(owner), source=source)
    return contact


def connect_visitor(profile: CardProfile, values: dict, uuid: str | None = None) -> Contact:
    """A visitor who isn't a user: they land in the owner's contacts, at the owner's event."""
    owner = db.session.get(User, profile.owner_id)
    values = dict(values, notes=f"Connected from your card: {values['notes']}"
                  if values.get("notes") else "Connected from your card.")
    return _store(owner, values, uuid=uuid, source="connect")


def shared_by(user: User) -> CardProfile | None:
    return db.session.scalar(select(CardProfile).where(CardProfile.owner_id == user.id))


def what_user_shares(user: User, card_url_for) -> dict:
    """What a logged-in user hands over on Connect: their public card, or name and email."""
    profile = shared_by(user)
    if profile is not None and public_values(profile).get("name"):
        # Connect is a deliberate swap: the public card, and an email to reach them by even
        # when the card keeps its own private (the Connect button says so before the tap).
        values = card_as_contact(profile, card_url_for(profile.slug))
        values["email"] = values["email"] or user.email
        return values
    name = user.display_name or user.email.split("@")[0]
    return {"name": name[:LIMITS["name"]], "email": user.email, "notes": ""}


def connect_users(profile: CardProfile, visitor: User, card_url_for) -> tuple[Contact, Contact]:
    """Two users swap: each gets the other, counted at their own current event.

    card_url_for(slug) builds a card's public URL (the views know the host).
    """
    owner = db.session.get(User, profile.owner_id)
    for_visitor = _store(visitor, card_as_contact(profile, card_url_for(profile.slug)),
                         uuid=None, source="connect")
    for_owner = _store(owner, what_user_shares(visitor, card_url_for), uuid=None,
                       source="connect")
    return for_owner, for_visitor
