from netpwa.interviews.views import bp  # noqa: F401
