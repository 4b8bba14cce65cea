"""Password rules: long enough and not guessable, with a message that says why.

zxcvbn estimates how many guesses a password takes (dictionaries of common passwords, names
and words, keyboard patterns, dates, repeats, l33t) and explains a weak one in words.
"""

from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 200
# zxcvbn's cost grows with length and a long password is never the weak one; score its start.
_SCORED_PREFIX = 64
# Score 3: "safely unguessable", about 10^8 guesses, beyond an online attack behind throttles.
MIN_SCORE = 3


def problem(password: str, personal: tuple[str, ...] = ()) -> str | None:
    """Why this password is refused, in words for a person; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    inputs = [part for value in personal if value
              for part in [value, *value.replace("@", " ").replace(".", " ").split()]]
    result = zxcvbn(password[:_SCORED_PREFIX], user_inputs=inputs[:20])
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result.get("feedback") or {}
    why = feedback.get("warning") or "That password is easy to guess."
    if not why.endswith("."):
        why += "."
    return (f"{why} Try a few unrelated words, like a short sentence "
            "only you would write.")
