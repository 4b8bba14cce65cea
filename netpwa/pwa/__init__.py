from netpwa.pwa.views import bp  # noqa: F401
