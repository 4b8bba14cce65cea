from netpwa.pwa import static_files  # noqa: F401 (hashed, cached, compressed static files)
from netpwa.pwa.views import bp  # noqa: F401
