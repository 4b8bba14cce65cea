"""The one place that knows how we talk to htmx, so the integration can be swapped here."""

from flask import Response, render_template, request
from htmx_flask import Htmx
from htmx_flask import make_response as htmx_response

_htmx = Htmx()


def init_app(app):
    _htmx.init_app(app)


def is_htmx() -> bool:
    """True for requests htmx made (HX-Request: true), which want a fragment.

    A history restore (Back after an hx-push-url, with the history cache off) also says
    HX-Request, but htmx swaps its answer in as the whole body: it needs the full page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def page_or_fragment(page: str, fragment: str, **context) -> Response:
    """Serve the full page to browsers and the fragment alone to htmx, varying the cache on it."""
    body = render_template(fragment if is_htmx() else page, **context)
    response = htmx_response(body)
    response.vary.add("HX-Request")
    return response


def respond(body: str, status: int = 200, **htmx_headers) -> Response:
    """A fragment response with optional htmx headers (trigger=..., redirect=..., push_url=...)."""
    response = htmx_response(body, status, **htmx_headers)
    return response
