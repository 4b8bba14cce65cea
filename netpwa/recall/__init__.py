"""Learn their names: a recall drill with Leitner-box spaced repetition (issue 17)."""

from netpwa.recall.views import bp  # noqa: F401
