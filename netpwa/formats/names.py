"""Given and family names of a one-field name, written once for every reader: name tags
(two lines, sorting), messages (first name), spreadsheet columns and a vCard's N.

Family first for a Chinese, Japanese or Korean name; particles ("van") stay with the family
name that follows them, suffixes ("Jr.") with the one before them.
"""

import unicodedata

# Lower-case words that belong with the family name that follows them ("Ludwig van Beethoven").
PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das",
                       "du", "la", "le", "ter", "ten", "zu", "bin", "ibn", "al", "el", "y"})
# Words after the family name that stay with it ("Martin Luther King Jr.").
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md"})


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xAC00 <= code <= 0xD7A3
            or 0x3040 <= code <= 0x30FF)


def _has_letter(word: str) -> bool:
    return any(char.isalnum() for char in word)


def name_parts(name: str) -> tuple[str, str, str]:
    """(given, family, suffix). "Martin Luther King Jr." -> ("Martin Luther", "King", "Jr.");
    "山田太郎" and "山田 太郎" -> ("太郎", "山田", ""). Words without a letter or digit (an
    emoji after the name) are decoration and left out: the full name keeps them."""
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return given.strip(), family.strip(), ""
    words = name.split(" ") if name else []
    # Trailing emoji and the like are decoration, not a family name.
    decorated = False
    while len(words) > 1 and not _has_letter(words[-1]):
        words.pop()
        decorated = True
    if not words:
        return "", "", ""
    if len(words) == 1:
        word = words[0]
        if len(word) >= 2 and all(is_cjk(char) for char in word):
            return word[1:], word[0], ""
        # "Cher" is a family name on its own; "Ana 🎉" is someone's first name.
        return (word, "", "") if decorated else ("", word, "")
    if all(is_cjk(char) for char in "".join(words)):
        # Written with a space ("山田 太郎"): still family first.
        return " ".join(words[1:]), words[0], ""
    end = len(words)
    while end > 2 and words[end - 1].casefold().rstrip(",") in SUFFIXES:
        end -= 1
    suffix = " ".join(words[end:])
    start = end - 1
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:end]), suffix


def split_name(name: str) -> tuple[str, str]:
    """(given, family), the suffix kept with the family name: "Núñez, José" and "José Núñez"
    both give ("José", "Núñez"); "Martin Luther King Jr." gives ("Martin Luther", "King Jr.")."""
    given, family, suffix = name_parts(name)
    return given, " ".join(part for part in (family, suffix) if part)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def family_sort_key(name: str) -> tuple[str, str, str]:
    """Sort by family name, then given name, ignoring case, accents and particles ("van")."""
    given, family = split_name(name)
    core = " ".join(word for word in family.split(" ") if word not in PARTICLES) or family
    return _fold(core), _fold(given), name
