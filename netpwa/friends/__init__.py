"""Friends at the same event: a join link, a shared board of counts, "who's here"."""

from netpwa.friends.views import bp  # noqa: F401
