"""Outreach's API for the packages above it (interviews, known): stable signatures.

- `my_profile(owner_id)` → name, pitch, superpowers, career goals (read-only).
- `all_templates(owner_id)`, `find_template(owner_id, ref)`: my templates (defaults as I
  edited them, then mine); `fill_for(owner_id, contact, ref, other=None)` → a `Draft`
  (subject, body, gaps) or None for an unknown ref.
- `record_referral(owner_id, contact_id, referrer_id)` → None, or the reason it was refused
  (a loop, a trashed referrer). Raises werkzeug NotFound for ids that aren't the owner's.
  No commit.
- `referrer_of(contact)`, `introduced_to(contact)`.
"""

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from netpwa.contacts.models import Contact
from netpwa.extensions import db
from netpwa.outreach.compose import Draft, draft
from netpwa.outreach.messages import all_templates, find as find_template  # noqa: F401
from netpwa.outreach.profile import MyProfile, my_profile  # noqa: F401
from netpwa.outreach.referrals import introduced_to, referrer_of, set_referrer  # noqa: F401


def fill_for(owner_id: int, contact: Contact, ref: str, other: Contact | None = None
             ) -> Draft | None:
    template = find_template(owner_id, ref)
    return draft(owner_id, contact, template, other) if template is not None else None


def record_referral(owner_id: int, contact_id: int, referrer_id: int) -> str | None:
    people = {c.id: c for c in db.session.scalars(select(Contact).where(
        Contact.owner_id == owner_id, Contact.id.in_([contact_id, referrer_id])))}
    if contact_id not in people or referrer_id not in people:
        raise NotFound()
    return set_referrer(people[contact_id], people[referrer_id])
