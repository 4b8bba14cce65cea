from netpwa.contacts.views import bp  # noqa: F401
