"""How often to check in with a person: the keys, labels and date arithmetic live in
netpwa.formats.cadence, so the contacts export (below the notebook) can name a cadence too."""

from netpwa.formats.cadence import CADENCES, DEFAULT, add_months, label, next_due

__all__ = ["CADENCES", "DEFAULT", "add_months", "label", "next_due"]
