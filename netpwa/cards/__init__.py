from netpwa.cards.views import bp  # noqa: F401
