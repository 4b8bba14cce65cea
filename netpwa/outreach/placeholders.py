"""Placeholders in message templates: checking what a person typed, and filling them in.

Hand-written rather than `str.format`: format would raise on `{0}`, `{a.b}` or `{x!r}` and
happily read attributes; we want one clear message per mistake, shown at the field, and a
missing value kept visible as a gap ("[first name]") instead of an error or an empty space.
`{{` and `}}` stand for a literal brace, as in Python.
"""

import re
from dataclasses import dataclass

# The placeholders a template may use, each with the words a gap shows when it has no value.
PLACEHOLDERS = {
    "first_name": "first name",
    "event": "where we met",
    "met_on": "when we met",
    "what_we_talked_about": "what we talked about",
    "my_name": "my name",
    "my_pitch": "my elevator pitch",
    "my_superpowers": "what I can offer",
    "my_goals": "my career goals",
    "what_helped": "what helped",
    "referrer": "who introduced us",
    # Only an intro has a second person: the one being introduced to the reader.
    "other_name": "the other person's name",
    "other_about": "what the other person does",
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True)
class Part:
    """A run of text, or a gap to fill in (value missing)."""

    text: str
    gap: bool = False


def problems(text: str) -> list[str]:
    """What is wrong with a template's placeholders, in words; empty when it is fine."""
    found: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token == "{":
            found.append("A “{” is never closed. Close it with “}”, or write “{{” for a brace.")
        elif token == "}":
            found.append("A “}” has no “{” before it. Remove it, or write “}}” for a brace.")
        else:
            name = match.group(1).strip()
            if name not in PLACEHOLDERS:
                shown = match.group(1)[:40]
                found.append(f"“{{{shown}}}” is not a placeholder we know. Use one of: "
                             + ", ".join("{" + key + "}" for key in PLACEHOLDERS) + ".")
    # One message per kind of mistake is enough to fix it; keep them in order, no repeats.
    return list(dict.fromkeys(found))


def fill(text: str, values: dict[str, str]) -> list[Part]:
    """The template with values filled in; a missing or empty value becomes a gap.

    Assumes `problems(text)` is empty (stored templates were checked); anything odd left in
    is kept as typed rather than lost.
    """
    parts: list[Part] = []
    position = 0

    def literal(chunk: str):
        if not chunk:
            return
        if parts and not parts[-1].gap:
            parts[-1] = Part(parts[-1].text + chunk)
        else:
            parts.append(Part(chunk))

    for match in _TOKEN.finditer(text):
        literal(text[position:match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            literal(token[0])
            continue
        name = (match.group(1) or "").strip()
        if name not in PLACEHOLDERS:
            literal(token)
            continue
        value = (values.get(name) or "").strip()
        if value:
            literal(value)
        else:
            parts.append(Part(PLACEHOLDERS[name], gap=True))
    literal(text[position:])
    return parts


def as_text(parts: list[Part]) -> str:
    """Plain text for copying or an email: a gap reads "[first name]" so it can't be missed."""
    return "".join(f"[{part.text}]" if part.gap else part.text for part in parts)


def gaps(parts: list[Part]) -> list[str]:
    return list(dict.fromkeys(part.text for part in parts if part.gap))
