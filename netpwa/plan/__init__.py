from netpwa.plan.views import bp  # noqa: F401
