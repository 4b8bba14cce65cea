"""Text as people type or paste it: control characters out, one line or several."""

import re

# C0 control characters except tab, newline and carriage return, and DEL: invisible, unsafe in
# vCards and headers, and PostgreSQL refuses NUL outright.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    return CONTROL_RE.sub("", text)


def one_line(text: str) -> str:
    """One line, single spaces, no control characters."""
    return re.sub(r"\s+", " ", strip_controls(text)).strip()


def multiline(text: str) -> str:
    """Keep newlines (notes, pitches) but drop other control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_controls(text).strip()


def looks_binary(text: str) -> bool:
    """Control characters or U+FFFD (bytes that weren't text) in it: data, not words."""
    return bool(CONTROL_RE.search(text)) or "\ufffd" in text
