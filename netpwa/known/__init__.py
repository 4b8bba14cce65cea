from netpwa.known.views import bp  # noqa: F401
