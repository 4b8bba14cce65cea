"""My card: cleaning what the owner types, choosing what is public, and what each QR holds."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select

from netpwa.cards.models import CARD_FIELDS, CardProfile, new_slug
from netpwa.contacts.fields import EMAIL_RE, LIMITS as CONTACT_LIMITS, PHONE_RE
from netpwa.contacts.vcard import Channel, VCardEntry, multiline, squash
from netpwa.extensions import db

LABELS = {"name": "Name", "preferred_name": "The name I go by", "pronouns": "Pronouns", "headline": "Headline / role",
          "company": "Company", "email": "Email", "phone": "Phone", "website": "Website",
          "linkedin": "LinkedIn", "portfolio": "Behance or portfolio",
          "ask_me_about": "Ask me about", "pitch": "Elevator pitch"}
LIMITS = {"name": 200, "preferred_name": 60, "pronouns": 40, "headline": 200, "company": 200, "email": 254,
          "phone": 50, "website": 500, "linkedin": 500, "portfolio": 500, "ask_me_about": 120,
          "pitch": 1000}
LINK_FIELDS = ("website", "linkedin", "portfolio")
SLUG_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def card_of(user) -> CardProfile | None:
    """The user's card, if they have one (a read: pages call this)."""
    return db.session.scalar(select(CardProfile).where(CardProfile.owner_id == user.id))


def start_card(user) -> CardProfile:
    """A new card from the account's name and email, added to the session (the caller commits):
    at registration, or from "Set up my card" for an account made before cards existed."""
    profile = CardProfile(owner_id=user.id, name=user.display_name or "", email=user.email or "")
    db.session.add(profile)
    return profile


def card_for_change(user) -> CardProfile:
    """The card a POST changes, started first when there is none."""
    return card_of(user) or start_card(user)


def start_card_of_new_user(_app, user) -> None:
    """Receiver of auth.signals.registered (connected in create_app)."""
    start_card(user)


def by_slug(slug: str) -> CardProfile | None:
    """The card behind a public URL; None for unknown or retired slugs."""
    if not SLUG_RE.match(slug or ""):
        return None
    return db.session.scalar(select(CardProfile).where(CardProfile.slug == slug))


def regenerate_slug(profile: CardProfile) -> str:
    """A new unguessable URL; the old one stops working at once. No commit."""
    profile.slug = new_slug()
    return profile.slug


def _clean_link(field: str, raw: str) -> tuple[str, str | None]:
    link = squash(raw)
    if not link:
        return "", None
    if not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I):
        link = "https://" + link
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in link:
        return link, "Use a web address like https://example.com."
    if field == "linkedin" and not (parts.hostname or "").endswith("linkedin.com"):
        return link, "Use your LinkedIn address, like linkedin.com/in/your-name."
    return link, None


def clean_card_fields(form) -> tuple[dict, dict[str, str]]:
    """The card fields from a form, cleaned so they can never break a vCard or a page.

    Every field but the pitch becomes one line (a newline or a control character could
    start a new vCard property); public fields come from the `public` checkboxes.
    """
    values: dict = {}
    errors: dict[str, str] = {}
    for name in CARD_FIELDS:
        raw = str(form.get(name, "") or "")
        text = multiline(raw) if name == "pitch" else squash(raw)
        if len(text) > LIMITS[name]:
            errors[name] = f"Keep this under {LIMITS[name]:,} characters (it has {len(text):,})."
        values[name] = text
    if not values["name"] and "name" not in errors:
        errors["name"] = "Enter the name people should see."
    if values["email"]:
        values["email"] = values["email"].lower()
        if not EMAIL_RE.match(values["email"]):
            errors["email"] = "That email doesn't look right, e.g. ana@example.com."
    if values["phone"] and not PHONE_RE.match(values["phone"]):
        errors["phone"] = "Use digits, spaces and + ( ) - only."
    for name in LINK_FIELDS:
        if values[name] and name not in errors:
            values[name], error = _clean_link(name, values[name])
            if error:
                errors[name] = error
    chosen = set(form.getlist("public")) if hasattr(form, "getlist") else set(
        form.get("public", []))
    values["public_fields"] = ",".join(f for f in CARD_FIELDS if f in chosen)
    return values, errors


def public_values(profile: CardProfile) -> dict[str, str]:
    """The fields a visitor may see, in card order, empty ones left out."""
    return {name: getattr(profile, name) for name in CARD_FIELDS
            if name in profile.public and getattr(profile, name)}


@dataclass(frozen=True)
class QrContents:
    """Exactly what each QR payload holds, as (label, value) pairs shown to the owner."""

    url: list[tuple[str, str]]
    vcard: list[tuple[str, str]]


def card_entry(profile: CardProfile, card_url: str) -> tuple[VCardEntry, list[tuple[str, str]]]:
    """The vCard of the public card (plus its URL), and the list of what went into it."""
    shown = public_values(profile)
    included: list[tuple[str, str]] = []
    name = shown.get("name") or "Card"
    included.append(("Name", name))
    entry = VCardEntry(name=name)
    if shown.get("headline"):
        entry.title = shown["headline"]
        included.append((LABELS["headline"], shown["headline"]))
    if shown.get("company"):
        entry.org = shown["company"]
        included.append((LABELS["company"], shown["company"]))
    if shown.get("phone"):
        entry.phones.append(Channel(shown["phone"], ("cell",)))
        included.append((LABELS["phone"], shown["phone"]))
    if shown.get("email"):
        entry.emails.append(Channel(shown["email"], ("internet",)))
        included.append((LABELS["email"], shown["email"]))
    entry.urls.append(Channel(card_url))
    included.append(("Card link", card_url))
    for field in LINK_FIELDS:
        if shown.get(field):
            entry.urls.append(Channel(shown[field]))
            included.append((LABELS[field], shown[field]))
    note = []
    for field in ("pronouns", "ask_me_about", "pitch"):
        if shown.get(field):
            note.append(f"{LABELS[field]}: {shown[field]}")
            included.append((LABELS[field], shown[field]))
    entry.note = "\n".join(note)
    return entry, included


def qr_contents(profile: CardProfile, card_url: str) -> QrContents:
    """What the URL QR and the offline vCard QR each carry."""
    _entry, included = card_entry(profile, card_url)
    return QrContents(url=[("Card link", card_url)], vcard=included)


def card_as_contact(profile: CardProfile, card_url: str) -> dict:
    """The public side of a card as contact values (nothing private)."""
    shown = public_values(profile)
    link = next((shown[f] for f in ("linkedin", "website", "portfolio") if shown.get(f)),
                card_url)
    notes = [f"Card: {card_url}"]
    for field, label in (("pronouns", "Pronouns"), ("ask_me_about", "Ask me about"),
                         ("pitch", "Pitch")):
        if shown.get(field):
            notes.append(f"{label}: {shown[field]}")
    notes += [shown[f] for f in LINK_FIELDS if shown.get(f) and shown[f] != link]
    return {"name": (shown.get("name") or "Card")[:CONTACT_LIMITS["name"]],
            "headline": shown.get("headline", "")[:CONTACT_LIMITS["headline"]],
            "company": shown.get("company", "")[:CONTACT_LIMITS["company"]],
            "email": shown.get("email", ""), "phone": shown.get("phone", ""),
            "link": link[:CONTACT_LIMITS["link"]], "notes": "\n".join(notes)[:CONTACT_LIMITS["notes"]]}
