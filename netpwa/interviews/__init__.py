from netpwa.interviews import interview_views  # noqa: F401 (adds the interview routes to bp)
from netpwa.interviews.views import bp  # noqa: F401
