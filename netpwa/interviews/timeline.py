"""The one place interviews write to the follow-up notebook (netpwa.notebook) and to outreach's
"introduced by", so the rest of the package never depends on how they store things."""

import importlib


def _notebook(module: str):
    """The notebook's module, or None until it lands on main (then this becomes a plain import)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def log(owner_id: int, contact_id: int, kind: str, *, occurred_on=None, text=None):
    """An interaction on the contact's timeline."""
    notebook = _notebook("netpwa.notebook.service")
    if notebook is None:
        return None
    return notebook.log_interaction(owner_id, contact_id, kind, occurred_on=occurred_on,
                                    text=text, commit=False)


def introduced(owner_id: int, contact_id: int, introducer_id: int) -> None:
    """Record that introducer_id introduced contact_id (outreach's referrals)."""
    return None
