"""The one place interviews write to the follow-up notebook (netpwa.notebook) and to outreach's
"introduced by", so the rest of the package never depends on how they store things."""

from netpwa.contacts.models import Contact
from netpwa.notebook.service import log_interaction
from netpwa.outreach import referrals



def log(owner_id: int, contact_id: int, kind: str, *, occurred_on=None, text=None,
        helped=None):
    """An interaction on the contact's timeline. No commit."""
    return log_interaction(owner_id, contact_id, kind, occurred_on=occurred_on, text=text,
                           helped=helped, commit=False)


def introduced(contact: Contact, introducer: Contact) -> str | None:
    """Outreach's "introduced by": set when the contact has no referrer yet (one linked from
    an earlier introduction keeps theirs). The error text for a loop, else None. No commit."""
    if referrals.referrer_of(contact) is not None:
        return None
    return referrals.set_referrer(contact, introducer)
