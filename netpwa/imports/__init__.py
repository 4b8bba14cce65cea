from netpwa.imports.views import bp  # noqa: F401
