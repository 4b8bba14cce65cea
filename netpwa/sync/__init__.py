from netpwa.sync.views import bp  # noqa: F401
