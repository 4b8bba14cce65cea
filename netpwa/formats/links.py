"""Web links as people type them ("linkedin.com/in/ana") and as other apps write them."""

import re
from urllib.parse import urlsplit

SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def with_scheme(raw: str) -> str:
    """"linkedin.com/in/ana" as typed on a phone -> "https://linkedin.com/in/ana"; a link with
    a scheme (any scheme) is left as it is."""
    link = raw.strip()
    if link and not SCHEME_RE.match(link):
        link = "https://" + link
    return link


def is_web(url: str) -> bool:
    """An http(s) link with a host and no spaces."""
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and " " not in url


def web_link(raw: str, max_length: int) -> str:
    """The http(s) link in raw (scheme added when missing), or "" when it isn't one."""
    url = with_scheme(raw)
    return url if is_web(url) and len(url) <= max_length else ""
