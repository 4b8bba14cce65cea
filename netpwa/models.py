"""Every table, imported in one place so that create_all and Alembic see the whole schema."""

from netpwa.auth.models import User  # noqa: F401
from netpwa.cards.models import CardProfile  # noqa: F401
from netpwa.contacts.models import Contact, ContactChannel, ContactHistory, SyncClock  # noqa: F401
from netpwa.events.models import Event  # noqa: F401
from netpwa.nametags.models import TagBatch, TagCalibration, TagStock  # noqa: F401
from netpwa.recall.models import RecallAnswer, RecallCard  # noqa: F401
from netpwa.sync.models import SyncReceipt  # noqa: F401
from netpwa.throttle import RateLimitCounter  # noqa: F401
