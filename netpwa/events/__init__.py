from netpwa.events.views import bp  # noqa: F401
