"""Forgiving name matching: accents, case, punctuation and spacing don't make an answer wrong,
and the given name alone is right ("zoe" for "Zoë Ng")."""

import re
import unicodedata

# A name is at most 200 characters (contacts.name); an answer longer than this is refused
# with a message rather than compared.
MAX_ANSWER = 200

_SPACES = re.compile(r"\s+")
# Letters that NFKD doesn't split into base + accent.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l",
                       "ı": "i", "þ": "th", "ð": "d"})


def fold(text: str) -> str:
    """Lower case, accents off, punctuation (except letters inside names) as spaces, single
    spaces: "  ZOË  O'Neil-Smith " → "zoe oneil smith"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_FOLD)
    text = re.sub(r"['’`]", "", text)
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


def given_name(name: str) -> str:
    """The first word of the name as written ("Zoë" of "Zoë Ng")."""
    words = name.split()
    return words[0] if words else ""


def is_right(answer: str, name: str) -> bool:
    """True when the answer is the whole name or its given name, forgivingly."""
    typed, full = fold(answer), fold(name)
    if not typed or not full:
        return False
    return typed == full or typed == full.split(" ")[0]


def answer_problem(answer: str) -> str | None:
    """A message for an answer that can't be a name, or None."""
    if len(answer) > MAX_ANSWER:
        return (f"That answer is {len(answer):,} characters long; a name is at most "
                f"{MAX_ANSWER}. Type just their name.")
    return None
