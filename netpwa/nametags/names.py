"""Given and family names for name tags: the splitting itself lives in netpwa.formats.names,
shared with the vCard's N and the spreadsheet export (contacts sits below nametags)."""

from netpwa.formats.names import PARTICLES, SUFFIXES, family_sort_key, split_name

__all__ = ["PARTICLES", "SUFFIXES", "family_sort_key", "split_name"]
