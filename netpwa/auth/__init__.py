from netpwa.auth.views import bp  # noqa: F401
