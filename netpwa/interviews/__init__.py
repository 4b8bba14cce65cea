from netpwa.interviews import calendar  # noqa: F401 (adds interviews to the calendar feed)
from netpwa.interviews import interview_views  # noqa: F401 (adds the interview routes to bp)
from netpwa.interviews import reminders  # noqa: F401 (adds "tell them how it went" to Follow-ups)
from netpwa.interviews.views import bp  # noqa: F401
