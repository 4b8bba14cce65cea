from netpwa.outreach import intro_views, referral_views, reminder_views  # noqa: F401 (routes)
from netpwa.outreach import referral_due  # noqa: F401 (joins the notebook's due list)
from netpwa.outreach.views import bp  # noqa: F401
