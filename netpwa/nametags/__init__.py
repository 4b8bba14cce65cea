from netpwa.nametags.views import bp  # noqa: F401
