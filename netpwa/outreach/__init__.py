from netpwa.outreach import intro_views, referral_views, reminder_views  # noqa: F401 (routes)
from netpwa.outreach.views import bp  # noqa: F401
