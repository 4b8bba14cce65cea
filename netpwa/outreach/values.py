"""What each placeholder means for one contact: the values a template is filled with."""

from netpwa.contacts.models import Contact
from netpwa.nametags.names import split_name
from netpwa.outreach import timeline
from netpwa.outreach.profile import MyProfile
from netpwa.outreach.referrals import referrer_of

MAX_TALKED_ABOUT = 300


def first_name(name: str) -> str:
    given, family = split_name(name or "")
    return given or family


def day_words(day) -> str:
    """"12 March 2026": unambiguous in every country, unlike 12/03."""
    return f"{day.day} {day:%B %Y}"


def about(contact: Contact) -> str:
    """One line on who they are, for intros: "product lead at Acme"."""
    if contact.headline and contact.company:
        return f"{contact.headline} at {contact.company}"
    return contact.headline or contact.company or contact.mnemonic


def contact_values(contact: Contact, me: MyProfile, *, other: Contact | None = None) -> dict:
    facts = timeline.facts(contact)
    referrer = referrer_of(contact)
    talked = "; ".join(text for text in (contact.notes.strip().split("\n")[0].strip()
                                         if contact.notes else "", facts.last_text) if text)
    if len(talked) > MAX_TALKED_ABOUT:
        talked = talked[:MAX_TALKED_ABOUT].rsplit(" ", 1)[0] + "…"
    values = {
        "first_name": first_name(contact.name),
        "event": contact.event.name if contact.event is not None else "",
        "met_on": day_words(facts.met_on) if facts.met_on else "",
        "what_we_talked_about": talked,
        "my_name": me.name,
        "my_pitch": me.pitch,
        "my_superpowers": me.superpowers,
        "my_goals": me.career_goals,
        "what_helped": facts.what_helped,
        "referrer": referrer.name if referrer is not None and referrer.deleted_at is None else "",
    }
    if other is not None:
        values["other_name"] = first_name(other.name) if other.name else ""
        values["other_about"] = about(other)
    return values
