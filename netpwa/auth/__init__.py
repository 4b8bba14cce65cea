from netpwa.auth.views import bp  # noqa: F401
from netpwa.auth import account_views  # noqa: F401,E402 (adds the account routes to bp)
