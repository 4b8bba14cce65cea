"""Every table, imported in one place so that create_all and Alembic see the whole schema."""

from netpwa.auth.models import User  # noqa: F401
from netpwa.cards.models import CardProfile  # noqa: F401
from netpwa.contacts.models import (  # noqa: F401
    Contact, ContactChannel, ContactHistory, ContactPhoto, SyncClock)
from netpwa.notebook.models import Interaction, InteractionHistory  # noqa: F401
from netpwa.events.models import Event, RecordMark  # noqa: F401
from netpwa.friends.models import EventFriend, EventShare, FriendSetting  # noqa: F401
from netpwa.interviews.models import (CareerPath, ContactPath, Interview,  # noqa: F401
                                      InterviewQuestion, InterviewReferral, Question)
from netpwa.imports.models import ImportBatch, ImportChange, ImportMapping  # noqa: F401
from netpwa.known.models import KnownPerson  # noqa: F401
from netpwa.nametags.models import TagBatch, TagCalibration, TagStock  # noqa: F401
from netpwa.plan.models import HabitTick, Plan, PlanTarget  # noqa: F401
from netpwa.recall.models import RecallAnswer, RecallCard  # noqa: F401
from netpwa.sync.models import SyncReceipt  # noqa: F401
from netpwa.throttle import RateLimitCounter  # noqa: F401
from netpwa.outreach.models import (Intro, MessageTemplate, OutreachProfile,  # noqa: F401
                                    Referral, ReferralUpdate)
