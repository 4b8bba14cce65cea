from netpwa.contacts import review_views  # noqa: F401 (adds the review routes to bp)
from netpwa.contacts.views import bp  # noqa: F401
