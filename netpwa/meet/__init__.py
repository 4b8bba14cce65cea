from netpwa.meet.views import bp  # noqa: F401
