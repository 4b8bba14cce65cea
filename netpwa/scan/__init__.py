from netpwa.scan.views import bp  # noqa: F401
